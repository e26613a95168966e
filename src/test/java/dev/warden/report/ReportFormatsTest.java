package dev.warden.report;

import static dev.warden.report.ReportTestSupport.APP;
import static dev.warden.report.ReportTestSupport.RULES;
import static dev.warden.report.ReportTestSupport.assertValid;
import static dev.warden.report.ReportTestSupport.run;
import static dev.warden.report.ReportTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.report.ReportTestSupport.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The output formats of {@code warden scan} other than SARIF, {@code --output} and {@code --severity}. */
class ReportFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private String rules;
    private String app;

    @BeforeEach
    void setUp() throws IOException {
        dir = ReportTestSupport.project();
        rules = write(dir, "rules.yaml", RULES).toString();
        app = write(dir, "app.py", APP).toString();
    }

    @AfterEach
    void tearDown() throws IOException { ReportTestSupport.delete(dir); }

    private Run scan(String... flags) {
        List<String> args = new ArrayList<>(List.of("scan", "--config", rules));
        args.addAll(List.of(flags));
        args.add(dir.toString());
        return run(args.toArray(String[]::new));
    }

    @Test
    void textOutputIsUnchanged() {
        Run r = scan();
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                app + ":2:10 subprocess-shell-true [ERROR]",
                "    subprocess.call(cmd) runs cmd in a shell",
                "    x = \"é\"; subprocess.call(cmd, shell=True)",
                app + ":3:1 print-call [INFO]",
                "    print() left in code",
                "    print(\"hi\")",
                app + ":4:1 subprocess-shell-true [ERROR]",
                "    subprocess.call(cmd) runs cmd in a shell",
                "    subprocess.call(cmd,   shell=True)"), r.outLines());
        assertTrue(r.err().contains("Ran 2 rules on 1 file: 3 findings."), r.err());
    }

    @Test
    void emacsLines() {
        Run r = scan("--emacs");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                app + ":2:10:error(subprocess-shell-true):subprocess.call(cmd) runs cmd in a shell",
                app + ":3:1:info(print-call):print() left in code",
                app + ":4:1:error(subprocess-shell-true):subprocess.call(cmd) runs cmd in a shell"), r.outLines());
        assertTrue(r.err().contains("3 findings"), "the summary goes to stderr: " + r.err());
    }

    @Test
    void vimLines() {
        Run r = scan("--vim");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                app + ":2:10:E:subprocess-shell-true:subprocess.call(cmd) runs cmd in a shell",
                app + ":3:1:I:print-call:print() left in code",
                app + ":4:1:E:subprocess-shell-true:subprocess.call(cmd) runs cmd in a shell"), r.outLines());
    }

    @Test
    void multiLineMessagesStayOnOneLine() throws IOException {
        write(dir, "rules.yaml", """
                rules:
                  - id: two-lines
                    message: |
                      first line
                        second line
                    severity: WARNING
                    languages: [python]
                    pattern: print(...)
                """);
        assertEquals(List.of(app + ":3:1:W:two-lines:first line second line"), scan("--vim").outLines());
        assertEquals(List.of(app + ":3:1:warning(two-lines):first line second line"), scan("--emacs").outLines());
        Run pattern = run("scan", "--emacs", "-e", "print(...)", dir.toString());
        assertEquals(List.of(app + ":3:1:error:print(\"hi\")"), pattern.outLines(), "no rule: the code instead");
    }

    @Test
    void junitXmlHasAFailingTestCasePerFinding() throws Exception {
        Run r = scan("--junit-xml");
        assertEquals(0, r.status(), r.err());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        NodeList suiteList = suites.getElementsByTagName("testsuite");
        assertEquals(1, suiteList.getLength());
        Element suite = (Element) suiteList.item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        Element first = (Element) cases.item(0);
        assertEquals("subprocess-shell-true", first.getAttribute("name"));
        assertEquals(app, first.getAttribute("classname"));
        assertEquals(app, first.getAttribute("file"));
        assertEquals("2", first.getAttribute("line"));
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertEquals("ERROR", failure.getAttribute("type"));
        assertEquals("subprocess.call(cmd) runs cmd in a shell", failure.getAttribute("message"));
        assertEquals("x = \"é\"; subprocess.call(cmd, shell=True)", failure.getTextContent());
    }

    @Test
    void junitXmlEscapes() {
        assertEquals("a&amp;b&lt;c&gt;&quot;d&#10;e\uFFFD", JunitXmlFormatter.attr("a&b<c>\"d\ne\u0001"));
        assertEquals("x &lt; y \"q\"\n", JunitXmlFormatter.text("x < y \"q\"\n"));
    }

    @Test
    void gitlabSastReport() throws IOException {
        Run r = scan("--gitlab-sast");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.get("version").asText().startsWith("15."), doc.get("version").toString());
        JsonNode vs = doc.get("vulnerabilities");
        assertEquals(3, vs.size());
        JsonNode v = vs.get(0);
        assertTrue(v.get("id").asText().matches("[0-9a-f-]{36}"), v.get("id").asText());
        assertEquals("sast", v.get("category").asText());
        assertEquals("subprocess.call(cmd) runs cmd in a shell", v.get("name").asText());
        assertEquals("subprocess.call(cmd) runs cmd in a shell", v.get("message").asText());
        assertEquals("subprocess.call(cmd) runs cmd in a shell", v.get("description").asText());
        assertTrue(v.get("cve").asText().startsWith("semgrep_id:subprocess-shell-true"));
        assertEquals("High", v.get("severity").asText());
        assertEquals("warden", v.get("scanner").get("id").asText());
        assertEquals("Warden", v.get("scanner").get("name").asText());
        JsonNode loc = v.get("location");
        assertEquals(dir.resolve("app.py").toString().replace('\\', '/'), loc.get("file").asText(), "relative to the working directory");
        assertEquals(2, loc.get("start_line").asInt());
        assertEquals(2, loc.get("end_line").asInt());
        JsonNode ids = v.get("identifiers");
        assertEquals("semgrep_id", ids.get(0).get("type").asText());
        assertEquals("subprocess-shell-true", ids.get(0).get("value").asText());
        assertEquals("cwe", ids.get(1).get("type").asText());
        assertEquals("78", ids.get(1).get("value").asText());
        assertEquals("owasp", ids.get(2).get("type").asText());
        assertEquals("A03:2021", ids.get(2).get("value").asText());
        assertEquals("Replace with: subprocess.call(cmd, shell=False)", v.get("solution").asText());
        assertEquals("Info", vs.get(1).get("severity").asText());
        assertTrue(!vs.get(0).get("id").asText().equals(vs.get(2).get("id").asText()), "ids are distinct");
        assertEquals(vs.get(0).get("id"), JSON.readTree(scan("--gitlab-sast").out()).get("vulnerabilities").get(0).get("id"), "and stable");

        JsonNode scanInfo = doc.get("scan");
        assertEquals("sast", scanInfo.get("type").asText());
        assertEquals("success", scanInfo.get("status").asText());
        assertEquals("warden", scanInfo.get("analyzer").get("id").asText());
        assertEquals("Warden", scanInfo.get("scanner").get("vendor").get("name").asText());
        assertTrue(scanInfo.get("start_time").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"));
        assertTrue(scanInfo.get("end_time").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"));
    }

    @Test
    void gitlabSastReportsErrorsAsScanMessages() throws IOException {
        Run r = run("scan", "--gitlab-sast", "--config", rules, dir.toString(), dir.resolve("missing.py").toString());
        assertEquals(2, r.status());
        JsonNode scanInfo = JSON.readTree(r.out()).get("scan");
        assertEquals("failure", scanInfo.get("status").asText());
        assertEquals("fatal", scanInfo.get("messages").get(0).get("level").asText());
        assertTrue(scanInfo.get("messages").get(0).get("value").asText().contains("missing.py"));
    }

    @Test
    void jsonWithRuleMetadataAndFixValidatesAgainstSemgrepSchema() throws Exception {
        write(dir, "bad.py", "print(1)\nx = = 1\n");
        Path out = dir.resolve("out.json");
        Run r = scan("--json", "--output", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        JsonNode doc = JSON.readTree(Files.readString(out));
        JsonNode first = doc.get("results").get(0);
        assertEquals("subprocess.call(cmd) runs cmd in a shell", first.get("extra").get("message").asText());
        assertEquals("subprocess.call(cmd, shell=False)", first.get("extra").get("fix").asText());
        assertEquals("security", first.get("extra").get("metadata").get("category").asText());
        assertEquals("cmd", first.get("extra").get("metavars").get("$CMD").get("abstract_content").asText());
        assertEquals(1, doc.get("errors").size());
        assertValid("semgrep", out);
    }

    @Test
    void outputWritesTheChosenFormatToAFile() throws IOException {
        Path text = dir.resolve("out/findings.txt");
        Files.createDirectories(text.getParent());
        Run r = scan("--output", text.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(text).startsWith(app + ":2:10 subprocess-shell-true [ERROR]\n"));
        assertTrue(r.err().contains("3 findings"), r.err());

        Path vim = dir.resolve("out/findings.vim");
        assertEquals(0, scan("--vim", "-o", vim.toString()).status());
        assertEquals(3, Files.readAllLines(vim).size());

        Run bad = scan("--emacs", "--output", dir.resolve("no/such/dir/x").toString());
        assertEquals(2, bad.status(), "an unwritable output file is an error");
        assertTrue(bad.err().contains("cannot write"), bad.err());
    }

    @Test
    void severityKeepsOnlyThoseFindings() throws IOException {
        assertEquals(2, scan("--vim", "--severity", "ERROR").outLines().size());
        assertEquals(2, scan("--vim", "--severity", "high").outLines().size(), "HIGH is ERROR");
        List<String> info = scan("--vim", "--severity", "LOW").outLines();
        assertEquals(List.of(app + ":3:1:I:print-call:print() left in code"), info, "LOW is INFO");
        assertEquals(3, scan("--vim", "--severity", "INFO", "--severity", "ERROR").outLines().size());
        assertEquals(0, scan("--vim", "--severity", "WARNING").outLines().size());
        assertEquals(0, scan("--vim", "--severity", "CRITICAL").outLines().size());

        Run text = scan("--severity", "INFO");
        assertTrue(text.err().contains("1 finding."), text.err());

        // the other formats follow, rules included
        JsonNode sarif = JSON.readTree(scan("--sarif", "--severity", "INFO").out()).get("runs").get(0);
        assertEquals(1, sarif.get("results").size());
        assertEquals(1, sarif.get("tool").get("driver").get("rules").size());
        assertEquals("print-call", sarif.get("results").get(0).get("ruleId").asText());
        assertEquals(0, sarif.get("results").get(0).get("ruleIndex").asInt());
        assertEquals(1, JSON.readTree(scan("--json", "--severity", "INFO").out()).get("results").size());

        // --error looks at what is left
        assertEquals(0, scan("--error", "--severity", "WARNING").status());
        assertEquals(1, scan("--error", "--severity", "ERROR").status());

        Run bad = scan("--severity", "SEVERE");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("invalid severity 'SEVERE'"), bad.err());
        assertEquals("", bad.out());
    }

    @Test
    void oneFormatAtATime() {
        Run r = scan("--json", "--sarif");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("choose one output format, not --json and --sarif"), r.err());
        assertEquals("", r.out());
        assertFalse(scan("--emacs", "--vim").err().isEmpty());
    }
}
