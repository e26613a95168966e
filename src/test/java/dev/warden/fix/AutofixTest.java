package dev.warden.fix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.Main;
import dev.warden.rule.Finding;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.rule.RuleLoader;
import dev.warden.scan.Scanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden scan --autofix [--dryrun]} end to end, on temporary directories, and {@link Autofix}'s steps. */
class AutofixTest {
    @TempDir
    Path dir;

    /** Rules with {@code fix:} (one line and multi-line) and {@code fix-regex:}. */
    private static final String RULES = """
            rules:
              - id: yaml-load
                message: use yaml.safe_load
                severity: ERROR
                languages: [python]
                pattern: yaml.load($X)
                fix: yaml.safe_load($X)
              - id: requests-timeout
                message: requests.get without timeout
                severity: WARNING
                languages: [python]
                patterns:
                  - pattern: requests.get(...)
                  - pattern-not: requests.get(..., timeout=$T, ...)
                fix-regex:
                  regex: '\\)$'
                  replacement: ', timeout=30)'
              - id: guarded-delete
                message: delete without a check
                severity: WARNING
                languages: [python]
                pattern: $DB.remove($ID)
                fix: |
                  if allowed($ID):
                      $DB.delete($ID)
            """;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        dev.warden.cli.CliRun r = dev.warden.cli.CliRun.run(args);
        return new Run(r.status(), r.out(), r.err());
    }

    private Path write(String name, String text) throws IOException {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    private static String read(Path p) throws IOException { return Files.readString(p, StandardCharsets.UTF_8); }

    /** Every file under {@code root} with its content, to see that nothing else was touched or left behind. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p)) out.put(root.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    private Path rules(String text) throws IOException {
        Path rules = dir.resolve("rules/rules.yaml");
        Files.createDirectories(rules.getParent());
        Files.writeString(rules, text);
        return rules;
    }

    // ------------------------------------------------------------------ end to end

    @Test
    void fixesAreWrittenInAGitRepository() throws IOException {
        Path rules = rules(RULES);
        Path repo = dir.resolve("repo");
        // a git repository made of plain files: .git is a hidden directory, never scanned nor touched
        write("repo/.git/HEAD", "ref: refs/heads/main\n");
        write("repo/.git/config", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n");
        write("repo/.git/hooks/check.py", "import yaml\nyaml.load(x)\n");
        write("repo/.gitignore", "__pycache__/\n");
        Path app = write("repo/src/app.py", """
                import yaml, requests
                cfg = yaml.load(open("c.yml"))
                r = requests.get(url)
                ok = requests.get(url, timeout=5)
                """);
        Path admin = write("repo/src/admin/views.py", """
                def remove(db, user_id):
                    log("removing")
                    db.remove(user_id)
                    return True
                """);
        Path clean = write("repo/src/clean.py", "print('nothing to fix')\n");
        Map<String, String> before = tree(repo);

        Run r = run("scan", "--config", rules.toString(), "--autofix", repo.toString());

        assertEquals(0, r.status(), r.err());
        assertEquals("""
                import yaml, requests
                cfg = yaml.safe_load(open("c.yml"))
                r = requests.get(url, timeout=30)
                ok = requests.get(url, timeout=5)
                """, read(app));
        assertEquals("""
                def remove(db, user_id):
                    log("removing")
                    if allowed(user_id):
                        db.delete(user_id)
                    return True
                """, read(admin));
        assertEquals("print('nothing to fix')\n", read(clean));
        assertTrue(r.err().contains("Fixed 3 findings in 2 files; 0 skipped"), r.err());
        Map<String, String> after = tree(repo);
        assertEquals(before.keySet(), after.keySet(), "no file added or left behind");
        for (String name : List.of(".git/HEAD", ".git/config", ".git/hooks/check.py", ".gitignore")) {
            assertEquals(before.get(name), after.get(name), name);
        }

        Run again = run("scan", "--config", rules.toString(), "--autofix", repo.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("Fixed 0 findings in 0 files; 0 skipped"), again.err());
        assertEquals(after, tree(repo), "a second run has nothing left to fix");
    }

    @Test
    void dryRunPrintsADiffAndLeavesFilesAlone() throws IOException {
        Path rules = rules(RULES);
        Path app = write("src/app.py", "import yaml\n\nx = 1\ncfg = yaml.load(f)\n");
        Map<String, String> before = tree(dir);

        Run r = run("scan", "--config", rules.toString(), "--autofix", "--dryrun", dir.resolve("src").toString());

        assertEquals(0, r.status(), r.err());
        assertEquals(before, tree(dir));
        assertTrue(r.out().contains("--- " + app + "\n+++ " + app + "\n@@ -1,4 +1,4 @@\n import yaml\n \n x = 1\n"
                + "-cfg = yaml.load(f)\n+cfg = yaml.safe_load(f)\n"), r.out());
        assertTrue(r.err().contains("Would fix 1 finding in 1 file; 0 skipped"), r.err());

        // under --json the diff goes to stderr: stdout stays one JSON document
        Run j = run("scan", "--config", rules.toString(), "--json", "--autofix", "--dryrun", dir.resolve("src").toString());
        assertEquals(0, j.status(), j.err());
        new ObjectMapper().readTree(j.out());
        assertTrue(j.err().contains("+cfg = yaml.safe_load(f)"), j.err());
        assertEquals(before, tree(dir));
    }

    @Test
    void dryRunNeedsAutofix() throws IOException {
        Path rules = rules(RULES);
        Path app = write("src/app.py", "yaml.load(f)\n");
        Run r = run("scan", "--config", rules.toString(), "--dryrun", app.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--autofix"), r.err());
        assertEquals("yaml.load(f)\n", read(app));
    }

    @Test
    void onlyReportedFindingsAreFixed() throws IOException {
        Path rules = rules(RULES);
        Path app = write("src/app.py", "yaml.load(f)\nrequests.get(u)\n");
        // --severity ERROR reports yaml-load only: the WARNING rule's finding is not fixed either
        Run r = run("scan", "--config", rules.toString(), "--severity", "ERROR", "--autofix", app.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("yaml.safe_load(f)\nrequests.get(u)\n", read(app));
        assertTrue(r.err().contains("Fixed 1 finding in 1 file; 0 skipped"), r.err());
    }

    @Test
    void withoutAutofixNothingIsWritten() throws IOException {
        Path rules = rules(RULES);
        Path app = write("src/app.py", "yaml.load(f)\n");
        Run r = run("scan", "--config", rules.toString(), app.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("yaml.load(f)\n", read(app));
        assertFalse(r.err().contains("Fixed"), r.err());
    }

    @Test
    void overlappingFixesApplyTheFirstAndReportTheOther() throws IOException {
        Path rules = rules("""
                rules:
                  - id: f-to-g
                    message: m
                    severity: WARNING
                    languages: [python]
                    pattern: f($X)
                    fix: g($X)
                """);
        Path app = write("app.py", "y = 1\nx = f(f(1))\n");

        Run r = run("scan", "--config", rules.toString(), "--autofix", app.toString());

        assertEquals(0, r.status(), r.err());
        assertEquals("y = 1\nx = g(f(1))\n", read(app));
        assertTrue(r.err().contains("warning: " + app + ":2: f-to-g: fix not applied: overlapping fix"), r.err());
        assertTrue(r.err().contains("Fixed 1 finding in 1 file; 1 skipped (1 overlapping)"), r.err());
    }

    @Test
    void aFixThatBreaksSyntaxIsNotWritten() throws IOException {
        Path rules = rules("""
                rules:
                  - id: broken
                    message: m
                    severity: WARNING
                    languages: [python]
                    pattern: danger($X)
                    fix: safe($X
                  - id: yaml-load
                    message: m
                    severity: ERROR
                    languages: [python]
                    pattern: yaml.load($X)
                    fix: yaml.safe_load($X)
                """);
        Path onlyBroken = write("src/a.py", "danger(1)\n");
        Path both = write("src/b.py", "danger(1)\nyaml.load(d)\n");
        // a file that already has a syntax error still gets fixes that add none
        Path alreadyBad = write("src/c.py", "yaml.load(d)\ndef (:\n");

        Run r = run("scan", "--config", rules.toString(), "--autofix", dir.resolve("src").toString());

        assertEquals(0, r.status(), r.err());
        assertEquals("danger(1)\n", read(onlyBroken));
        assertEquals("danger(1)\nyaml.safe_load(d)\n", read(both));
        assertEquals("yaml.safe_load(d)\ndef (:\n", read(alreadyBad));
        assertTrue(r.err().contains("warning: " + onlyBroken + ":1: broken: fix not applied: fix would introduce syntax errors"), r.err());
        assertTrue(r.err().contains("warning: " + both + ":1: broken: fix not applied: fix would introduce syntax errors"), r.err());
        assertTrue(r.err().contains("Fixed 2 findings in 2 files; 2 skipped (2 would break syntax)"), r.err());
    }

    @Test
    void permissionsAreKept() throws IOException {
        Path rules = rules(RULES);
        Path app = write("bin/tool.py", "#!/usr/bin/env python3\nyaml.load(f)\n");
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rwxr-x---");
        try {
            Files.setPosixFilePermissions(app, perms);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions on this file system");
        }

        Run r = run("scan", "--config", rules.toString(), "--autofix", app.toString());

        assertEquals(0, r.status(), r.err());
        assertEquals("#!/usr/bin/env python3\nyaml.safe_load(f)\n", read(app));
        assertEquals(perms, Files.getPosixFilePermissions(app));
    }

    @Test
    void filesThatAreNotPlainUtf8AreSkipped() throws IOException {
        Path rules = rules(RULES);
        byte[] latin1 = "# -*- coding: latin-1 -*-\nyaml.load(f)  # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path cookie = writeBytes("src/latin.py", latin1);
        byte[] bom = ("\uFEFFyaml.load(f)\n").getBytes(StandardCharsets.UTF_8);
        Path withBom = writeBytes("src/bom.py", bom);
        // a coding cookie that changes nothing (ASCII text) is fine
        Path ascii = write("src/ascii.py", "# coding: latin-1\nyaml.load(f)\n");

        Run r = run("scan", "--config", rules.toString(), "--autofix", dir.resolve("src").toString());

        assertEquals(0, r.status(), r.err());
        assertArrayEquals(latin1, Files.readAllBytes(cookie));
        assertArrayEquals(bom, Files.readAllBytes(withBom));
        assertEquals("# coding: latin-1\nyaml.safe_load(f)\n", read(ascii));
        assertTrue(r.err().contains("warning: " + cookie + ":2: yaml-load: fix not applied: not plain UTF-8 (coding cookie)"), r.err());
        assertTrue(r.err().contains("warning: " + withBom + ":1: yaml-load: fix not applied: not plain UTF-8 (byte order mark)"), r.err());
        assertTrue(r.err().contains("Fixed 1 finding in 1 file; 2 skipped (2 not plain UTF-8)"), r.err());
    }

    @Test
    void aFixThatTheCodingCookieCannotHoldIsSkipped() throws IOException {
        Path rules = rules("""
                rules:
                  - id: arrow
                    message: m
                    severity: INFO
                    languages: [python]
                    pattern: arrow()
                    fix: print("\u2192")
                """);
        Path ascii = write("ascii.py", "# coding: ascii\narrow()\n");
        Run r = run("scan", "--config", rules.toString(), "--autofix", ascii.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("# coding: ascii\narrow()\n", read(ascii));
        assertTrue(r.err().contains("not plain UTF-8"), r.err());
    }

    // ------------------------------------------------------------------ the steps

    /** Scans {@code files} with the rules of {@code config}, as {@code warden scan --config} does. */
    private static Scanner.Result scan(Path config, Map<String, Rule> rules, Path... files) {
        RuleLoader.LoadResult loaded = RuleLoader.load(config);
        assertTrue(loaded.errors().isEmpty(), loaded.errors().toString());
        List<Scanner.Check> checks = new ArrayList<>();
        for (Rule rule : loaded.rules()) {
            rules.put(rule.id(), rule);
            checks.add(new Scanner.Check(rule.id(), file -> {
                List<dev.warden.match.Match> ms = new ArrayList<>();
                for (Finding f : RuleEngine.run(rule, file)) ms.add(new dev.warden.match.Match(f.start(), f.end(), f.bindings()));
                return ms;
            }));
        }
        return new Scanner(checks, 1).scan(List.of(files));
    }

    @Test
    void aFileChangedBetweenScanAndWriteIsLeftAlone() throws IOException {
        Path config = rules(RULES);
        Path app = write("app.py", "yaml.load(f)\n");
        Map<String, Rule> rules = new LinkedHashMap<>();
        Scanner.Result result = scan(config, rules, app);
        assertEquals(1, result.findings().size());

        // someone saves the file after the scan read it
        write("app.py", "yaml.load(f)\nprint('edited')\n");
        Autofix.Outcome o = Autofix.run(result.findings(), rules, false);

        assertEquals("yaml.load(f)\nprint('edited')\n", read(app));
        assertEquals(0, o.fixedFindings());
        assertEquals(List.of(new Autofix.Skip(app.toString(), 1, "yaml-load", Autofix.Reason.CHANGED, "")), o.skipped());
        assertEquals(List.of("app.py"), Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> !n.equals("rules")).toList());
    }

    @Test
    void writeChecksTheFileJustBeforeReplacingIt() throws IOException {
        Path config = rules(RULES);
        Path app = write("app.py", "yaml.load(f)\n");
        Map<String, Rule> rules = new LinkedHashMap<>();
        Autofix.Plan plan = Autofix.plan(scan(config, rules, app).findings(), rules);
        assertEquals(1, plan.files().size());
        Autofix.FileFix fix = plan.files().get(0);
        assertEquals("yaml.safe_load(f)\n", fix.fixedText());

        // the apply step with stale content: the file no longer holds what the plan was made from
        byte[] stale = "yaml.load(old)\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(Autofix.WriteResult.Status.CHANGED, Autofix.write(app, stale, fix.fixed()).status());
        assertEquals("yaml.load(f)\n", read(app));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary file left behind");
        }

        assertEquals(Autofix.WriteResult.Status.WRITTEN, Autofix.write(app, fix.original(), fix.fixed()).status());
        assertEquals("yaml.safe_load(f)\n", read(app));
    }

    @Test
    void writeGoesThroughSymbolicLinks() throws IOException {
        Path real = write("real/app.py", "yaml.load(f)\n");
        Path link = dir.resolve("link.py");
        try {
            Files.createSymbolicLink(link, real);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no symbolic links here");
        }
        byte[] original = Files.readAllBytes(real);
        assertEquals(Autofix.WriteResult.Status.WRITTEN,
                Autofix.write(link, original, "yaml.safe_load(f)\n".getBytes(StandardCharsets.UTF_8)).status());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("yaml.safe_load(f)\n", read(real));
    }

    @Test
    void summaryCountsSkipsByReason() {
        Autofix.Outcome o = new Autofix.Outcome(1, 1, List.of(
                new Autofix.Skip("a.py", 1, "r", Autofix.Reason.OVERLAP, ""),
                new Autofix.Skip("a.py", 2, "r", Autofix.Reason.OVERLAP, ""),
                new Autofix.Skip("b.py", 1, "r", Autofix.Reason.SYNTAX, "")), List.of(), false);
        assertEquals("Fixed 1 finding in 1 file; 3 skipped (2 overlapping, 1 would break syntax)", o.summary(false));
        assertEquals("Would fix 0 findings in 0 files; 0 skipped",
                new Autofix.Outcome(0, 0, List.of(), List.of(), false).summary(true));
    }
}
