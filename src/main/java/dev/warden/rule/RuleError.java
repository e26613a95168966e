package dev.warden.rule;

/**
 * A problem in a rule file: where (file, 1-based line and column, the column counted in
 * characters), what, and the YAML line it is on (null when there is no such line, e.g. a
 * missing file).
 */
public record RuleError(Position position, String message, String sourceLine) {

    /**
     * {@code FILE:LINE:COL: error: MESSAGE}, then the offending line and a caret under the column
     * (tabs before the column are kept so the caret lines up).
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(position.file()).append(':').append(position.line()).append(':').append(position.column())
                .append(": error: ").append(message);
        if (sourceLine != null) {
            sb.append('\n').append(sourceLine).append('\n');
            int col = Math.max(1, position.column());
            int cp = 0;
            for (int i = 0; i < sourceLine.length() && cp < col - 1; cp++) {
                int c = sourceLine.codePointAt(i);
                sb.append(c == '\t' ? '\t' : ' ');
                i += Character.charCount(c);
            }
            for (; cp < col - 1; cp++) sb.append(' ');
            sb.append('^');
        }
        return sb.toString();
    }

    @Override
    public String toString() { return format(); }
}
