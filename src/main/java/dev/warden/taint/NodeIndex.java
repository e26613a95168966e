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
    /** The ranges ({@link SpecMatches#key}) of the expressions, then of the statements: sorted, searched. */
    private long[] expressions = new long[256], statements = new long[64];
    private int expressionCount, statementCount;
    final Map<Long, Arg> parameters = new HashMap<>();
    /** Names called as {@code name(...)}, and methods called as {@code self.name(...)}: the calls summaries can serve. */
    final Set<String> calledNames = new HashSet<>();
    final Set<String> calledSelfMethods = new HashSet<>();
    /** Those calls with the called name ("self." first for methods), sorted by start when first asked. */
    private final java.util.List<LocalCall> localCalls = new java.util.ArrayList<>();
    private int[] localCallStarts;

    private record LocalCall(int start, String name) {}

    private NodeIndex(ParseResult file) {
        this.file = file;
        Children.walk(file.module(), n -> {
            if (n instanceof Expr e) {
                if (expressionCount == expressions.length) expressions = java.util.Arrays.copyOf(expressions, expressionCount * 2);
                expressions[expressionCount++] = SpecMatches.key(e);
                if (e instanceof Expr.Call c) localCall(c);
            }
            else if (n instanceof Stmt s) {
                if (statementCount == statements.length) statements = java.util.Arrays.copyOf(statements, statementCount * 2);
                statements[statementCount++] = SpecMatches.key(s);
            }
            else if (n instanceof Arg a) parameters.put(SpecMatches.key(a), a);
        });
        java.util.Arrays.sort(expressions, 0, expressionCount);
        java.util.Arrays.sort(statements, 0, statementCount);
    }

    /** Whether some expression spans exactly this range. */
    boolean isExpression(long range) { return java.util.Arrays.binarySearch(expressions, 0, expressionCount, range) >= 0; }

    private void localCall(Expr.Call c) {
        if (c.func() instanceof Expr.Name n) {
            calledNames.add(n.id());
            localCalls.add(new LocalCall(c.start(), n.id()));
        } else if (c.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Name self && self.id().equals("self")) {
            calledSelfMethods.add(a.attr());
            localCalls.add(new LocalCall(c.start(), "self." + a.attr()));
        }
    }

    /** Whether a call {@code name(...)} or {@code self.name(...)} starting in {@code [start, end)} has a name {@code wanted} accepts. */
    boolean anyLocalCallIn(int start, int end, java.util.function.Predicate<String> wanted) {
        for (int i = firstLocalCallFrom(start); i < localCallStarts.length && localCallStarts[i] < end; i++) {
            if (wanted.test(localCalls.get(i).name())) return true;
        }
        return false;
    }

    /** The names of the calls {@code name(...)} and {@code self.name(...)} starting in {@code [start, end)}, in file order. */
    void forEachLocalCallIn(int start, int end, java.util.function.Consumer<String> action) {
        for (int i = firstLocalCallFrom(start); i < localCallStarts.length && localCallStarts[i] < end; i++) action.accept(localCalls.get(i).name());
    }

    /** The index of the first local call starting at or after {@code start}. */
    private int firstLocalCallFrom(int start) {
        if (localCallStarts == null) {
            localCalls.sort(java.util.Comparator.comparingInt(LocalCall::start));
            int[] starts = new int[localCalls.size()];
            for (int i = 0; i < starts.length; i++) starts[i] = localCalls.get(i).start();
            localCallStarts = starts;
        }
        int i = java.util.Arrays.binarySearch(localCallStarts, start);
        if (i < 0) i = -i - 1;
        while (i > 0 && localCallStarts[i - 1] == start) i--;
        return i;
    }

    static NodeIndex of(ParseResult file) {
        NodeIndex last = LAST.get();
        if (last != null && last.file == file) return last;
        NodeIndex index = new NodeIndex(file);
        LAST.set(index);
        return index;
    }

    /** Whether some expression or statement spans exactly this range. */
    boolean isNode(long range) {
        return isExpression(range) || java.util.Arrays.binarySearch(statements, 0, statementCount, range) >= 0;
    }
}
