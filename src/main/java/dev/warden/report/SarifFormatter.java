package dev.warden.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.fix.Fixes;
import dev.warden.python.Source;
import dev.warden.rule.Rule;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SARIF 2.1.0 log with one run, in the shape GitHub code scanning accepts: the rules as
 * {@code tool.driver.rules} (descriptions, help, default level, tags with CWE and OWASP entries and
 * GitHub's {@code security-severity}), one result per finding (location relative to
 * {@code %SRCROOT%}, the working directory; columns counted in code points, as
 * {@code columnKind} says; the finding's fingerprint as {@code primaryLocationLineHash}, which
 * survives line shifts; the fix),
 * and the scan's errors as tool execution notifications.
 */
public final class SarifFormatter implements Formatter {
    /** Where users learn about the tool ({@code tool.driver.informationUri}): Warden's repository, when the build knew it. */
    private static final String INFORMATION_URI = RepositoryUrl.ofBuild();
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String SRCROOT = "%SRCROOT%";

    /** GitHub keeps 10 tags per rule. */
    private static final int MAX_TAGS = 10;
    /** GitHub's limit for descriptions. */
    private static final int MAX_DESCRIPTION = 1024;
    private static final Pattern CWE = Pattern.compile("(?i)\\bCWE-(\\d+)");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String format(Report report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toSarif(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean carriesErrors() { return true; }

    /** The log as a tree. */
    public static ObjectNode toSarif(Report report) { return toSarif(report, INFORMATION_URI); }

    /** The log as a tree, with {@code informationUri} as the tool's address (left out when null: it is optional). */
    static ObjectNode toSarif(Report report, String informationUri) {
        ObjectNode log = MAPPER.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Warden");
        driver.put("version", report.version());
        driver.put("semanticVersion", report.version());
        if (informationUri != null) driver.put("informationUri", informationUri);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Rule r : report.rules().values()) {
            ruleIndex.put(r.id(), ruleIndex.size());
            rules.add(descriptor(r.id(), r));
        }
        for (Report.Finding f : report.findings()) { // a -e pattern's check, which is no rule
            if (!ruleIndex.containsKey(f.checkId())) {
                ruleIndex.put(f.checkId(), ruleIndex.size());
                rules.add(descriptor(f.checkId(), f.rule()));
            }
        }

        if (report.root() != null) {
            run.putObject("originalUriBaseIds").putObject(SRCROOT).put("uri", directoryUri(report.root()));
        }

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", !report.hasFatalErrors());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        for (Report.Failure failure : report.failures()) {
            ObjectNode n = notifications.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", failure.message());
            n.putObject("descriptor").put("id", failure.type());
        }
        for (Targets.Problem p : report.problems()) {
            ObjectNode n = notifications.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", p.path() + ": " + p.message());
            n.putObject("descriptor").put("id", "target-error");
            n.putArray("locations").addObject().putObject("physicalLocation")
                    .set("artifactLocation", artifactLocation(report, p.path()));
        }
        for (Scanner.ScanError e : report.errors()) notifications.add(notification(report, e));

        ArrayNode results = run.putArray("results");
        for (Report.Finding f : report.findings()) {
            ObjectNode r = results.addObject();
            r.put("ruleId", f.checkId());
            r.put("ruleIndex", ruleIndex.get(f.checkId()));
            r.put("level", Severity.sarifLevel(f.severity()));
            r.putObject("message").put("text", resultMessage(f));
            ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
            physical.set("artifactLocation", artifactLocation(report, f.path()));
            ObjectNode region = region(f.start(), f.end());
            region.putObject("snippet").put("text", f.code());
            physical.set("region", region);
            // Warden's fingerprint (rule id, matched code with whitespace normalized, occurrence index;
            // no line numbers): GitHub tracks alerts by it across line shifts
            r.putObject("partialFingerprints").put("primaryLocationLineHash", f.fingerprint());
            if (f.fix() != null) r.set("fixes", fixes(report, f));
            if (f.trace() != null) r.set("codeFlows", codeFlows(report, f));
        }
        run.put("columnKind", "unicodeCodePoints");
        return log;
    }

    // ---------------------------------------------------------------- rules

