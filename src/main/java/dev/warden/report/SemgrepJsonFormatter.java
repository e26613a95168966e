package dev.warden.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.match.Binding;
import dev.warden.python.Source;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Semgrep's CLI JSON document ({@code semgrep_output_v1} {@code cli_output}), on one line. */
public final class SemgrepJsonFormatter implements Formatter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String format(Report report) {
        try {
            return MAPPER.writeValueAsString(toJson(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean carriesErrors() { return true; }

    /** The document as a tree. */
    public static ObjectNode toJson(Report report) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("version", report.version());
        ArrayNode results = doc.putArray("results");
        ArrayNode errors = doc.putArray("errors");
        ArrayNode scanned = doc.putObject("paths").putArray("scanned");
        doc.putArray("interfile_languages_used");
        doc.putArray("skipped_rules");

        // a rule's metadata is the same tree on each of its findings: converted once per rule (nothing edits it later)
        Map<Map<String, Object>, com.fasterxml.jackson.databind.JsonNode> metadataTrees = new java.util.IdentityHashMap<>();
        for (Report.Finding f : report.findings()) metadataTrees.computeIfAbsent(f.metadata(), MAPPER::valueToTree);
        // the findings' own trees are independent: built in parallel, added in order
        List<Report.Finding> findings = report.findings();
        ObjectNode[] matches = new ObjectNode[findings.size()];
        java.util.stream.IntStream.range(0, matches.length).parallel()
                .forEach(i -> matches[i] = match(findings.get(i), metadataTrees.get(findings.get(i).metadata())));
        for (ObjectNode m : matches) results.add(m);
        for (Report.Failure failure : report.failures()) {
            ObjectNode error = errors.addObject();
            error.put("code", Report.ERROR_CODE);
            error.put("level", "error");
            error.put("type", failure.type());
            error.put("message", failure.message());
        }
        for (Targets.Problem p : report.problems()) {
            ObjectNode e = errors.addObject();
            e.put("code", Report.ERROR_CODE);
            e.put("level", "error");
            e.put("type", "SemgrepError");
            e.put("message", p.path() + ": " + p.message());
            e.put("path", p.path());
        }
        for (Scanner.ScanError se : report.errors()) errors.add(error(se));
        for (String s : report.scanned()) scanned.add(s);
        return doc;
    }

    private static ObjectNode match(Report.Finding f, com.fasterxml.jackson.databind.JsonNode metadata) {
        Source src = f.source();
        ObjectNode m = MAPPER.createObjectNode();
        m.put("check_id", f.checkId());
        m.put("path", f.path());
        m.set("start", position(f.start()));
        m.set("end", position(f.end()));
        ObjectNode extra = m.putObject("extra");
        extra.put("message", f.message());
        ObjectNode metavars = extra.putObject("metavars");
        for (Map.Entry<String, Binding> b : f.bindings().entrySet()) {
            Binding v = b.getValue();
            ObjectNode mv = metavars.putObject(b.getKey());
            mv.set("start", position(src, v.start()));
            mv.set("end", position(src, v.end()));
            mv.put("abstract_content", src.text(v.start(), v.end()));
        }
        extra.put("lines", f.lines());
        extra.put("severity", f.severity());
        extra.set("metadata", metadata);
        // Semgrep shows the fix of a `fix:` template here; fix-regex edits are left to --autofix
        if (f.fix() != null && f.rule() != null && f.rule().fix() != null) extra.put("fix", f.fix().replacement());
        if (f.trace() != null) extra.set("dataflow_trace", dataflowTrace(f));
        extra.put("fingerprint", f.fingerprint()); // see dev.warden.scan.Fingerprint
        extra.put("is_ignored", false);
        extra.put("engine_kind", "OSS");
        return m;
    }

    /** Taint findings: where the data came from, the variables it passed through, the sink. */
    private static ObjectNode dataflowTrace(Report.Finding f) {
        ObjectNode trace = MAPPER.createObjectNode();
        dev.warden.match.DataflowTrace t = f.trace();
        trace.set("taint_source", cliLoc(f, t.source().start(), t.source().end()));
        ArrayNode vars = trace.putArray("intermediate_vars");
        for (dev.warden.match.DataflowTrace.Location l : t.intermediates()) {
            ObjectNode v = vars.addObject();
            v.set("location", location(f, l.start(), l.end()));
            v.put("content", f.source().text(l.start(), l.end()));
        }
        trace.set("taint_sink", cliLoc(f, f.startOffset(), f.endOffset()));
        return trace;
    }

    private static ArrayNode cliLoc(Report.Finding f, int start, int end) {
        ArrayNode a = MAPPER.createArrayNode();
        a.add("CliLoc");
        ArrayNode locAndContent = a.addArray();
        locAndContent.add(location(f, start, end));
        locAndContent.add(f.source().text(start, end));
        return a;
    }

    private static ObjectNode location(Report.Finding f, int start, int end) {
        ObjectNode loc = MAPPER.createObjectNode();
        loc.put("path", f.path());
        loc.set("start", position(f.source(), start));
        loc.set("end", position(f.source(), end));
        return loc;
    }

    private static ObjectNode error(Scanner.ScanError se) {
        ObjectNode e = MAPPER.createObjectNode();
        Source src = se.source();
        switch (se.kind()) {
            case LEXICAL, SYNTAX -> {
                e.put("code", 3); // Semgrep's code for a target that does not parse
                e.put("level", "warn");
                if (!se.unparsed().isEmpty() && src != null) {
                    // the parser recovered: Semgrep calls that partial parsing and lists what was skipped
                    ArrayNode type = e.putArray("type");
                    type.add("PartialParsing");
                    ArrayNode locations = type.addArray();
                    for (int[] r : se.unparsed()) {
                        ObjectNode loc = locations.addObject();
                        loc.put("path", se.path());
                        loc.set("start", position(src, r[0]));
                        loc.set("end", position(src, r[1]));
                    }
                } else {
                    e.put("type", se.kind() == Scanner.ErrorKind.LEXICAL ? "Lexical error" : "Syntax error");
                }
                e.put("message", "Syntax error at line " + se.path() + ":" + se.line() + ":\n " + se.message());
            }
            case READ -> {
                e.put("code", Report.ERROR_CODE);
                e.put("level", "error");
                e.put("type", "SemgrepError");
                e.put("message", se.path() + ": " + se.message());
            }
            case INTERNAL -> {
                e.put("code", Report.ERROR_CODE);
                e.put("level", "error");
                e.put("type", "Internal matching error");
                e.put("message", se.path() + ": " + se.message());
            }
            case TIMEOUT -> { // Semgrep's shape for a rule timed out on a file: a warning
                e.put("code", 3);
                e.put("level", "warn");
                e.put("type", "Timeout");
                e.put("message", se.message());
            }
        }
        e.put("path", se.path());
        if (src != null && se.startOffset() >= 0 && se.endOffset() >= se.startOffset() && se.endOffset() <= src.length()) {
            ObjectNode span = e.putArray("spans").addObject();
            span.put("file", se.path());
            span.set("start", position(src, se.startOffset()));
            span.set("end", position(src, se.endOffset()));
        }
        return e;
    }

    private static ObjectNode position(Source src, int offset) { return position(Report.Position.of(src, offset)); }

    private static ObjectNode position(Report.Position p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("line", p.line());
        n.put("col", p.col());
        n.put("offset", p.offset());
        return n;
    }
}
