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
    /** Names called as {@code name(...)}, and methods called as {@code self.name(...)}: the calls summaries can serve. */
    final Set<String> calledNames = new HashSet<>();
    final Set<String> calledSelfMethods = new HashSet<>();
    /** Start offsets of those calls, in walk order, with the called name ("self." first for methods); sorted when first asked. */
    private final java.util.List<Integer> localCallStarts = new java.util.ArrayList<>();
    private final java.util.List<String> localCallNames = new java.util.ArrayList<>();

    private NodeIndex(ParseResult file) {
        this.file = file;
        Children.walk(file.module(), n -> {
            if (n instanceof Expr e) {
                expressions.add(SpecMatches.key(e));
                if (e instanceof Expr.Call c) localCall(c);
            }
            else if (n instanceof Stmt s) statements.add(SpecMatches.key(s));
            else if (n instanceof Arg a) parameters.put(SpecMatches.key(a), a);
        });
    }

    private void localCall(Expr.Call c) {
        if (c.func() instanceof Expr.Name n) {
            calledNames.add(n.id());
            localCallStarts.add(c.start());
            localCallNames.add(n.id());
        } else if (c.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Name self && self.id().equals("self")) {
            calledSelfMethods.add(a.attr());
            localCallStarts.add(c.start());
            localCallNames.add("self." + a.attr());
        }
    }

    /** Whether a call {@code name(...)} or {@code self.name(...)} starting in {@code [start, end)} has a name {@code wanted} accepts. */
    boolean anyLocalCallIn(int start, int end, java.util.function.Predicate<String> wanted) {
        if (sortedCallStarts == null) sortCalls();
        int i = java.util.Arrays.binarySearch(sortedCallStarts, start);
        if (i < 0) i = -i - 1;
        while (i > 0 && sortedCallStarts[i - 1] == start) i--;
        for (; i < sortedCallStarts.length && sortedCallStarts[i] < end; i++) {
            if (wanted.test(sortedCallNames[i])) return true;
        }
        return false;
    }

    private int[] sortedCallStarts;
    private String[] sortedCallNames;

    private void sortCalls() {
        Integer[] order = new Integer[localCallStarts.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(localCallStarts::get));
        int[] starts = new int[order.length];
        String[] names = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            starts[i] = localCallStarts.get(order[i]);
            names[i] = localCallNames.get(order[i]);
        }
        sortedCallNames = names;
        sortedCallStarts = starts;
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
