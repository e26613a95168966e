package dev.warden.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitLab's SAST report (security report schema v15): one vulnerability per finding (a stable id,
 * category {@code sast}, name, message, description, cve, severity, scanner, file location and
 * identifiers: the rule as {@code semgrep_id}, then its CWE and OWASP entries) and a {@code scan}
 * section (analyzer, scanner, times, status, and the scan's errors as messages).
 */
public final class GitlabSastFormatter implements Formatter {
    public static final String SCHEMA_VERSION = "15.0.7";
    private static final Pattern CWE = Pattern.compile("(?i)\\bCWE-(\\d+)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String format(Report report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean carriesErrors() { return true; }

    public static ObjectNode toJson(Report report) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("version", SCHEMA_VERSION);
        ArrayNode vulnerabilities = doc.putArray("vulnerabilities");
        for (Report.Finding f : report.findings()) vulnerabilities.add(vulnerability(report, f, f.fingerprint()));

        ObjectNode scan = doc.putObject("scan");
        tool(scan.putObject("analyzer"), report);
        tool(scan.putObject("scanner"), report);
        scan.put("type", "sast");
        scan.put("start_time", time(report.started()));
        scan.put("end_time", time(report.ended()));
        scan.put("status", report.hasFatalErrors() ? "failure" : "success");
        ArrayNode messages = scan.putArray("messages");
        for (Report.Failure f : report.failures()) message(messages, "fatal", f.message());
        for (Targets.Problem p : report.problems()) message(messages, "fatal", p.path() + ": " + p.message());
        for (Scanner.ScanError e : report.errors()) {
            message(messages, e.kind().isWarning() ? "warn" : "fatal", TextFormatter.describe(e).replaceFirst("^(warning|error): ", ""));
        }
        return doc;
    }

    private static ObjectNode vulnerability(Report report, Report.Finding f, String fingerprint) {
        ObjectNode v = MAPPER.createObjectNode();
        String file = report.relativePath(f.path());
        if (file == null) file = f.path();
        v.put("id", UUID.nameUUIDFromBytes((file + '\0' + f.checkId() + '\0' + fingerprint).getBytes(StandardCharsets.UTF_8)).toString());
        v.put("category", "sast");
        String message = EmacsFormatter.oneLine(f);
        String name = f.metadata().get("shortDescription") instanceof String s && !s.isBlank() ? s.strip() : message;
        v.put("name", name.length() > 255 ? name.substring(0, 252) + "..." : name);
        v.put("message", message);
        String description = f.message() == null || f.message().isBlank() ? message : f.message().strip();
        v.put("description", description);
        v.put("cve", "semgrep_id:" + f.checkId() + ":" + fingerprint);
        v.put("severity", Severity.gitlab(f.severity(), f.metadata()));
        ObjectNode scanner = v.putObject("scanner");
        scanner.put("id", "warden");
        scanner.put("name", "Warden");
        if (f.fix() != null) v.put("solution", "Replace with: " + f.fix().replacement());
        ObjectNode location = v.putObject("location");
        location.put("file", file);
        location.put("start_line", f.start().line());
        location.put("end_line", f.end().line());
        ArrayNode identifiers = v.putArray("identifiers");
        ObjectNode id = identifiers.addObject();
        id.put("type", "semgrep_id");
        id.put("name", f.checkId());
        id.put("value", f.checkId());
        for (String cwe : SarifFormatter.strings(f.metadata().get("cwe"))) {
            Matcher m = CWE.matcher(cwe);
            if (!m.find()) continue;
            ObjectNode c = identifiers.addObject();
            c.put("type", "cwe");
            c.put("name", "CWE-" + m.group(1));
            c.put("value", m.group(1));
            c.put("url", "https://cwe.mitre.org/data/definitions/" + m.group(1) + ".html");
        }
        for (String owasp : SarifFormatter.strings(f.metadata().get("owasp"))) {
            ObjectNode o = identifiers.addObject();
            o.put("type", "owasp");
            o.put("name", owasp);
            o.put("value", owasp.split("\\s+-\\s+|\\s", 2)[0]);
        }
        return v;
    }

    private static void tool(ObjectNode node, Report report) {
        node.put("id", "warden");
        node.put("name", "Warden");
        node.put("version", report.version());
        node.putObject("vendor").put("name", "Warden");
    }

    private static void message(ArrayNode messages, String level, String value) {
        ObjectNode m = messages.addObject();
        m.put("level", level);
        m.put("value", value);
    }

    private static String time(Instant t) { return TIME.format(t.truncatedTo(ChronoUnit.SECONDS)); }

}
