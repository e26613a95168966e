package dev.warden.match;

import java.util.Arrays;

/**
 * Byte ranges of which a wanted match must overlap at least one. A rule's {@code pattern-inside}
 * or {@code pattern-not-inside} only matters where it encloses a range the rule has already
 * found, and a further positive pattern where its match encloses or lies within one, so such a
 * pattern need only be tried at nodes overlapping one of those ranges
 * ({@link SemgrepPattern#matches(dev.warden.python.ParseResult, MatchOptions, boolean, Candidates)}).
 */
public final class Candidates {
    private final int[] starts;    // ascending
    private final int[] maxEnds;   // maxEnds[i]: the largest end among the first i + 1 ranges

    private Candidates(int[] starts, int[] maxEnds) {
        this.starts = starts;
        this.maxEnds = maxEnds;
    }

    /** The ranges of some nodes. */
    static Candidates ofNodes(java.util.List<? extends dev.warden.python.ast.Located> nodes) {
        int[] starts = new int[nodes.size()], ends = new int[nodes.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = nodes.get(i).start();
            ends[i] = nodes.get(i).end();
        }
        return of(starts, ends);
    }

    /** The ranges {@code [starts[i], ends[i]]}; ranges with a negative start (no place in the file) are left out. */
    public static Candidates of(int[] starts, int[] ends) {
        int n = 0;
        long[] packed = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] >= 0) packed[n++] = ((long) starts[i] << 32) | (ends[i] & 0xffffffffL);
        }
        packed = Arrays.copyOf(packed, n);
        Arrays.sort(packed);
        int[] s = new int[n], m = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = (int) (packed[i] >>> 32);
            m[i] = Math.max((int) packed[i], i > 0 ? m[i - 1] : Integer.MIN_VALUE);
        }
        return new Candidates(s, m);
    }

    public boolean isEmpty() { return starts.length == 0; }

    /** Whether some candidate overlaps {@code [start, end]} (shares a point with it, bounds included). */
    public boolean anyOverlapping(int start, int end) {
        // the last candidate starting at or before end; an earlier one overlaps iff it ends at or after start
        int i = Arrays.binarySearch(starts, end);
        if (i < 0) i = -i - 2;
        else while (i + 1 < starts.length && starts[i + 1] == end) i++;
        return i >= 0 && maxEnds[i] >= start;
    }
}
