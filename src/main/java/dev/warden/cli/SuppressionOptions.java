package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.scan.Scanner;
import dev.warden.scan.Suppressions;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code warden scan}'s options for suppression comments ({@code # nosemgrep},
 * {@code # warden: ignore}; see {@link Suppressions}), as a picocli mixin.
 *
 * <p>As Semgrep: findings a comment suppresses are left out of the results; with
 * {@code --disable-nosem} they are reported, and marked {@code "is_ignored": true} in the JSON.
 * {@code --report-unused-suppressions} lists after the scan each suppression comment that
 * suppressed no finding of this run, on stderr ({@code path:line: unused suppression: TEXT}) and,
 * with {@code --json}, as {@code SemgrepWarning} entries of level {@code info} in {@code errors}
 * (the schema has no field of its own for them). Neither changes the exit status.
 */
public final class SuppressionOptions {
    @Option(names = "--disable-nosem",
            description = "Report findings even where a '# nosemgrep' or '# warden: ignore' comment suppresses them.")
    boolean disableNosem;

    @Option(names = "--report-unused-suppressions",
            description = "After the scan, list the suppression comments that suppressed nothing.")
    boolean reportUnused;

    private Suppressions.Log log;

    /** Makes {@code scanner} apply the options (call before the scan); returns it. */
    public Scanner configure(Scanner scanner) {
        log = new Suppressions.Log(disableNosem, reportUnused);
        return scanner.suppressions(log);
    }

    private Suppressions.Log log() { return log == null ? Suppressions.Log.standard() : log; }

    /**
     * Adjusts Semgrep's JSON document {@code doc} for {@code result}: {@code is_ignored} on findings
     * a comment suppressed (kept under {@code --disable-nosem}), unused comments among the errors.
     * Returns {@code doc}.
     */
    public ObjectNode amendJson(ObjectNode doc, Scanner.Result result) {
        Suppressions.Log log = log();
        Set<String> ignored = new HashSet<>();
        for (Scanner.Finding f : result.findings()) {
            if (log.isIgnored(f)) ignored.add(key(f.checkId(), f.path(), f.match().start(), f.match().end()));
        }
        JsonNode results = doc.get("results");
        if (!ignored.isEmpty() && results != null) {
            for (JsonNode m : results) {
                String k = key(m.path("check_id").asText(), m.path("path").asText(),
                        m.path("start").path("offset").asInt(), m.path("end").path("offset").asInt());
                if (ignored.contains(k) && m.get("extra") instanceof ObjectNode extra) extra.put("is_ignored", true);
            }
        }
        if (reportUnused && doc.get("errors") instanceof ArrayNode errors) {
            for (Suppressions.Located u : log.unused()) {
                ObjectNode e = errors.addObject();
                e.put("code", 0);
                e.put("level", "info");
                e.put("type", "SemgrepWarning");
                e.put("message", u.unusedMessage());
                e.put("path", u.path());
                Suppressions.Comment c = u.comment();
                ObjectNode span = e.putArray("spans").addObject();
                span.put("file", u.path());
                span.set("start", position(c.line(), c.column(), c.start()));
                span.set("end", position(c.line(), c.endColumn(), c.end()));
            }
        }
        return doc;
    }

    /** With {@code --report-unused-suppressions}, prints the unused suppression comments. */
    public void printUnused(PrintStream err) {
        if (!reportUnused) return;
        List<Suppressions.Located> unused = log().unused();
        for (Suppressions.Located u : unused) err.println(u.unusedMessage());
    }

    private static String key(String checkId, String path, int start, int end) {
        return checkId + '\0' + path + '\0' + start + '\0' + end;
    }

    private static ObjectNode position(int line, int col, int offset) {
        ObjectNode p = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        p.put("line", line);
        p.put("col", col);
        p.put("offset", offset);
        return p;
    }
}
