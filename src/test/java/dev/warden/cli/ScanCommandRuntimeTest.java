package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden scan}'s runtime options: {@code --timeout}, {@code --time}, {@code --quiet}, {@code --verbose}. */
class ScanCommandRuntimeTest {
    @TempDir
    Path dir;

    /**
     * A rule that is slow on {@code slow.py} through the real matcher (12 commutative metavariable
     * operands plus an operand that cannot be found twice, tried at every node of four
     * 1000-operand {@code &} chains: each attempt spends its whole step budget; several seconds
     * in all) and a fast rule that finds the {@code eval}.
     */
    private Path[] slowCase() throws IOException {
        String chain = IntStream.range(0, 1000).mapToObj(i -> "a" + i).collect(Collectors.joining(" & "));
        StringBuilder py = new StringBuilder();
        for (int k = 0; k < 4; k++) py.append("x").append(k).append(" = ").append(chain).append('\n');
        py.append("eval(x0)\n");
        Path file = Files.writeString(dir.resolve("slow.py"), py);
        String slow = IntStream.range(0, 12).mapToObj(i -> "$A" + i).collect(Collectors.joining(" & ")) + " & a0 & a0";
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                - id: slow
                  languages: [python]
                  severity: INFO
                  message: slow
                  pattern: %s
                - id: ev
                  languages: [python]
                  severity: WARNING
                  message: eval
                  pattern: eval(...)
                """.formatted(slow));
        return new Path[] {rules, file};
    }

    @Test
    void ruleOverTheTimeoutIsReportedAndTheOtherRulesStillFind() throws IOException {
        Path[] c = slowCase();
        long t0 = System.nanoTime();
        CliRun r = CliRun.run("scan", "--timeout", "1", "--json", "--config", c[0].toString(), c[1].toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.status(), r.err()); // a timeout warns, as in Semgrep
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1, doc.get("results").size(), r.out());
        assertEquals("ev", doc.get("results").get(0).get("check_id").asText());
        assertEquals(1, doc.get("errors").size(), r.out());
        JsonNode e = doc.get("errors").get(0);
        assertEquals("Timeout", e.get("type").asText());
        assertEquals("Timeout when running slow on " + c[1], e.get("message").asText());
        assertTrue(seconds < 4, "abandoned at the deadline, took " + seconds + "s");

        CliRun text = CliRun.run("scan", "--timeout", "1", "--config", c[0].toString(), c[1].toString());
        assertTrue(text.err().contains("Timeout when running slow on " + c[1]), text.err());
        assertTrue(text.out().contains("eval(x0)"), text.out());
        assertEquals(2, CliRun.run("scan", "--timeout", "1", "--strict", "--config", c[0].toString(), c[1].toString()).status());
    }

    @Test
    void invalidTimeoutIsAUsageError() {
        CliRun r = CliRun.run("scan", "--timeout", "-1", "-e", "eval(...)", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--timeout"), r.err());
    }

    @Test
    void timePrintsTheSummary() throws IOException {
        Files.writeString(dir.resolve("a.py"), "eval(x)\n");
        Files.writeString(dir.resolve("b.py"), "print(1)\n");
        CliRun r = CliRun.run("scan", "--time", "-e", "eval(...)", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("Total time: "), r.err());
        assertTrue(r.err().contains("Slowest rules (summed over files):\n"), r.err());
        assertTrue(r.err().matches("(?s).*\\n  \\d+\\.\\d{3}s  -\\n.*"), r.err()); // the -e pattern's id
        assertTrue(r.err().contains("Slowest files (parse + match):\n"), r.err());
        assertTrue(r.err().contains("s  " + dir.resolve("a.py")), r.err());
        assertFalse(CliRun.run("scan", "-e", "eval(...)", dir.toString()).err().contains("Total time"));
    }

    @Test
    void quietPrintsOnlyFindings() throws IOException {
        Files.writeString(dir.resolve("a.py"), "eval(x)\n");
        Files.writeString(dir.resolve("big.py"), "eval(y)\n" + "#".repeat(200) + "\n");
        CliRun normal = CliRun.run("scan", "--max-target-bytes", "100", "-e", "eval(...)", dir.toString());
        assertTrue(normal.err().contains("Ran 1 pattern on 1 file: 1 finding."), normal.err());
        assertTrue(normal.err().contains("notice: "), normal.err());

        CliRun quiet = CliRun.run("scan", "-q", "--max-target-bytes", "100", "-e", "eval(...)", dir.toString());
        assertEquals(0, quiet.status());
        assertEquals("", quiet.err());
        assertEquals(normal.out(), quiet.out());
        assertTrue(quiet.out().contains("eval(x)"), quiet.out());
        assertEquals("", CliRun.run("scan", "--quiet", "-e", "eval(...)", dir.toString()).err());
    }

    @Test
    void verboseListsIgnoredFilesAndRules() throws IOException {
        Files.writeString(dir.resolve("a.py"), "eval(x)\n");
        Files.writeString(dir.resolve("skip.py"), "eval(y)\n");
        CliRun r = CliRun.run("scan", "-v", "--exclude", "skip.py", "-e", "eval(...)", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("notice: " + dir.resolve("skip.py") + ": ignored"), r.err());
        assertFalse(r.err().contains(dir.resolve("a.py") + ": ignored"), r.err());
        assertTrue(r.err().contains("notice: running 1 rule: -"), r.err());
        assertEquals(2, CliRun.run("scan", "-q", "-v", "-e", "eval(...)", dir.toString()).status());
    }
}
