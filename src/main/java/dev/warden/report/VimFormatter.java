package dev.warden.report;

/**
 * One line per finding for Vim's quickfix list ({@code :set errorformat=%f:%l:%c:%t:%m}):
 * {@code path:line:col:E|W|I:rule-id:message}, the message on one line.
 */
public final class VimFormatter implements Formatter {
    @Override
    public String format(Report report) {
        StringBuilder sb = new StringBuilder();
        for (Report.Finding f : report.findings()) {
            sb.append(f.path()).append(':').append(f.start().line()).append(':').append(f.start().col()).append(':')
                    .append(Severity.vimLetter(f.severity())).append(':').append(f.checkId()).append(':')
                    .append(EmacsFormatter.oneLine(f)).append('\n');
        }
        return sb.toString();
    }
}
