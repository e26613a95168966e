package dev.warden.report;

import static dev.warden.report.ReportTestSupport.assertValid;
import static dev.warden.report.ReportTestSupport.run;
import static dev.warden.report.ReportTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A taint finding's path in the outputs: Semgrep's {@code dataflow_trace} and SARIF {@code codeFlows}. */
class TaintOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = """
            rules:
              - id: sqli
                mode: taint
                languages: [python]
                severity: ERROR
                message: request data reaches $CUR.execute()
                pattern-sources:
                  - pattern: flask.request
                pattern-sinks:
                  - patterns:
                      - pattern: $CUR.execute($Q, ...)
                      - focus-metavariable: $Q
            """;
    private static final String APP = """
            import flask

            def view(cur):
                q = flask.request.args.get("q")
                sql = "SELECT * FROM t WHERE a = " + q
                cur.execute(sql)
            """;

    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = ReportTestSupport.project();
        write(dir, "rule.yaml", RULE);
        write(dir, "app.py", APP);
    }

    @AfterEach
    void tearDown() throws Exception { ReportTestSupport.delete(dir); }

    @Test
    void jsonHasTheDataflowTrace() throws Exception {
        Path out = dir.resolve("out.json");
        ReportTestSupport.Run r = run("scan", "--json", "--output", out.toString(), "--config", dir.resolve("rule.yaml").toString(), dir.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode result = JSON.readTree(Files.readString(out)).get("results").get(0);
        assertEquals("request data reaches cur.execute()", result.get("extra").get("message").asText());
        JsonNode trace = result.get("extra").get("dataflow_trace");
        assertEquals("CliLoc", trace.get("taint_source").get(0).asText());
        assertEquals("flask.request", trace.get("taint_source").get(1).get(1).asText());
        assertEquals(4, trace.get("taint_source").get(1).get(0).get("start").get("line").asInt());
        List<String> vars = new ArrayList<>();
        for (JsonNode v : trace.get("intermediate_vars")) vars.add(v.get("content").asText());
        assertEquals(List.of("q", "sql"), vars);
        assertEquals("sql", trace.get("taint_sink").get(1).get(1).asText());
        assertValid("semgrep", out);
    }

    @Test
    void textShowsTheFlowUnderTheCode() {
        ReportTestSupport.Run r = run("scan", "--config", dir.resolve("rule.yaml").toString(), dir.toString());
        assertEquals(0, r.status(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(
                r.out().contains("        cur.execute(sql)\n    taint: source `flask.request` (line 4) -> q (4) -> sql (5) -> sink\n"), r.out());
    }

    @Test
    void sarifHasTheCodeFlow() throws Exception {
        Path out = dir.resolve("out.sarif");
        ReportTestSupport.Run r = run("scan", "--sarif", "--output", out.toString(), "--config", dir.resolve("rule.yaml").toString(), dir.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode result = JSON.readTree(Files.readString(out)).get("runs").get(0).get("results").get(0);
        JsonNode steps = result.get("codeFlows").get(0).get("threadFlows").get(0).get("locations");
        List<Integer> lines = new ArrayList<>();
        for (JsonNode s : steps) lines.add(s.get("location").get("physicalLocation").get("region").get("startLine").asInt());
        assertEquals(List.of(4, 4, 5, 6), lines); // source, q, sql, sink
        assertEquals("Sink", steps.get(3).get("location").get("message").get("text").asText());
        assertValid("sarif", out);
    }
}
