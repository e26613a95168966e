package dev.warden.match;

import java.util.Arrays;

/**
 * Byte ranges of which a wanted match must enclose at least one. A rule's {@code pattern-inside}
 * or {@code pattern-not-inside} only matters where it encloses a range the rule has already
 * found, so its pattern need only be tried at nodes that enclose one of those ranges
 * ({@link SemgrepPattern#matches(dev.warden.python.ParseResult, MatchOptions, boolean, Candidates)}).
 */
public final class Candidates {
    private final int[] starts; // ascending
    private final int[] ends;   // ends[i] belongs to starts[i]

    private Candidates(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
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
        int[] s = new int[n], e = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = (int) (packed[i] >>> 32);
            e[i] = (int) packed[i];
        }
        return new Candidates(s, e);
    }

    public boolean isEmpty() { return starts.length == 0; }

    /** Whether some candidate lies within {@code [start, end]}. */
    public boolean anyWithin(int start, int end) {
        int i = Arrays.binarySearch(starts, start);
        if (i < 0) i = -i - 1;
        else while (i > 0 && starts[i - 1] == start) i--;
        for (; i < starts.length && starts[i] <= end; i++) {
            if (ends[i] <= end) return true;
        }
        return false;
    }
}
