package dev.warden.taint;

import dev.warden.python.ParseResult;
import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Stmt;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The byte ranges of a file's expressions and statements (to tell what an exact sink match
 * covers) and its parameters by range. Built once per file and thread, and shared by the taint
 * rules that run on it.
 */
final class NodeIndex {
    private static final ThreadLocal<NodeIndex> LAST = new ThreadLocal<>();

    private final ParseResult file;
    final Set<Long> expressions = new HashSet<>();
    final Set<Long> statements = new HashSet<>();
    final Map<Long, Arg> parameters = new HashMap<>();

    private NodeIndex(ParseResult file) {
        this.file = file;
        Children.walk(file.module(), n -> {
            if (n instanceof Expr e) expressions.add(SpecMatches.key(e));
            else if (n instanceof Stmt s) statements.add(SpecMatches.key(s));
            else if (n instanceof Arg a) parameters.put(SpecMatches.key(a), a);
        });
    }

    static NodeIndex of(ParseResult file) {
        NodeIndex last = LAST.get();
        if (last != null && last.file == file) return last;
        NodeIndex index = new NodeIndex(file);
        LAST.set(index);
        return index;
    }

    boolean isNode(long range) { return expressions.contains(range) || statements.contains(range); }
}
