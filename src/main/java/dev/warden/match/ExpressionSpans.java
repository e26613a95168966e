package dev.warden.match;

import dev.warden.python.ast.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file's expressions sorted by where they start, each with the innermost expression enclosing
 * it, so that the few overlapping some ranges are found without visiting the rest: those that
 * start inside a range, and those that enclose its start (the enclosing chain of the last one
 * starting before it). That a pattern restricted to a handful of {@link Candidates} (the regions
 * of a {@code pattern-inside}) need not look at every expression of a big file.
 *
 * <p>Relies on expression ranges nesting (any two are nested or disjoint). CPython's positions
 * nest except in f-strings with a self-documenting field ({@code f"with {family=} found"}, whose
 * literal part, "with family=", has a range that runs over the field; 8 of the 1,657
 * standard-library files):
 * a file where they do not is answered with null, and the caller looks at everything.
 */
final class ExpressionSpans {
    private final List<Expr> expressions; // preorder (FileFacts.expressions())
    private final int[] order;            // preorder indexes, sorted by start (ties: preorder, so enclosing first)
    private final int[] starts, ends;     // by sorted position
    private final int[] parent;           // sorted position of the innermost enclosing expression, -1: none
    private final boolean nested;

    ExpressionSpans(List<Expr> expressions) {
        this.expressions = expressions;
        int n = expressions.size();
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) packed[i] = ((long) expressions.get(i).start() << 32) | i;
        Arrays.sort(packed);
        order = new int[n];
        starts = new int[n];
        ends = new int[n];
        parent = new int[n];
        int[] stack = new int[n];
        int depth = 0;
        boolean ok = true;
        for (int k = 0; k < n; k++) {
            order[k] = (int) packed[k];
            Expr e = expressions.get(order[k]);
            starts[k] = e.start();
            ends[k] = e.end();
            while (depth > 0 && !encloses(stack[depth - 1], k) && ends[stack[depth - 1]] <= starts[k]) depth--; // ended before k
            if (depth > 0 && !encloses(stack[depth - 1], k)) ok = false; // overlaps k without enclosing it
            parent[k] = depth > 0 ? stack[depth - 1] : -1;
            stack[depth++] = k;
        }
        nested = ok;
    }

    private boolean encloses(int outer, int inner) { return starts[outer] <= starts[inner] && ends[inner] <= ends[outer]; }

    /**
     * The expressions that overlap one of the candidates (sharing a point with it, bounds
     * included, as {@link Candidates#anyOverlapping}), in preorder; null when the file's ranges do
     * not nest.
     */
    List<Expr> overlapping(Candidates candidates) {
        if (!nested) return null;
        int[][] found = {new int[16]};
        int[] count = {0};
        java.util.function.IntConsumer add = k -> {
            if (count[0] == found[0].length) found[0] = Arrays.copyOf(found[0], count[0] * 2);
            found[0][count[0]++] = order[k];
        };
        candidates.forEachUnion((from, to) -> {
            int lo = firstStartingAtOrAfter(from), hi = firstStartingAtOrAfter(to + 1);
            for (int k = lo; k < hi; k++) add.accept(k);
            // those starting before: the chain enclosing the last one that does, from where it reaches `from`
            for (int k = lo - 1; k >= 0; k = parent[k]) if (ends[k] >= from) add.accept(k);
        });
        int[] preorder = Arrays.copyOf(found[0], count[0]);
        Arrays.sort(preorder); // an enclosing chain can be reached from several ranges: once each
        List<Expr> out = new ArrayList<>(preorder.length);
        for (int i = 0; i < preorder.length; i++) {
            if (i == 0 || preorder[i] != preorder[i - 1]) out.add(expressions.get(preorder[i]));
        }
        return out;
    }

    private int firstStartingAtOrAfter(int offset) {
        int lo = 0, hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < offset) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
