package dev.warden.rule;

/** Where something was written in a rule file: the file, 1-based line and column. */
public record Position(String file, int line, int column) {
    @Override
    public String toString() { return file + ":" + line + ":" + column; }
}
