package dev.warden.report;

import static dev.warden.report.ReportTestSupport.APP;
import static dev.warden.report.ReportTestSupport.RULES;
import static dev.warden.report.ReportTestSupport.assertValid;
import static dev.warden.report.ReportTestSupport.run;
import static dev.warden.report.ReportTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.report.ReportTestSupport.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden scan --sarif}: SARIF 2.1.0 as GitHub code scanning takes it. */
class SarifFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = ReportTestSupport.project();
        write(dir, "rules.yaml", RULES);
        write(dir, "app.py", APP);
    }

    @AfterEach
    void tearDown() throws IOException { ReportTestSupport.delete(dir); }

    private JsonNode sarif(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("scan", "--sarif", "--config", dir.resolve("rules.yaml").toString()));
        args.addAll(List.of(extra));
        args.add(dir.toString());
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "SARIF carries errors itself: nothing on stderr");
        return JSON.readTree(r.out());
    }

    /** The path of a file of the project as a relative URI (from the working directory). */
    private String uri(String name) { return dir.resolve(name).toString().replace('\\', '/'); }

    @Test
    void driverDescribesTheRules() throws IOException {
        JsonNode log = sarif();
        assertEquals("2.1.0", log.get("version").asText());
        assertTrue(log.get("$schema").asText().startsWith("https://"));
        JsonNode run = log.get("runs").get(0);
        assertEquals("unicodeCodePoints", run.get("columnKind").asText());
        JsonNode driver = run.get("tool").get("driver");
        assertEquals("Warden", driver.get("name").asText());
        assertTrue(driver.get("version").isTextual());
        // Warden's repository as the build found it in `git remote`; left out (it is optional) without one
        String repository = RepositoryUrl.ofBuild();
        if (repository == null) assertFalse(driver.has("informationUri"), driver.toString());
        else assertEquals(repository, driver.get("informationUri").asText());

        JsonNode rules = driver.get("rules");
        assertEquals(2, rules.size());
        assertEquals("print-call", rules.get(0).get("id").asText()); // sorted by id
        JsonNode shell = rules.get(1);
        assertEquals("subprocess-shell-true", shell.get("id").asText());
        assertEquals("subprocess-shell-true", shell.get("name").asText());
        assertEquals("subprocess.call($CMD) runs $CMD in a shell", shell.get("shortDescription").get("text").asText());
        assertEquals("subprocess.call($CMD) runs $CMD in a shell", shell.get("fullDescription").get("text").asText());
        assertTrue(shell.get("help").get("text").asText().contains("https://docs.python.org/3/library/subprocess.html"));
        assertTrue(shell.get("help").get("markdown").asText()
                .contains("[https://docs.python.org/3/library/subprocess.html](https://docs.python.org/3/library/subprocess.html)"));
        assertEquals("error", shell.get("defaultConfiguration").get("level").asText());
        JsonNode props = shell.get("properties");
        List<String> tags = texts(props.get("tags"));
        assertEquals("security", tags.get(0));
        assertTrue(tags.contains("external/cwe/cwe-078"), tags.toString());
        assertTrue(tags.contains("CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')"), tags.toString());
        assertTrue(tags.contains("OWASP-A03:2021 - Injection"), tags.toString());
        assertEquals("8.0", props.get("security-severity").asText(), "ERROR is high for GitHub");
        assertEquals("high", props.get("precision").asText());

        JsonNode print = rules.get(0);
        assertEquals("note", print.get("defaultConfiguration").get("level").asText());
        assertNull(print.get("properties").get("security-severity"), "not a security rule (category best-practice)");
        assertEquals(List.of("best-practice"), texts(print.get("properties").get("tags")));
    }

    @Test
    void resultsPointAtTheCodeWithFixes() throws IOException {
        JsonNode run = sarif().get("runs").get(0);
        JsonNode results = run.get("results");
        assertEquals(3, results.size(), results.toString());
        JsonNode first = results.get(0);
        assertEquals("subprocess-shell-true", first.get("ruleId").asText());
        assertEquals(1, first.get("ruleIndex").asInt());
        assertEquals("subprocess-shell-true", run.get("tool").get("driver").get("rules").get(first.get("ruleIndex").asInt()).get("id").asText());
        assertEquals("error", first.get("level").asText());
        assertEquals("subprocess.call(cmd) runs cmd in a shell", first.get("message").get("text").asText());
        JsonNode physical = first.get("locations").get(0).get("physicalLocation");
        assertEquals(uri("app.py"), physical.get("artifactLocation").get("uri").asText());
        assertEquals("%SRCROOT%", physical.get("artifactLocation").get("uriBaseId").asText());
        JsonNode region = physical.get("region");
        // 'x = "é"; ' is 9 characters (10 bytes): columns count characters, 1-based, end exclusive
        assertEquals(2, region.get("startLine").asInt());
        assertEquals(10, region.get("startColumn").asInt());
        assertEquals(2, region.get("endLine").asInt());
        assertEquals(42, region.get("endColumn").asInt());
        assertEquals("subprocess.call(cmd, shell=True)", region.get("snippet").get("text").asText());
        assertTrue(first.get("partialFingerprints").get("primaryLocationLineHash").asText().length() >= 16);

        JsonNode fix = first.get("fixes").get(0);
        JsonNode change = fix.get("artifactChanges").get(0);
        assertEquals(uri("app.py"), change.get("artifactLocation").get("uri").asText());
        JsonNode replacement = change.get("replacements").get(0);
        assertEquals("subprocess.call(cmd, shell=False)", replacement.get("insertedContent").get("text").asText());
        assertEquals(10, replacement.get("deletedRegion").get("startColumn").asInt());
        assertEquals(42, replacement.get("deletedRegion").get("endColumn").asInt());

        JsonNode print = results.get(1);
        assertEquals("print-call", print.get("ruleId").asText());
        assertEquals(0, print.get("ruleIndex").asInt());
        assertEquals("note", print.get("level").asText());
        assertNull(print.get("fixes"));

        // the same code twice (whitespace aside) in one file: distinct fingerprints
        String a = first.get("partialFingerprints").get("primaryLocationLineHash").asText();
        String b = results.get(2).get("partialFingerprints").get("primaryLocationLineHash").asText();
        assertNotEquals(a, b);

        JsonNode invocation = run.get("invocations").get(0);
        assertTrue(invocation.get("executionSuccessful").asBoolean());
        assertEquals(0, invocation.get("toolExecutionNotifications").size());
        assertTrue(run.get("originalUriBaseIds").get("%SRCROOT%").get("uri").asText().endsWith("/"));
    }

    @Test
    void fingerprintsSurviveLineShiftsAndReindenting() throws IOException {
        List<String> before = fingerprints(sarif());
        write(dir, "app.py", "# a new header\n\n\nimport subprocess\n" + APP.substring(APP.indexOf('\n') + 1)
                .replace("subprocess.call(cmd,   shell=True)", "subprocess.call(cmd, shell=True)"));
        JsonNode after = sarif();
        assertEquals(before, fingerprints(after));
        assertEquals(5, after.get("runs").get(0).get("results").get(0).get("locations").get(0)
                .get("physicalLocation").get("region").get("startLine").asInt());
    }

    private static List<String> fingerprints(JsonNode log) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : log.get("runs").get(0).get("results")) out.add(r.get("partialFingerprints").get("primaryLocationLineHash").asText());
        return out;
    }

    @Test
    void syntaxErrorsAreWarningNotifications() throws IOException {
        write(dir, "bad.py", "print(1)\nx = = 1\n");
        JsonNode run = sarif().get("runs").get(0);
        JsonNode invocation = run.get("invocations").get(0);
        assertTrue(invocation.get("executionSuccessful").asBoolean(), "syntax errors in targets only warn");
        JsonNode n = invocation.get("toolExecutionNotifications").get(0);
        assertEquals("warning", n.get("level").asText());
        assertEquals("syntax-error", n.get("descriptor").get("id").asText());
        assertTrue(n.get("message").get("text").asText().contains("SyntaxError"), n.toString());
        JsonNode loc = n.get("locations").get(0).get("physicalLocation");
        assertEquals(uri("bad.py"), loc.get("artifactLocation").get("uri").asText());
        assertEquals(2, loc.get("region").get("startLine").asInt());
    }

    @Test
    void patternFindingsGetADescriptorAndAMessage() throws IOException {
        Run r = run("scan", "--sarif", "-e", "subprocess.call(...)", dir.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode run = JSON.readTree(r.out()).get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertEquals(1, rules.size());
        assertEquals("-", rules.get(0).get("id").asText());
        assertFalse(rules.get(0).get("shortDescription").get("text").asText().isBlank());
        JsonNode result = run.get("results").get(0);
        assertEquals("-", result.get("ruleId").asText());
        assertEquals(0, result.get("ruleIndex").asInt());
        assertFalse(result.get("message").get("text").asText().isBlank());
    }

    @Test
    void filesOutsideTheWorkingDirectoryGetAbsoluteUris(@TempDir Path elsewhere) throws IOException {
        write(elsewhere, "a.py", "print(1)\n");
        Run r = run("scan", "--sarif", "--config", dir.resolve("rules.yaml").toString(), elsewhere.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode loc = JSON.readTree(r.out()).get("runs").get(0).get("results").get(0).get("locations").get(0)
                .get("physicalLocation").get("artifactLocation");
        assertEquals(elsewhere.resolve("a.py").toUri().toString(), loc.get("uri").asText());
        assertNull(loc.get("uriBaseId"));
    }

    @Test
    void invalidPatternGivesAFailedRun() throws Exception {
        Run r = run("scan", "--sarif", "-e", "f(1, ", dir.toString());
        assertEquals(2, r.status());
        JsonNode run = JSON.readTree(r.out()).get("runs").get(0);
        JsonNode invocation = run.get("invocations").get(0);
        assertFalse(invocation.get("executionSuccessful").asBoolean());
        JsonNode n = invocation.get("toolExecutionNotifications").get(0);
        assertEquals("error", n.get("level").asText());
        assertTrue(n.get("message").get("text").asText().startsWith("invalid pattern: "), n.toString());
        assertEquals(0, run.get("results").size());
        Path out = dir.resolve("failed.sarif");
        Files.writeString(out, r.out(), StandardCharsets.UTF_8);
        assertValid("sarif", out, "--github");
    }

    @Test
    void validatesAgainstBothSchemasAndGithubsChecks() throws Exception {
        write(dir, "bad.py", "print(1)\nx = = 1\n");
        Path out = dir.resolve("out.sarif");
        Run r = run("scan", "--sarif", "--output", out.toString(), "--config", dir.resolve("rules.yaml").toString(), dir.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        String report = assertValid("sarif", out, "--github");
        assertFalse(report.contains("warning"), "GitHub checks warn:\n" + report);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
