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
    @Override
    public String format(Report report) {
        StringBuilder sb = new StringBuilder();
        for (Report.Finding f : report.findings()) {
            sb.append(f.path()).append(':').append(f.start().line()).append(':').append(f.start().col());
            if (f.rule() != null) {
                sb.append(' ').append(f.rule().id()).append(" [").append(f.severity()).append("]\n    ")
                        .append(f.message().strip().replace("\n", "\n    "));
            }
            sb.append('\n');
            for (String l : f.lines().split("\r\n|\r|\n", -1)) sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
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