    private static ObjectNode descriptor(String id, Rule rule) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("id", id);
        d.put("name", id);
        String message = rule == null || rule.message() == null ? "" : rule.message().strip();
        Map<String, Object> md = rule == null || rule.metadata() == null ? Map.of() : rule.metadata();
        String severity = rule == null ? "ERROR" : rule.severity();

        String full = md.get("description") instanceof String s && !s.isBlank() ? s.strip() : message;
        if (full.isEmpty()) full = rule == null ? "Matches of the pattern given on the command line." : "Warden rule " + id + ".";
        String shortText = md.get("shortDescription") instanceof String s && !s.isBlank() ? s.strip() : firstLine(full);
        d.putObject("shortDescription").put("text", cap(shortText));
        d.putObject("fullDescription").put("text", cap(full));

        List<String> references = strings(md.get("references"));
        StringBuilder text = new StringBuilder(full);
        StringBuilder markdown = new StringBuilder(full);
        List<String> cwes = strings(md.get("cwe")), owasp = strings(md.get("owasp"));
        if (!cwes.isEmpty() || !owasp.isEmpty()) {
            text.append("\n");
            markdown.append("\n");
            for (String c : cwes) { text.append("\n").append(c); markdown.append("\n- ").append(escapeMarkdown(c)); }
            for (String o : owasp) { text.append("\n").append(owaspTag(o)); markdown.append("\n- ").append(escapeMarkdown(owaspTag(o))); }
        }
        if (!references.isEmpty()) {
            text.append("\n\nReferences:");
            markdown.append("\n\n#### References");
            for (String ref : references) {
                text.append("\n - ").append(ref);
                markdown.append("\n- [").append(escapeMarkdown(ref)).append("](").append(ref).append(')');
            }
        }
        ObjectNode help = d.putObject("help");
        help.put("text", text.toString());
        help.put("markdown", markdown.toString());
        d.putObject("defaultConfiguration").put("level", Severity.sarifLevel(severity));

