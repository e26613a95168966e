package dev.warden.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden test}: Semgrep's rule tests on small rule files and targets in a temp dir. */
class RuleTestsTest {
    @TempDir
    Path dir;

    private static final String EXIT_RULE = """
            rules:
              - id: use-sys-exit
                languages: [python]
                message: use sys.exit
                severity: WARNING
                pattern: exit($X)
                fix: sys.exit($X)
            """;

    private static final String TWO_RULES = """
            rules:
              - id: no-eval
                languages: [python]
                message: eval
                severity: ERROR
                pattern: eval(...)
              - id: no-exec
                languages: [python]
                message: exec
                severity: ERROR
                pattern: exec(...)
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private RuleTests.Report run() throws Exception {
        return RuleTests.run(List.of(dir), 2);
    }

    private static RuleTests.Check check(RuleTests.Report r, String id) {
        assertEquals(1, r.results().size(), "one config expected: " + r.results());
        return r.results().get(0).checks().get(id);
    }

    // ------------------------------------------------------------------ annotations

    @Test
    void annotationsMarkTheNextLine() {
        Annotations a = Annotations.parse("""
                # ruleid: a
                x()
                  #ok:a, b
                y()
                # todoruleid: c
                z()
                #todook: d
                w()
                f()  # ruleid: e
                # deepruleid: f
                # ruleid: deepok: g
                # OK: h
                """);
        assertEquals(Set.of(2), a.lines(Annotations.Kind.RULEID, "a"));
        assertEquals(Set.of(4), a.lines(Annotations.Kind.OK, "a"));
        assertEquals(Set.of(4), a.lines(Annotations.Kind.OK, "b"));
        assertEquals(Set.of(6), a.lines(Annotations.Kind.TODORULEID, "c"));
        assertEquals(Set.of(8), a.lines(Annotations.Kind.TODOOK, "d"));
        assertEquals(Set.of(), a.lines(Annotations.Kind.RULEID, "e"), "no same-line annotations");
        assertEquals(Set.of(), a.lines(Annotations.Kind.RULEID, "f"), "Pro annotations are ignored");
        assertEquals(Set.of(12), a.lines(Annotations.Kind.RULEID, "g"));
        assertEquals(Set.of("a", "b"), a.ids(Annotations.Kind.OK), "annotations are case-sensitive");
    }

    // ------------------------------------------------------------------ checks

    @Test
    void passingCheck() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", """
                # ruleid: use-sys-exit
                exit(1)
                # ok: use-sys-exit
                sys.exit(1)
                """);
        RuleTests.Report r = run();
        RuleTests.Check c = check(r, "use-sys-exit");
        assertTrue(c.passed());
        RuleTests.Lines lines = c.matches().values().iterator().next();
        assertEquals(List.of(2), lines.expected());
        assertEquals(List.of(2), lines.reported());
        assertTrue(r.missingFixtests().contains(dir.resolve("exit.yaml").toString()), "a rule with fix: but no .fixed.py");
    }

    @Test
    void failingCheckReportsBothLineLists() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", """
                # ruleid: use-sys-exit
                sys.exit(1)
                exit(2)
                """);
        RuleTests.Report r = run();
        RuleTests.Check c = check(r, "use-sys-exit");
        assertFalse(c.passed());
        RuleTests.Lines lines = c.matches().values().iterator().next();
        assertEquals(List.of(2), lines.expected());
        assertEquals(List.of(3), lines.reported());
        assertFalse(r.allPassed());
        String text = RuleTests.toText(r);
        assertTrue(text.contains("✗ use-sys-exit"), text);
        assertTrue(text.endsWith("0 passed, 1 failed\n"), text);
    }

    @Test
    void todoAnnotationsAreIgnored() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", """
                # todoruleid: use-sys-exit
                sys.exit(1)
                # todook: use-sys-exit
                exit(2)
                # ruleid: use-sys-exit
                exit(3)
                """);
        RuleTests.Check c = check(run(), "use-sys-exit");
        assertTrue(c.passed(), c.toString());
        RuleTests.Lines lines = c.matches().values().iterator().next();
        assertEquals(List.of(6), lines.expected());
        assertEquals(List.of(6), lines.reported());
    }

    @Test
    void commaSeparatedIdsAndSeveralRules() throws Exception {
        write("danger.yaml", TWO_RULES);
        write("danger.py", """
                # ruleid: no-eval, no-exec
                eval(exec("x"))
                # ruleid:no-exec
                exec("y")
                """);
        RuleTests.Report r = run();
        assertTrue(check(r, "no-eval").passed());
        assertTrue(check(r, "no-exec").passed());
        assertEquals(List.of(2, 4), check(r, "no-exec").matches().values().iterator().next().reported());
        assertEquals(2, r.passed());
        assertEquals(0, r.failed());
    }

    @Test
    void annotationForAnUnknownRuleFails() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", "# ruleid: no-such-rule\nexit(1)\n");
        RuleTests.Report r = run();
        assertFalse(check(r, "no-such-rule").passed());
        assertFalse(check(r, "use-sys-exit").passed(), "an unannotated finding is a false positive");
    }

    @Test
    void missingTestsAndConfigErrors() throws Exception {
        write("lonely.yaml", EXIT_RULE);
        write("broken.yaml", "rules:\n  - id: broken\n    languages: [python]\n");
        write("broken.py", "exit(1)\n");
        RuleTests.Report r = run();
        assertEquals(List.of(dir.resolve("lonely.yaml").toString()), r.missingTests());
        assertEquals(1, r.withErrors().size());
        assertEquals(dir.resolve("broken.yaml").toString(), r.withErrors().get(0).config());
        assertTrue(r.withErrors().get(0).error().contains(": error: "), r.withErrors().get(0).error());
        assertTrue(r.results().isEmpty());
        assertFalse(r.allPassed());
    }

    @Test
    void nestedDirectoriesAndRulesForOtherLanguages() throws Exception {
        write("a/b/js.yaml", """
                rules:
                  - id: js-only
                    languages: [javascript]
                    message: m
                    severity: INFO
                    pattern: eval(...)
                """);
        write("a/b/js.py", "eval(1)\n");
        RuleTests.Report r = run();
        assertEquals(1, r.results().size());
        assertTrue(r.results().get(0).checks().isEmpty(), "a JavaScript rule is not run on Python");
        assertTrue(r.allPassed());
    }

    // ------------------------------------------------------------------ fix tests

    @Test
    void fixTestPasses() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", "# ruleid: use-sys-exit\nexit(1)\n");
        write("exit.fixed.py", "# ruleid: use-sys-exit\nsys.exit(1)\n");
        RuleTests.Report r = run();
        assertEquals(1, r.fixtests().size());
        assertTrue(r.fixtests().get(0).passed());
        assertEquals(2, r.passed());
        assertTrue(r.missingFixtests().isEmpty());
    }

    @Test
    void fixTestFailsWithDiffAndRunsEvenWhenChecksFail() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", "exit(1)\n");                       // no annotation: the check fails
        write("exit.fixed.py", "sys.exit(2)\n");
        RuleTests.Report r = run();
        assertFalse(check(r, "use-sys-exit").passed());
        RuleTests.FixTest f = r.fixtests().get(0);
        assertFalse(f.passed());
        assertTrue(f.diff().contains("-sys.exit(2)") && f.diff().contains("+sys.exit(1)"), f.diff());
        write("exit.fixed.py", "sys.exit(1)\n");
        assertTrue(run().fixtests().get(0).passed(), "the fix test passes although the check fails");
    }

    // ------------------------------------------------------------------ the command

    record Run(int status, String out) {}

    private static synchronized Run cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void jsonHasSemgrepsShape() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", "# ruleid: use-sys-exit\nexit(1)\n");
        write("exit.fixed.py", "# ruleid: use-sys-exit\nsys.exit(1)\n");
        write("broken.yaml", "rules: 3\n");
        write("broken.py", "x\n");
        Run run = cli("test", "--json", dir.toString());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        for (String field : List.of("config_missing_tests", "config_missing_fixtests", "config_with_errors")) {
            assertTrue(doc.get(field).isArray(), field);
        }
        assertEquals(dir.resolve("broken.yaml").toString(), doc.get("config_with_errors").get(0).get("filename").asText());
        JsonNode check = doc.get("results").get(dir.resolve("exit.yaml").toString()).get("checks").get("use-sys-exit");
        assertNotNull(check);
        assertTrue(check.get("passed").asBoolean());
        assertTrue(check.get("errors").isArray());
        JsonNode lines = check.get("matches").get(dir.resolve("exit.py").toRealPath().toString());
        assertEquals("[2]", lines.get("expected_lines").toString());
        assertEquals("[2]", lines.get("reported_lines").toString());
        assertTrue(doc.get("fixtest_results").get(dir.resolve("exit.py").toString()).get("passed").asBoolean());
        assertEquals(1, run.status(), "a config with errors fails the run");
    }

    @Test
    void exitStatusAndSummaryLine() throws Exception {
        write("exit.yaml", EXIT_RULE);
        write("exit.py", "# ruleid: use-sys-exit\nexit(1)\n");
        Run ok = cli("test", dir.toString());
        assertEquals(0, ok.status(), ok.out());
        assertTrue(ok.out().endsWith("1 passed, 0 failed\n"), ok.out());
        write("exit.py", "exit(1)\n");
        Run failed = cli("test", dir.toString());
        assertEquals(1, failed.status());
        assertTrue(failed.out().endsWith("0 passed, 1 failed\n"), failed.out());
        assertEquals(2, cli("test", dir.resolve("missing").toString()).status());
        assertEquals(2, cli("test").status());
    }

    @Test
    void pathThatIsNoRuleFileIsAUsageError() throws Exception {
        Path p = write("x.py", "x\n");
        assertThrows(RuleTests.UsageException.class, () -> RuleTests.run(List.of(p), 1));
    }
}
