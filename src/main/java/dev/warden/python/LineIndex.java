package dev.warden.python;

import java.util.Arrays;

/**
 * Maps byte offsets of a UTF-8 source to CPython positions: 1-based lines and 0-based columns
 * counted in UTF-8 bytes (which is what {@code col_offset} means in CPython's ast).
 */
public final class LineIndex {
    private final int[] lineStarts;

    private LineIndex(int[] lineStarts) { this.lineStarts = lineStarts; }

    /** Lines end at \n, \r\n or a lone \r, as in CPython. */
    public static LineIndex of(byte[] utf8, int length) {
        int[] starts = new int[64];
        int count = 1;
        for (int i = 0; i < length; i++) {
            byte b = utf8[i];
            if (b == '\n' || (b == '\r' && (i + 1 >= length || utf8[i + 1] != '\n'))) {
                if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
                starts[count++] = i + 1;
            }
        }
        return new LineIndex(Arrays.copyOf(starts, count));
    }

    public int lineCount() { return lineStarts.length; }

    /** 1-based line holding the byte at {@code offset}. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 0-based UTF-8 byte column of {@code offset} within its line. */
    public int column(int offset) { return offset - lineStarts[line(offset) - 1]; }

    /** Byte offset where 1-based {@code line} starts. */
    public int lineStart(int line) { return lineStarts[line - 1]; }
}
