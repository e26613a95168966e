package dev.warden.report;

import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.util.ArrayList;
import java.util.List;

/**
 * The human-readable output: per finding a line {@code path:line:col} (1-based, the column counted
 * in characters), then for a rule {@code rule-id [SEVERITY]} and the message on the same line and
 * the next, and the matched source lines, indented by four spaces. Errors are not part of it (the
 * command prints {@link #errorLines} to stderr).
 */
public final class TextFormatter implements Formatter {
    private static final String RESET = "\u001b[0m", BOLD = "\u001b[1m", MATCH = "\u001b[1;4m";

    private final boolean colour;

    /** Colour when stdout is a terminal and {@code NO_COLOR} is not set (no-color.org). */
    public TextFormatter() { this(System.console() != null && System.getenv("NO_COLOR") == null); }

    public TextFormatter(boolean colour) { this.colour = colour; }

    @Override
    public String format(Report report) {
        StringBuilder sb = new StringBuilder();
        String file = null;
        for (Report.Finding f : report.findings()) {
            if (colour && !f.path().equals(file)) {
                // on a terminal, findings are grouped under a header per file
                file = f.path();
                sb.append(sb.length() > 0 ? "\n" : "").append(BOLD).append(file).append(RESET).append('\n');
            }
            sb.append(f.path()).append(':').append(f.start().line()).append(':').append(f.start().col());
            if (f.rule() != null) {
                sb.append(' ').append(paint(f.rule().id(), severityColour(f.severity()))).append(" [").append(f.severity()).append("]\n    ")
                        .append(f.message().strip().replace("\n", "\n    "));
            }
            sb.append('\n');
            String[] lines = f.lines().split("\r\n|\r|\n", -1);
            for (int i = 0; i < lines.length; i++) {
                sb.append("    ").append(colour ? highlight(lines[i], i, lines.length, f) : lines[i]).append('\n');
            }
            if (f.trace() != null) sb.append("    ").append(flow(f)).append('\n');
        }
        return sb.toString();
    }

    /** A taint finding's path in one line: {@code taint: source `x` (line 3) -> q (3) -> sql (4)}. */
    private static String flow(Report.Finding f) {
        dev.warden.match.DataflowTrace t = f.trace();
        StringBuilder sb = new StringBuilder("taint: source `");
        String source = f.source().text(t.source().start(), t.source().end()).strip();
        int nl = source.indexOf('\n');
        sb.append(nl < 0 ? source : source.substring(0, nl) + " ...").append("` (line ")
                .append(f.source().lines().line(t.source().start())).append(')');
        for (dev.warden.match.DataflowTrace.Location l : t.intermediates()) {
            sb.append(" -> ").append(f.source().text(l.start(), l.end())).append(" (").append(f.source().lines().line(l.start())).append(')');
        }
        return sb.append(" -> sink").toString();
    }

    /** The matched part of one of a finding's lines, underlined. */
    private static String highlight(String line, int index, int count, Report.Finding f) {
        int from = index == 0 ? Math.min(line.length(), Math.max(0, f.start().col() - 1)) : 0;
        int to = index == count - 1 ? Math.min(line.length(), Math.max(from, f.end().col() - 1)) : line.length();
        if (from >= to) return line;
        return line.substring(0, from) + MATCH + line.substring(from, to) + RESET + line.substring(to);
    }

    private String paint(String text, String code) { return colour ? code + text + RESET : text; }

    private static String severityColour(String severity) {
        switch (severity == null ? "" : severity) {
            case "ERROR": case "HIGH": case "CRITICAL": return "\u001b[1;31m";
            case "WARNING": case "MEDIUM": return "\u001b[1;33m";
            default: return "\u001b[1;34m";
        }
    }

    /** The report's problems and errors, one line each, as the text output prints them on stderr. */
    public static List<String> errorLines(Report report) {
        List<String> out = new ArrayList<>();
        for (Report.Failure f : report.failures()) out.add("error: " + f.message());
        for (Targets.Problem p : report.problems()) out.add("error: " + p.path() + ": " + p.message());
        for (Scanner.ScanError e : report.errors()) out.add(describe(e));
        return out;
    }

    /** {@code warning: PATH:LINE:COL: MESSAGE (the rest of the file was scanned)} or {@code error: PATH: MESSAGE}. */
    public static String describe(Scanner.ScanError e) {
        StringBuilder sb = new StringBuilder(e.kind().isWarning() ? "warning: " : "error: ");
        sb.append(e.path());
        if (e.line() > 0) sb.append(':').append(e.line()).append(':').append(Math.max(1, e.column()));
        sb.append(": ").append(e.message());
        if (e.kind().isWarning() && e.source() != null) sb.append(" (the rest of the file was scanned)"); // null: a binary file, not scanned
        return sb.toString();
    }
}
