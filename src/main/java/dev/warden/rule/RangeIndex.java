package dev.warden.rule;

import java.util.List;
import java.util.function.Predicate;

/**
 * Ranges sorted by start, each with the greatest end among those starting no later, so that the
 * ranges containing (or overlapping) a given one are found by walking back from the last range
 * that starts early enough only as far as one can still reach it: a negation or an inside over
 * thousands of results then costs far less than comparing every pair.
 */
final class RangeIndex {
    private final List<RuleEngine.Ranged> ranges;
    private final int[] order, starts, maxEnds;

    RangeIndex(List<RuleEngine.Ranged> ranges) {
        this.ranges = ranges;
        int n = ranges.size();
        Integer[] byStart = new Integer[n];
        for (int i = 0; i < n; i++) byStart[i] = i;
        java.util.Arrays.sort(byStart, (x, y) -> Integer.compare(ranges.get(x).start(), ranges.get(y).start()));
        order = new int[n];
        starts = new int[n];
        maxEnds = new int[n];
        for (int i = 0; i < n; i++) {
            RuleEngine.Ranged r = ranges.get(byStart[i]);
            order[i] = byStart[i];
            starts[i] = r.start();
            maxEnds[i] = i == 0 ? r.end() : Math.max(maxEnds[i - 1], r.end());
        }
    }

    /** Whether some range containing {@code [start, end]} (bounds included) satisfies {@code test}. */
    boolean anyContaining(int start, int end, Predicate<RuleEngine.Ranged> test) {
        for (int i = lastStartingAtOrBefore(start); i >= 0 && maxEnds[i] >= end; i--) {
            RuleEngine.Ranged x = ranges.get(order[i]);
            if (x.end() >= end && test.test(x)) return true;
        }
        return false;
    }

    /** The positions (in the list given) of the ranges containing {@code [start, end]}, into {@code out}; how many. */
    int containing(int start, int end, int[] out) {
        int count = 0;
        for (int i = lastStartingAtOrBefore(start); i >= 0 && maxEnds[i] >= end; i--) {
            if (ranges.get(order[i]).end() >= end) out[count++] = order[i];
        }
        return count;
    }

    /** Whether some range sharing more than a point with {@code [start, end)} satisfies {@code test}. */
    boolean anyOverlapping(int start, int end, Predicate<RuleEngine.Ranged> test) {
        for (int i = lastStartingAtOrBefore(end - 1); i >= 0 && maxEnds[i] > start; i--) {
            RuleEngine.Ranged x = ranges.get(order[i]);
            if (x.start() < end && start < x.end() && test.test(x)) return true;
        }
        return false;
    }

    private int lastStartingAtOrBefore(int offset) {
        int lo = 0, hi = starts.length; // the first start after offset
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= offset) lo = mid + 1; else hi = mid;
        }
        return lo - 1;
    }
}
