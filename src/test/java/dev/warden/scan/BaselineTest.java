package dev.warden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden scan --baseline-ref} and {@code --baseline-file}, end to end: temporary git
 * repositories made with JGit, a rule file, Python files, and the command run in-process.
 */
class BaselineTest {
    @TempDir
    Path repo;

    @TempDir
    Path outside;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path rules;
    private Git git;

    record Run(int status, String out, String err) {
        JsonNode json() throws IOException { return JSON.readTree(out); }

        /** {@code path:line} of each JSON result, the path relative to the repository. */
        List<String> findings(Path root) throws IOException {
            List<String> out = new ArrayList<>();
            for (JsonNode r : json().get("results")) {
                out.add(root.relativize(Path.of(r.get("path").asText())).toString().replace('\\', '/') + ":"
                        + r.get("start").get("line").asInt());
            }
            return out;
        }
    }

    private static Run run(String... args) {
        dev.warden.cli.CliRun r = dev.warden.cli.CliRun.run(args);
        return new Run(r.status(), r.out(), r.err());
    }

    @BeforeEach
    void setUp() throws IOException, GitAPIException {
        rules = outside.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - id: no-shell
                    message: subprocess with shell=True
                    severity: ERROR
                    languages: [python]
                    pattern: subprocess.call(..., shell=True, ...)
                """);
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() { git.close(); }

    private void write(String name, String text) throws IOException {
        Path p = repo.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private RevCommit commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setSign(false)
                .setAuthor("Test", "test@example.com").setCommitter("Test", "test@example.com").call();
    }

    private Run scan(String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--json", "--config", rules.toString()));
        args.addAll(List.of(extra));
        args.add(repo.toString());
        return run(args.toArray(String[]::new));
    }

    private static final String BASE = """
            import subprocess

            def run():
                subprocess.call("ls", shell=True)
            """;

    @Test
    void aFindingOfTheBaselineIsNotReportedAfterEditsThatShiftIt() throws Exception {
        write("app/run.py", BASE);
        commit("base");
        git.tag().setName("v1").call();
        // unrelated edits: lines above and below, the call re-indented and re-spaced
        write("app/run.py", """
                import os
                import subprocess

                LIMIT = 10


                class Runner:
                    def run(self):
                        subprocess.call("ls",
                                        shell=True)

                def other():
                    return os.getcwd()
                """);

        Run plain = scan();
        assertEquals(List.of("app/run.py:9"), plain.findings(repo), plain.err());

        Run r = scan("--baseline-ref", "v1");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(), r.findings(repo), r.err());
        assertTrue(r.err().contains("1 finding was already there"), r.err());

        // committed too, with the baseline named by branch, commit id and Semgrep's option name
        RevCommit edited = commit("edit");
        assertEquals(List.of(), scan("--baseline-ref", "main~1").findings(repo));
        assertEquals(List.of(), scan("--baseline-commit", edited.getParent(0).getName()).findings(repo));
        assertEquals(List.of(), scan("--baseline-ref", edited.getName()).findings(repo));
    }

    @Test
    void aFindingAddedAfterTheBaselineIsReported() throws Exception {
        write("app/run.py", BASE);
        commit("base");
        write("app/run.py", BASE + """

                def cleanup(path):
                    subprocess.call("rm -rf " + path, shell=True)
                """);
        write("app/new.py", "import subprocess\nsubprocess.call(cmd, shell=True)\n");

        Run r = scan("--baseline-ref", "main", "--error");
        assertEquals(1, r.status(), r.err()); // --error sees the new findings only
        assertEquals(List.of("app/new.py:2", "app/run.py:7"), r.findings(repo), r.err());

        // nothing new: --error passes
        commit("more");
        Run clean = scan("--baseline-ref", "HEAD", "--error");
        assertEquals(0, clean.status(), clean.err());
        assertEquals(List.of(), clean.findings(repo));
    }

    @Test
    void ofTwoIdenticalFindingsInOneFileOnlyTheNewOneIsReported() throws Exception {
        write("app/run.py", BASE);
        commit("base");
        write("app/run.py", BASE + """

                def again():
                    subprocess.call("ls", shell=True)
                """);

        Run plain = scan();
        assertEquals(List.of("app/run.py:4", "app/run.py:7"), plain.findings(repo));
        Run r = scan("--baseline-ref", "main");
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.findings(repo).size(), r.out());
        // identical matches: the later one is the new one, and keeps the fingerprint it has in a full scan
        assertEquals(List.of("app/run.py:7"), r.findings(repo));
        assertEquals(plain.json().get("results").get(1).get("extra").get("fingerprint"),
                r.json().get("results").get(0).get("extra").get("fingerprint"));

        // a finding suppressed at the baseline is new once its comment is gone
        write("app/run.py", BASE.replace("shell=True)", "shell=True)  # nosemgrep"));
        commit("suppressed");
        write("app/run.py", BASE);
        assertEquals(List.of("app/run.py:4"), scan("--baseline-ref", "HEAD").findings(repo));
    }

    @Test
    void aBaselineFileFromAnEarlierJsonRunWorksTheSame() throws Exception {
        write("app/run.py", BASE);
        write("app/keep.py", "import subprocess\nsubprocess.call(x, shell=True)\n");
        Run before = scan();
        assertEquals(List.of("app/keep.py:2", "app/run.py:4"), before.findings(repo));
        for (JsonNode result : before.json().get("results")) {
            assertTrue(Fingerprint.isFingerprint(result.get("extra").get("fingerprint").asText()), result.toString());
        }
        Path baselineFile = outside.resolve("before.json");
        Files.writeString(baselineFile, before.out());

        // shift the old finding, add an identical second one and a new one elsewhere
        write("app/run.py", "# header\n\n" + BASE + """

                def again():
                    subprocess.call("ls", shell=True)
                """);
        write("app/new.py", "import subprocess\nsubprocess.call(cmd, shell=True)\n");
        List<String> expected = List.of("app/new.py:2", "app/run.py:9");

        Run r = scan("--baseline-file", baselineFile.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(expected, r.findings(repo), r.err());

        // the same as the git baseline
        commit("everything");
        write("app/run.py", BASE);
        write("app/keep.py", "import subprocess\nsubprocess.call(x, shell=True)\n");
        Files.delete(repo.resolve("app/new.py"));
        commit("back to the start");
        write("app/run.py", "# header\n\n" + BASE + """

                def again():
                    subprocess.call("ls", shell=True)
                """);
        write("app/new.py", "import subprocess\nsubprocess.call(cmd, shell=True)\n");
        assertEquals(expected, scan("--baseline-ref", "HEAD").findings(repo));

        // Semgrep's output has no Warden fingerprint: its extra.lines are used instead
        JsonNode semgrep = JSON.readTree(before.out());
        for (JsonNode result : semgrep.get("results")) ((ObjectNode) result.get("extra")).put("fingerprint", "requires login");
        Path semgrepFile = outside.resolve("semgrep.json");
        Files.writeString(semgrepFile, JSON.writeValueAsString(semgrep));
        assertEquals(expected, scan("--baseline-file", semgrepFile.toString()).findings(repo));

        // without lines either (Semgrep without a login), results cannot be matched: a warning says so
        for (JsonNode result : semgrep.get("results")) ((ObjectNode) result.get("extra")).put("lines", "requires login");
        Files.writeString(semgrepFile, JSON.writeValueAsString(semgrep));
        Run blind = scan("--baseline-file", semgrepFile.toString());
        assertEquals(0, blind.status(), blind.err());
        assertEquals(4, blind.findings(repo).size());
        assertTrue(blind.err().contains("warning: --baseline-file: 2 of the 2 results"), blind.err());
    }

    @Test
    void aBadRefIsAClearErrorWithExitStatus2() throws Exception {
        write("app/run.py", BASE);
        commit("base");

        Run r = scan("--baseline-ref", "no-such-branch");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("error: --baseline-ref: unknown revision 'no-such-branch'"), r.err());
        assertEquals("", r.out());

        Run syntax = scan("--baseline-ref", "main^^^^{bogus");
        assertEquals(2, syntax.status(), syntax.err());
        assertTrue(syntax.err().contains("unknown revision"), syntax.err());

        // outside any repository
        Path elsewhere = outside.resolve("src");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("a.py"), BASE);
        Run noRepo = run("scan", "--config", rules.toString(), "--baseline-ref", "main", elsewhere.toString());
        assertEquals(2, noRepo.status(), noRepo.err());
        assertTrue(noRepo.err().contains("is not inside a git repository"), noRepo.err());

        Run badFile = scan("--baseline-file", outside.resolve("missing.json").toString());
        assertEquals(2, badFile.status(), badFile.err());
        assertTrue(badFile.err().contains("error: --baseline-file: cannot read"), badFile.err());

        Run both = scan("--baseline-file", rules.toString(), "--baseline-ref", "main");
        assertEquals(2, both.status(), both.err());
    }
}
