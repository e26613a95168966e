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
    private byte[] kinds = new byte[256];
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int count;
    private int[] comments = new int[16]; // pairs of start, end
    private int commentCount;
    private final List<PySyntaxError> errors;
    private int longestStringRun = -1; // computed on first use

    public Tokens(Source source, List<PySyntaxError> errors) {
        this.source = source;
        this.errors = errors;
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
     * The most string literals written one after another anywhere in the file (as
     * {@link #stringLiteralsWithin} counts them): no expression is written as more, so a file
     * where this is 1 holds no implicit concatenation at all.
     */
    public int longestStringRun() {
        if (longestStringRun >= 0) return longestStringRun;
        int longest = 0, run = 0, depth = 0;
        for (int i = 0; i < count; i++) {
            TokenKind kind = KINDS[kinds[i]];
            if (depth > 0) { // inside an f-string: its parts and fields are not literals of the run
                if (kind == TokenKind.FSTRING_START) depth++;
                else if (kind == TokenKind.FSTRING_END) depth--;
                continue;
            }
            if (kind == TokenKind.STRING) {
                run++;
            } else if (kind == TokenKind.FSTRING_START) {
                run++;
                depth = 1;
            } else {
                run = 0;
            }
            longest = Math.max(longest, run);
        }
        return longestStringRun = longest;
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
