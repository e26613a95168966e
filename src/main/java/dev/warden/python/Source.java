package dev.warden.python;

/**
 * A Python source file decoded (BOM, PEP 263 coding cookie) and held as UTF-8 bytes, the form
 * CPython's tokenizer works on; every offset in tokens and AST nodes indexes {@link #bytes}.
 */
public final class Source {
    private final String path;
    private final byte[] bytes;
    private final int length;
    private final LineIndex lines;

    public Source(String path, byte[] utf8, int length) {
        this.path = path;
        this.bytes = utf8;
        this.length = length;
        this.lines = LineIndex.of(utf8, length);
    }

    public String path() { return path; }

    /** UTF-8 bytes; only the first {@link #length()} are source. */
    public byte[] bytes() { return bytes; }

    public int length() { return length; }

    public LineIndex lines() { return lines; }

    /** The full position of a node (or any byte range) in this source. */
    public Span span(dev.warden.python.ast.Located node) { return span(node.start(), node.end()); }

    public Span span(int start, int end) {
        int startLine = lines.line(start), endLine = lines.line(end);
        return new Span(startLine, start - lines.lineStart(startLine), endLine, end - lines.lineStart(endLine), start, end);
    }

    /** Whether the bytes from {@code start} to {@code end} are {@code text}'s characters, one byte each (ASCII text). */
    public boolean spells(int start, int end, String text) {
        if (start < 0 || end > length || end - start != text.length()) return false;
        for (int i = 0; i < text.length(); i++) if (bytes[start + i] != text.charAt(i)) return false;
        return true;
    }

    /** The source text between two byte offsets. */
    public String text(int start, int end) {
        return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }
}
