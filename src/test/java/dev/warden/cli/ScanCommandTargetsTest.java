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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden scan}'s target selection options, built-in rules and {@code warden merge-json}, in-process. */
class ScanCommandTargetsTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        dev.warden.cli.CliRun r = dev.warden.cli.CliRun.run(args);
        return new Run(r.status(), r.out(), r.err());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void withoutConfigOrPatternTheBuiltinRulesRun() throws IOException {
        write("app.py", "import yaml\nimport subprocess\n\ndef f(x):\n    eval(x)\n    subprocess.run(x, shell=True)\n    return yaml.load(x)\n");
        for (String[] args : new String[][] {{"scan", "--json", dir.toString()}, {"scan", "--json", "--config", "auto", dir.toString()},
                {"scan", "--json", "--config", "builtin", dir.toString()}}) {
            Run r = run(args);
            assertEquals(0, r.status(), r.err());
            List<String> ids = new ArrayList<>();
            for (JsonNode m : JSON.readTree(r.out()).get("results")) ids.add(m.get("check_id").asText() + ":" + m.get("start").get("line").asInt());
            assertEquals(List.of("warden.python.code.eval-exec:5", "warden.python.subprocess.shell-true:6",
                    "warden.python.deserialization.yaml-load:7"), ids, String.join(" ", args));
        }
        Run text = run("scan", dir.toString());
        assertTrue(text.out().contains("warden.python.code.eval-exec [ERROR]"), text.out());
        int all = dev.warden.rule.BuiltinRules.load().rules().size();
        assertTrue(text.err().contains("Ran " + all + " rules on 1 file: 3 findings."), text.err());
    }

    @Test
    void builtinRulesAreSelectedByIdPrefix() throws IOException {
        write("app.py", "import yaml\nimport subprocess\n\ndef f(x):\n    eval(x)\n    subprocess.run(x, shell=True)\n    return yaml.load(x)\n");
        Run one = run("scan", "--json", "--config", "builtin:warden.python.subprocess.", dir.toString());
        assertEquals(0, one.status(), one.err());
        List<String> ids = new ArrayList<>();
        for (JsonNode m : JSON.readTree(one.out()).get("results")) ids.add(m.get("check_id").asText());
        assertEquals(List.of("warden.python.subprocess.shell-true"), ids);
        int subprocessRules = dev.warden.rule.BuiltinRules.loadFile("subprocess").rules().size();
        Run oneText = run("scan", "--config", "builtin:warden.python.subprocess.", dir.toString());
        assertTrue(oneText.err().contains("Ran " + subprocessRules + " rules on 1 file: 1 finding."), oneText.err());

        // short prefixes, repeated and overlapping selections (each rule runs once)
        Run two = run("scan", "--json", "--config", "builtin:code", "--config", "builtin:deserialization.yaml",
                "--config", "builtin:code.eval", dir.toString());
        assertEquals(0, two.status(), two.err());
        ids.clear();
        for (JsonNode m : JSON.readTree(two.out()).get("results")) ids.add(m.get("check_id").asText());
        assertEquals(List.of("warden.python.code.eval-exec", "warden.python.deserialization.yaml-load"), ids);
        int expected = dev.warden.rule.BuiltinRules.loadFile("code").rules().size() + 1;
        Run twoText = run("scan", "--config", "builtin:code", "--config", "builtin:deserialization.yaml",
                "--config", "builtin:code.eval", dir.toString());
        assertTrue(twoText.err().contains("Ran " + expected + " rules on 1 file: 2 findings."), twoText.err());

        Run none = run("scan", "--config", "builtin:warden.python.nosuch", dir.toString());
        assertEquals(2, none.status());
        assertTrue(none.err().contains("no built-in rule id starts with `warden.python.nosuch`"), none.err());

        Run validate = run("validate", "--config", "builtin:crypto");
        assertEquals(0, validate.status(), validate.err());
        assertTrue(validate.err().contains(dev.warden.rule.BuiltinRules.loadFile("crypto").rules().size() + " rules OK, 0 errors"), validate.err());
    }

    @Test
    void theAssertRuleSkipsTestFiles() throws IOException {
        write(".semgrepignore", "");
        write("app/views.py", "def f(user):\n    assert user.is_admin\n");
        write("app/tests/helpers.py", "def f(user):\n    assert user.is_admin\n");
        write("app/test_views.py", "def test_f(user):\n    assert user.is_admin\n");
        write("app/views_test.py", "def test_f(user):\n    assert user.is_admin\n");
        write("conftest.py", "def fixture(user):\n    assert user.is_admin\n");
        Run r = run("scan", "--json", "--config", "builtin:code.assert", dir.toString());
        assertEquals(0, r.status(), r.err());
        List<String> found = new ArrayList<>();
        for (JsonNode m : JSON.readTree(r.out()).get("results")) {
            found.add(dir.relativize(Path.of(m.get("path").asText())).toString() + ":" + m.get("start").get("line").asInt());
        }
        assertEquals(List.of("app/views.py:2"), found);
    }

    @Test
    void ignoresIncludeExcludeAndSizeLimitOnTheCommandLine() throws IOException {
        write(".semgrepignore", "generated/\n");
        write("a.py", "x = 1\n");
        write("generated/g.py", "x = 1\n");
        write("tests/t.py", "x = 1\n");   // not a default ignore any more: the project has a .semgrepignore
        write("big.py", "x = 1\n".repeat(100));

        Run r = run("scan", "--json", "-e", "x = 1", "--max-target-bytes", "100", "--exclude", "tests", dir.toString());
        assertEquals(0, r.status(), r.err());
        List<String> scanned = new ArrayList<>();
        for (JsonNode p : JSON.readTree(r.out()).get("paths").get("scanned")) scanned.add(Path.of(p.asText()).getFileName().toString());
        assertEquals(List.of("a.py"), scanned);
        assertTrue(r.err().contains("notice: " + dir.resolve("big.py") + ": skipped: 600 bytes, over --max-target-bytes 100"), r.err());

        Run included = run("scan", "-e", "x = 1", "--include", "tests/", "--max-target-bytes", "0", dir.toString());
        assertTrue(included.err().contains("on 1 file"), included.err());
        assertTrue(included.out().contains("t.py"), included.out());

        // an explicit file is scanned even when ignored
        Run explicit = run("scan", "-e", "x = 1", dir.resolve("generated/g.py").toString());
        assertTrue(explicit.err().contains("on 1 file: 1 finding"), explicit.err());
    }

    @Test
    void binaryFilesWarnAndAreNotScanned() throws IOException {
        write("a.py", "x = 1\n");
        Files.write(dir.resolve("b.py"), new byte[] {'x', ' ', '=', ' ', '1', '\n', 0, 0});
        Run r = run("scan", "-e", "x = 1", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("binary file (NUL byte at offset 6): not scanned"), r.err());
        assertFalse(r.err().contains("rest of the file"), r.err());
        assertTrue(r.err().contains("on 2 files: 1 finding"), r.err());
        Run strict = run("scan", "--strict", "-e", "x = 1", dir.toString());
        assertEquals(2, strict.status(), "a binary file is a warning, an error under --strict");
    }

    @Test
    void shardOutputsMergeIntoTheUnshardedOutput() throws IOException {
        for (int i = 0; i < 25; i++) write("pkg" + (i % 4) + "/m" + i + ".py", "x = 1\ny = 2\nx = 1\n");
        write("broken.py", "x = 1\ndef (:\n");
        Run whole = run("scan", "--json", "-e", "x = 1", dir.toString());
        assertEquals(0, whole.status(), whole.err());
        List<String> files = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Run shard = run("scan", "--json", "-e", "x = 1", "--shard", k + "/3", dir.toString());
            assertEquals(0, shard.status(), shard.err());
            Path out = dir.resolveSibling(dir.getFileName() + "-shard" + k + ".json");
            Files.writeString(out, shard.out());
            files.add(out.toString());
        }
        List<String> args = new ArrayList<>(List.of("merge-json"));
        args.addAll(files);
        Run merged = run(args.toArray(String[]::new));
        assertEquals(0, merged.status(), merged.err());
        JsonNode expected = JSON.readTree(whole.out()), actual = JSON.readTree(merged.out());
        assertEquals(expected.get("results"), actual.get("results"));
        assertEquals(expected.get("errors"), actual.get("errors"));
        assertEquals(expected.get("paths"), actual.get("paths"));
        for (String f : files) Files.delete(Path.of(f));

        Run bad = run("scan", "-e", "x = 1", "--shard", "4/3", dir.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--shard"), bad.err());
        Run notJson = run("merge-json", dir.resolve("broken.py").toString());
        assertEquals(2, notJson.status());
    }
}
