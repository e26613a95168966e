package dev.warden.python;

/**
 * A syntax error as CPython reports it: the exception type ({@code SyntaxError},
 * {@code IndentationError}, {@code TabError}), its message, and where it points (1-based line,
 * 1-based column as in CPython's {@code SyntaxError.offset}, counted in characters).
 * {@code startOffset}/{@code endOffset} are the UTF-8 byte range it covers in the source.
 */
public record PySyntaxError(String type, String message, int line, int column, int startOffset, int endOffset) {
    public PySyntaxError {
        if (type == null) type = "SyntaxError";
    }

    /** {@code SyntaxError: MESSAGE (FILE, line L, column C)}. */
    public String format(String file) {
        return type + ": " + message + " (" + file + ", line " + line + ", column " + column + ")";
    }
}