        ObjectNode props = d.putObject("properties");
        String securitySeverity = Severity.securitySeverity(severity, md);
        Set<String> tags = new LinkedHashSet<>();
        if (securitySeverity != null) tags.add("security");
        if (md.get("category") instanceof String c && !c.isBlank()) tags.add(c.strip().toLowerCase(Locale.ROOT));
        for (String c : cwes) {
            Matcher m = CWE.matcher(c);
            if (m.find()) tags.add("external/cwe/cwe-" + String.format(Locale.ROOT, "%03d", Integer.parseInt(m.group(1))));
        }
        for (String c : cwes) tags.add(c);
        for (String o : owasp) tags.add(owaspTag(o));
        ArrayNode tagArray = props.putArray("tags");
        tags.stream().limit(MAX_TAGS).forEach(tagArray::add);
        String precision = precision(md.get("confidence"));
        if (precision != null) props.put("precision", precision);
        if (securitySeverity != null) props.put("security-severity", securitySeverity);
        return d;
    }

    private static String owaspTag(String o) {
        return o.regionMatches(true, 0, "OWASP", 0, 5) ? o : "OWASP-" + o;
    }

    private static String precision(Object confidence) {
        if (confidence == null) return null;
        return switch (String.valueOf(confidence).toUpperCase(Locale.ROOT)) {
            case "HIGH" -> "high";
            case "MEDIUM" -> "medium";
            case "LOW" -> "low";
            default -> null;
        };
    }

    /** A metadata value as a list of strings: a string, or the strings of a list. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            if (!s.isBlank()) out.add(s.strip());
        } else if (value instanceof List<?> list) {
            for (Object o : list) if (o != null && !String.valueOf(o).isBlank()) out.add(String.valueOf(o).strip());
        }
        return out;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String cap(String s) {
        if (s.length() <= MAX_DESCRIPTION) return s;
        return s.substring(0, MAX_DESCRIPTION - 3) + "...";
    }

    private static String escapeMarkdown(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("*", "\\*").replace("_", "\\_");
    }

    // ---------------------------------------------------------------- results

    private static String resultMessage(Report.Finding f) {
        String m = f.message() == null ? "" : f.message().strip();
        if (!m.isEmpty()) return m;
        return "Match of " + (f.rule() == null ? "the pattern" : "rule " + f.checkId()) + ": " + firstLine(f.code());
    }

    private static ObjectNode region(Report.Position start, Report.Position end) {
        ObjectNode region = MAPPER.createObjectNode();
        region.put("startLine", start.line());
        region.put("startColumn", start.col());
        region.put("endLine", end.line());
        region.put("endColumn", end.col());
        return region;
    }

    /** A taint finding's path: the source, the variables the data was stored in, the sink. */
    private static ArrayNode codeFlows(Report report, Report.Finding f) {
        ArrayNode flows = MAPPER.createArrayNode();
        ArrayNode locations = flows.addObject().putArray("threadFlows").addObject().putArray("locations");
        dev.warden.match.DataflowTrace t = f.trace();
        flowStep(locations, report, f, t.source().start(), t.source().end(), "Source");
        for (dev.warden.match.DataflowTrace.Location l : t.intermediates()) {
            flowStep(locations, report, f, l.start(), l.end(), "Propagator: " + f.source().text(l.start(), l.end()));
        }
        flowStep(locations, report, f, f.startOffset(), f.endOffset(), "Sink");
        return flows;
    }

    private static void flowStep(ArrayNode locations, Report report, Report.Finding f, int start, int end, String what) {
        ObjectNode location = locations.addObject().putObject("location");
        ObjectNode physical = location.putObject("physicalLocation");
        physical.set("artifactLocation", artifactLocation(report, f.path()));
        ObjectNode region = region(Report.Position.of(f.source(), start), Report.Position.of(f.source(), end));
        region.putObject("snippet").put("text", f.source().text(start, end));
        physical.set("region", region);
        location.putObject("message").put("text", what);
    }

    private static ArrayNode fixes(Report report, Report.Finding f) {
        Fixes.Edit edit = f.fix();
        Source src = f.source();
        ArrayNode fixes = MAPPER.createArrayNode();
        ObjectNode fix = fixes.addObject();
        fix.putObject("description").put("text", "Replace with: " + edit.replacement());
        ObjectNode change = fix.putArray("artifactChanges").addObject();
        change.set("artifactLocation", artifactLocation(report, f.path()));
        ObjectNode replacement = change.putArray("replacements").addObject();
        replacement.set("deletedRegion", region(Report.Position.of(src, edit.start()), Report.Position.of(src, edit.end())));
        replacement.putObject("insertedContent").put("text", edit.replacement());
        return fixes;
    }

    private static ObjectNode notification(Report report, Scanner.ScanError e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("level", e.kind().isWarning() ? "warning" : "error");
        String text = e.message();
        if (e.kind().isWarning() && e.source() != null) text += " (the rest of the file was scanned)";
        n.putObject("message").put("text", text);
        n.putObject("descriptor").put("id", switch (e.kind()) {
            case LEXICAL -> "lexical-error";
            case SYNTAX -> "syntax-error";
            case READ -> "read-error";
            case INTERNAL -> "internal-error";
            case TIMEOUT -> "timeout";
        });
        ObjectNode physical = n.putArray("locations").addObject().putObject("physicalLocation");
        physical.set("artifactLocation", artifactLocation(report, e.path()));
        if (e.line() > 0) {
            ObjectNode region = physical.putObject("region");
            region.put("startLine", e.line());
            region.put("startColumn", Math.max(1, e.column()));
        }
        return n;
    }

    // ---------------------------------------------------------------- locations

    /** {@code uri} relative to {@code %SRCROOT%} when the file is under the root, else an absolute file URI. */
    static ObjectNode artifactLocation(Report report, String path) {
        ObjectNode loc = MAPPER.createObjectNode();
        String rel = report.relativePath(path);
        if (rel != null) {
            loc.put("uri", relativeUri(rel));
            loc.put("uriBaseId", SRCROOT);
        } else {
            loc.put("uri", Path.of(path).toAbsolutePath().normalize().toUri().toASCIIString());
        }
        return loc;
    }

    static String relativeUri(String relativePath) {
        String p = relativePath;
        int colon = p.indexOf(':'), slash = p.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) p = "./" + p; // not a scheme
        try {
            return new URI(null, null, p, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String directoryUri(Path root) {
        String uri = root.toAbsolutePath().normalize().toUri().toASCIIString();
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
