package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden scan} with suppression comments: {@code --disable-nosem}, {@code --report-unused-suppressions}. */
class SuppressionOptionsTest {
    @TempDir
    Path dir;

    private Path rules;
    private Path src;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        dev.warden.cli.CliRun r = dev.warden.cli.CliRun.run(args);
        return new Run(r.status(), r.out(), r.err());
    }

    @BeforeEach
    void files() throws IOException {
        rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - id: python.lang.os-system
                    message: os.system($X)
                    severity: ERROR
                    languages: [python]
                    pattern: os.system($X)
                  - id: eval-call
                    message: eval($X)
                    severity: WARNING
                    languages: [python]
                    pattern: eval($X)
                """);
        src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("app.py"), """
                import os
                os.system(a)  # nosemgrep
                # nosemgrep: os-system
                os.system(b)
                os.system(c)  # nosemgrep: eval-call
                eval(d)  # nosemgrep: eval-call
                eval(e)  # warden: ignore
                os.system(f)
                """);
        Files.writeString(src.resolve("quiet.py"), "x = 1  # NOSEM\n");
    }

    /** The lines of the findings printed on stdout ({@code path:line:col ...}). */
    private List<Integer> findingLines(String out) {
        List<Integer> lines = new ArrayList<>();
        String prefix = src.resolve("app.py") + ":";
        for (String l : out.split("\n")) {
            if (l.startsWith(prefix)) lines.add(Integer.parseInt(l.substring(prefix.length()).split(":")[0]));
        }
        return lines;
    }

    @Test
    void suppressedFindingsDisappear() {
        Run r = run("scan", "--config", rules.toString(), src.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(5, 8), findingLines(r.out()));
        assertFalse(r.err().contains("unused suppression"), r.err());
    }

    @Test
    void disableNosemBringsThemBack() {
        Run r = run("scan", "--disable-nosem", "--config", rules.toString(), src.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(2, 4, 5, 6, 7, 8), findingLines(r.out()));
    }

    @Test
    void errorExitOnlyForFindingsLeft() throws IOException {
        Files.writeString(src.resolve("app.py"), "import os\nos.system(a)  # nosemgrep\n");
        assertEquals(0, run("scan", "--error", "--config", rules.toString(), src.toString()).status());
        assertEquals(ScanCommand.EXIT_FINDINGS,
                run("scan", "--error", "--disable-nosem", "--config", rules.toString(), src.toString()).status());
    }

    @Test
    void unusedSuppressionsAreListedOnStderr() {
        Run r = run("scan", "--report-unused-suppressions", "--config", rules.toString(), src.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(5, 8), findingLines(r.out()));
        List<String> unused = new ArrayList<>();
        for (String l : r.err().split("\n")) if (l.contains("unused suppression")) unused.add(l);
        assertEquals(List.of(
                src.resolve("app.py") + ":5: unused suppression: # nosemgrep: eval-call",
                src.resolve("quiet.py") + ":1: unused suppression: # NOSEM"), unused);
    }

    @Test
    void jsonLeavesSuppressedOutOrMarksThemIgnored() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode doc = json.readTree(run("scan", "--json", "--config", rules.toString(), src.toString()).out());
        assertEquals(2, doc.get("results").size());
        for (JsonNode m : doc.get("results")) assertFalse(m.get("extra").get("is_ignored").asBoolean());

        doc = json.readTree(run("scan", "--json", "--disable-nosem", "--config", rules.toString(), src.toString()).out());
        List<String> flags = new ArrayList<>();
        for (JsonNode m : doc.get("results")) {
            flags.add(m.get("start").get("line").asInt() + "=" + m.get("extra").get("is_ignored").asBoolean());
        }
        assertEquals(List.of("2=true", "4=true", "5=false", "6=true", "7=true", "8=false"), flags);
    }

    @Test
    void jsonListsUnusedSuppressionsAsInfoAndStillValidates() throws Exception {
        Run r = run("scan", "--json", "--report-unused-suppressions", "--config", rules.toString(), src.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains(src.resolve("quiet.py") + ":1: unused suppression: # NOSEM"), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> messages = new ArrayList<>();
        for (JsonNode e : doc.get("errors")) {
            assertEquals("info", e.get("level").asText());
            assertEquals("SemgrepWarning", e.get("type").asText());
            messages.add(e.get("message").asText());
        }
        assertEquals(List.of(
                src.resolve("app.py") + ":5: unused suppression: # nosemgrep: eval-call",
                src.resolve("quiet.py") + ":1: unused suppression: # NOSEM"), messages);
        JsonNode span = doc.get("errors").get(0).get("spans").get(0);
        assertEquals(5, span.get("start").get("line").asInt());
        assertEquals(15, span.get("start").get("col").asInt());

        Path validate = Path.of("/work/shared/schemas/validate");
        Assumptions.assumeTrue(Files.isExecutable(validate), "no schema checker at " + validate);
        Path out = dir.resolve("out.json");
        Files.writeString(out, r.out(), StandardCharsets.UTF_8);
        Process proc = new ProcessBuilder(validate.toString(), "semgrep", out.toString()).redirectErrorStream(true).start();
        String report = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeFalse(report.contains("No module named"), "checker cannot run: " + report);
        assertEquals(0, proc.exitValue(), report);
    }
}
