package dev.warden.report;

/**
 * One line per finding for Emacs' compilation mode:
 * {@code path:line:col:severity(rule-id):message}, the severity in lower case, the message on one
 * line. A {@code -e} pattern's finding has no rule: {@code path:line:col:error:CODE} with the first
 * line of the matched code.
 */
public final class EmacsFormatter implements Formatter {
    @Override
    public String format(Report report) {
        StringBuilder sb = new StringBuilder();
        for (Report.Finding f : report.findings()) {
            String severity = f.severity().toLowerCase(java.util.Locale.ROOT);
            sb.append(f.path()).append(':').append(f.start().line()).append(':').append(f.start().col()).append(':')
                    .append(f.rule() == null ? severity : severity + "(" + f.checkId() + ")").append(':')
                    .append(oneLine(f)).append('\n');
        }
        return sb.toString();
    }

    /** The finding's message on one line, or the first line of its code when it has none. */
    static String oneLine(Report.Finding f) {
        String m = f.message() == null ? "" : f.message().strip();
        if (m.isEmpty()) {
            String code = f.lines().strip();
            int nl = code.indexOf('\n');
            m = nl < 0 ? code : code.substring(0, nl).strip();
        }
        return m.replaceAll("\\s*(\r\n|\r|\n)\\s*", " ");
    }
}
