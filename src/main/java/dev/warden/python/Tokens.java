package dev.warden.python;

import java.util.Arrays;
import java.util.List;

/**
 * The token stream of one source, stored column-wise (kind, start, end) so that lexing a file
 * allocates a few arrays rather than one object per token. Offsets are UTF-8 byte offsets into
 * {@link Source#bytes()}. Comments are kept beside the stream (rule tests and suppression
 * comments need them); non-logical newlines are not tokens at all.
 */
public final class Tokens {
    private static final TokenKind[] KINDS = TokenKind.values();

    private final Source source;
    private byte[] kinds;
    private int[] starts;
    private int[] ends;
    private int count;
    private int[] comments = new int[16]; // pairs of start, end
    private int commentCount;
    private final List<PySyntaxError> errors;
    private int longestStringRun;

    public Tokens(Source source, List<PySyntaxError> errors) {
        this.source = source;
        this.errors = errors;
        // about one token per 4 bytes of code; patterns (thousands at start-up) are short
        int capacity = Math.max(16, Math.min(256, source.length() / 4));
        this.kinds = new byte[capacity];
        this.starts = new int[capacity];
        this.ends = new int[capacity];
    }

    public void add(TokenKind kind, int start, int end) {
        if (count == kinds.length) {
            int n = count * 2;
            kinds = Arrays.copyOf(kinds, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        kinds[count] = (byte) kind.ordinal();
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    public void addComment(int start, int end) {
        if (commentCount * 2 == comments.length) comments = Arrays.copyOf(comments, comments.length * 2);
        comments[commentCount * 2] = start;
        comments[commentCount * 2 + 1] = end;
        commentCount++;
    }

    public Source source() { return source; }

    /**
     * How many string literals are written from {@code start} up to {@code end} (an f-string,
     * with any f-strings nested in it, counts once): 2 or more for an implicit concatenation
     * ({@code "a" "b"}, {@code "a" f"{b}"}).
     */
    public int stringLiteralsWithin(int start, int end) {
        int lo = 0, hi = count;
        while (lo < hi) { // the first token starting at or after start
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < start) lo = mid + 1; else hi = mid;
        }
        int n = 0, depth = 0;
        for (int i = lo; i < count && starts[i] < end; i++) {
            TokenKind kind = KINDS[kinds[i]];
            if (kind == TokenKind.FSTRING_START) {
                if (depth++ == 0) n++;
            } else if (kind == TokenKind.FSTRING_END) {
                depth--;
            } else if (kind == TokenKind.STRING && depth == 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The most string literals written one after another anywhere in the file, inside f-string
     * fields too (as {@link #stringLiteralsWithin} counts them): no string expression is written
     * as more, so a file where this is 1 holds no implicit concatenation at all.
     */
    public int longestStringRun() {
        if (runStarts == null) findStringRuns();
        return longestStringRun;
    }

    /**
     * Whether {@code offset} lies inside a run of two or more string literals: a string
     * expression starting elsewhere is written as one literal.
     */
    public boolean inStringRun(int offset) {
        if (runStarts == null) findStringRuns();
        int lo = 0, hi = runStarts.length; // the runs starting at or before offset: [0, lo)
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (runStarts[mid] <= offset) lo = mid + 1; else hi = mid;
        }
        return lo > 0 && runEndsSoFar[lo - 1] > offset;
    }

    /** The runs of 2 or more literals (at any f-string depth) by start, and the furthest end among each prefix. */
    private int[] runStarts, runEndsSoFar;

    private static final byte STRING = (byte) TokenKind.STRING.ordinal(), FSTRING_START = (byte) TokenKind.FSTRING_START.ordinal(),
            FSTRING_END = (byte) TokenKind.FSTRING_END.ordinal();

    private void findStringRuns() {
        int[] outer = new int[12]; // per enclosing f-string: its run's length, start and end at the depth outside it
        long[] found = new long[8]; // start << 32 | end
        int depth = 0, longest = 0, n = 0;
        int run = 0, runStart = 0, runEnd = 0; // the open run at the current depth
        for (int i = 0; i < count; i++) {
            byte kind = kinds[i];
            if (kind == STRING || kind == FSTRING_START) { // an f-string counts once, at its start
                if (run++ == 0) runStart = starts[i];
                runEnd = ends[i];
                longest = Math.max(longest, run);
                if (kind == STRING) continue;
                if (3 * depth + 3 > outer.length) outer = Arrays.copyOf(outer, outer.length * 2);
                outer[3 * depth] = run;
                outer[3 * depth + 1] = runStart;
                outer[3 * depth + 2] = runEnd;
                depth++;
                run = 0;
                continue;
            }
            if (run != 0) { // the run at this depth ends here (at an f-string's end, so do those inside it)
                if (run >= 2) {
                    if (n == found.length) found = Arrays.copyOf(found, n * 2);
                    found[n++] = (long) runStart << 32 | runEnd;
                }
                run = 0;
            }
            if (kind == FSTRING_END && depth > 0) { // back to the run the f-string belongs to
                depth--;
                run = outer[3 * depth];
                runStart = outer[3 * depth + 1];
                runEnd = ends[i];
            }
        }
        while (true) { // unclosed at the end (a file ending in a string, or an error)
            if (run >= 2) {
                if (n == found.length) found = Arrays.copyOf(found, n * 2);
                found[n++] = (long) runStart << 32 | runEnd;
            }
            if (depth == 0) break;
            depth--;
            run = outer[3 * depth];
            runStart = outer[3 * depth + 1];
            runEnd = outer[3 * depth + 2];
        }
        Arrays.sort(found, 0, n);
        int[] at = new int[n], endsSoFar = new int[n];
        for (int k = 0; k < n; k++) {
            at[k] = (int) (found[k] >>> 32);
            endsSoFar[k] = Math.max(k > 0 ? endsSoFar[k - 1] : 0, (int) found[k]);
        }
        runEndsSoFar = endsSoFar;
        longestStringRun = longest;
        runStarts = at;
    }

    public int size() { return count; }

    public TokenKind kind(int i) { return KINDS[kinds[i]]; }

    public int start(int i) { return starts[i]; }

    public int end(int i) { return ends[i]; }

    public String text(int i) { return source.text(starts[i], ends[i]); }

    public int commentCount() { return commentCount; }

    public int commentStart(int i) { return comments[i * 2]; }

    public int commentEnd(int i) { return comments[i * 2 + 1]; }

    /** Lexical errors (bad indentation, unterminated strings, invalid characters), in source order. */
    public List<PySyntaxError> errors() { return errors; }
}
