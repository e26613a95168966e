package dev.warden.pattern;

/** A pattern that does not parse, with the 1-based line and column of the problem inside the pattern. */
public final class PatternException extends Exception {
    private final int line;
    private final int column;

    public PatternException(String message, int line, int column) {
        super(message + " (pattern line " + line + ", column " + column + ")");
        this.line = line;
        this.column = column;
    }

    public int line() { return line; }

    public int column() { return column; }
}
