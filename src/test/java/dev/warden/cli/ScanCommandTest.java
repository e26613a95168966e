package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.match.SemgrepPattern;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden scan}: run in-process through {@link Main#run} with stdout and stderr captured. */
class ScanCommandTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exit status and what the command printed. */
    record Run(int status, String out, String err) {
        /** The lines printed on stdout (each ends with a line break). */
        List<String> outLines() { return out.isEmpty() ? List.of() : List.of(out.split("\n")); }
    }

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

    private String path(String name) { return dir.resolve(name).toString(); }

    @Test
    void textOutputShowsEachMatchWithItsLines() throws IOException {
        write("app/run.py", """
                import subprocess
                subprocess.call("ls", shell=True)
                subprocess.call("ls")
                if True:
                    subprocess.call(["rm", x],
                                    shell=True)
                """);
        write("app/other.py", "subprocess.call(cmd, env=e, shell=True, cwd=d)\n");

        Run r = run("scan", "-e", "subprocess.call(..., shell=True, ...)", dir.toString());

        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                path("app/other.py") + ":1:1",
                "    subprocess.call(cmd, env=e, shell=True, cwd=d)",
                path("app/run.py") + ":2:1",
                "    subprocess.call(\"ls\", shell=True)",
                path("app/run.py") + ":5:5",
                "        subprocess.call([\"rm\", x],",
                "                        shell=True)"), r.outLines());
        assertTrue(r.err().contains("Ran 1 pattern on 2 files: 3 findings."), r.err());
    }

    @Test
    void jsonOutputHasSemgrepsShape() throws IOException {
        write("a.py", """
                import subprocess
                x = "é"; subprocess.call(cmd, shell=True)
                """);

        Run r = run("scan", "--json", "-e", "subprocess.call($CMD, shell=True)", "--lang", "py", dir.toString());

        assertEquals(0, r.status(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(1, doc.get("results").size(), r.out());
        assertEquals(0, doc.get("errors").size(), r.out());
        assertTrue(doc.get("version").isTextual());
        assertEquals(List.of(path("a.py")), texts(doc.get("paths").get("scanned")));

        JsonNode m = doc.get("results").get(0);
        assertEquals("-", m.get("check_id").asText());
        assertEquals(path("a.py"), m.get("path").asText());
        // line 2 starts at byte 18; 'x = "é"; ' is 9 characters but 10 bytes
        assertPosition(m.get("start"), 2, 10, 28);
        assertPosition(m.get("end"), 2, 42, 28 + "subprocess.call(cmd, shell=True)".length());
        JsonNode extra = m.get("extra");
        assertEquals("x = \"é\"; subprocess.call(cmd, shell=True)", extra.get("lines").asText());
        assertEquals("", extra.get("message").asText());
        assertEquals("ERROR", extra.get("severity").asText());
        assertTrue(extra.get("metadata").isObject());
        assertTrue(extra.get("fingerprint").isTextual());
        assertFalse(extra.get("is_ignored").asBoolean());
        assertEquals("OSS", extra.get("engine_kind").asText());
        JsonNode cmd = extra.get("metavars").get("$CMD");
        assertEquals("cmd", cmd.get("abstract_content").asText());
        assertPosition(cmd.get("start"), 2, 26, 44);
        assertPosition(cmd.get("end"), 2, 29, 47);
    }

    private static void assertPosition(JsonNode pos, int line, int col, int offset) {
        assertEquals(line, pos.get("line").asInt(), pos.toString());
        assertEquals(col, pos.get("col").asInt(), pos.toString());
        assertEquals(offset, pos.get("offset").asInt(), pos.toString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void invalidPatternExitsTwoWithItsPosition() throws IOException {
        write("a.py", "f(1)\n");

        Run r = run("scan", "-e", "f(1, ", dir.toString());

        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("error: invalid pattern: "), r.err());
        assertTrue(r.err().contains("pattern line 1"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void otherLanguagesAreRefused() {
        Run r = run("scan", "-e", "f(1)", "--lang", "javascript", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unsupported language 'javascript'"), r.err());
    }

    @Test
    void fileWithSyntaxErrorStillMatchesAndReportsTheError() throws IOException {
        write("bad.py", """
                import os
                os.system("a")
                x = = 1
                os.system("b")
                """);

        Run text = run("scan", "-e", "os.system(...)", dir.toString());
        assertEquals(0, text.status(), "syntax errors in targets only warn: " + text.err());
        assertEquals(List.of(path("bad.py") + ":2:1", "    os.system(\"a\")",
                path("bad.py") + ":4:1", "    os.system(\"b\")"), text.outLines());
        assertTrue(text.err().contains("warning: " + path("bad.py") + ":3:"), text.err());
        assertTrue(text.err().contains("SyntaxError"), text.err());

        Run json = run("scan", "--json", "-e", "os.system(...)", dir.toString());
        assertEquals(0, json.status(), json.err());
        JsonNode doc = JSON.readTree(json.out());
        assertEquals(2, doc.get("results").size());
        assertEquals(1, doc.get("errors").size());
        JsonNode e = doc.get("errors").get(0);
        assertEquals(3, e.get("code").asInt());
        assertEquals("warn", e.get("level").asText());
        assertEquals(path("bad.py"), e.get("path").asText());
        assertTrue(e.get("message").asText().contains("line " + path("bad.py") + ":3"), e.toString());
        JsonNode span = e.get("spans").get(0);
        assertEquals(3, span.get("start").get("line").asInt());

        assertEquals(2, run("scan", "--strict", "-e", "os.system(...)", dir.toString()).status());
    }

    @Test
    void directoryWalkFindsPythonAndShebangFilesOnly() throws IOException {
        write("a.py", "x = 1\n");
        write("stubs/b.pyi", "x: int\n");
        write("bin/tool", "#!/usr/bin/env python3\nx = 1\n");
        write("bin/tool2", "#!/usr/bin/python3.13 -u\nx = 1\n");
        write("bin/shell", "#!/bin/sh\necho hi\n");
        write("bin/noshebang", "x = 1\n");
        write("notes.txt", "x = 1\n");
        write("setup.cfg", "#!/usr/bin/env python\n");
        write(".git/hooks/x.py", "x = 1\n");
        write(".venv/lib/y.py", "x = 1\n");
        write("pkg/.hidden.py", "x = 1\n");
        try {
            Files.createSymbolicLink(dir.resolve("pkg/loop"), dir); // a link back up: walked once
        } catch (UnsupportedOperationException | IOException e) {
            // no symlinks here: the rest of the test still holds
        }

        Targets.Result found = Targets.find(List.of(dir));
        List<String> names = new ArrayList<>();
        for (Path p : found.targets()) names.add(dir.relativize(p.toAbsolutePath()).toString());
        assertEquals(List.of("a.py", "bin/tool", "bin/tool2", "pkg/.hidden.py", "stubs/b.pyi"), names);
        assertEquals(List.of(), found.problems());

        // an explicitly named file is scanned whatever its name; a missing path is an error
        Targets.Result explicit = Targets.find(List.of(dir.resolve("notes.txt"), dir.resolve("missing.py")));
        assertEquals(List.of(dir.resolve("notes.txt")), explicit.targets());
        assertEquals(1, explicit.problems().size());

        Run r = run("scan", "-e", "x = 1", dir.toString(), dir.resolve("missing.py").toString());
        assertEquals(2, r.status(), "a missing path is an error");
        assertTrue(r.err().contains("missing.py: no such file or directory"), r.err());
        assertTrue(r.err().contains("on 5 files"), r.err());
    }

    @Test
    void errorFlagAndParallelRunsAreDeterministic() throws IOException {
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 30; k++) sb.append(k % 3 == 0 ? "eval(x%d)\n".formatted(k) : "y = %d\n".formatted(k));
            write("m%02d/f%d.py".formatted(i % 7, i), sb.toString());
        }
        Run one = run("scan", "-j", "1", "-e", "eval($X)", dir.toString());
        Run many = run("scan", "-j", "4", "-e", "eval($X)", dir.toString());
        assertEquals(0, one.status());
        assertEquals(one.out(), many.out());
        assertEquals(40 * 10 * 2, one.outLines().size());

        assertEquals(1, run("scan", "--error", "-e", "eval($X)", dir.toString()).status());
        assertEquals(0, run("scan", "--error", "-e", "exec($X)", dir.toString()).status());
        assertEquals(2, run("scan", "-j", "0", "-e", "eval($X)", dir.toString()).status());
    }

    @Test
    void scannerSortsFindingsByPathThenOffset() throws Exception {
        write("b.py", "f(2)\nf(1)\n");
        write("a.py", "g()\nf(3)\n");
        SemgrepPattern p = SemgrepPattern.compile("f(...)");
        Scanner.Result r = Scanner.of(p::matches, 3).scan(List.of(dir.resolve("b.py"), dir.resolve("a.py")));
        List<String> got = new ArrayList<>();
        for (Scanner.Finding f : r.findings()) got.add(dir.relativize(Path.of(f.path())) + "@" + f.match().start());
        assertEquals(List.of("a.py@4", "b.py@0", "b.py@5"), got);
        assertEquals(List.of(path("a.py"), path("b.py")), r.scanned());
        assertEquals(List.of(), r.errors());
    }

    /** The JSON output validates against Semgrep's schema (when the checker and python3 are here). */
    @Test
    void jsonOutputValidatesAgainstSemgrepSchema() throws Exception {
        Path validate = Path.of("/work/shared/schemas/validate");
        Assumptions.assumeTrue(Files.isExecutable(validate), "no schema checker at " + validate);
        write("ok.py", "import os\nos.system(cmd)\n");
        write("bad.py", "os.system(a)\nx = = 1\n");
        Run r = run("scan", "--json", "-e", "os.system($CMD)", dir.toString());
        Path out = dir.resolve("out.json");
        Files.writeString(out, r.out(), StandardCharsets.UTF_8);
        Process proc;
        try {
            proc = new ProcessBuilder(validate.toString(), "semgrep", out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("cannot run " + validate + ": " + e.getMessage());
            return;
        }
        String report = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeFalse(report.contains("No module named"), "checker cannot run: " + report);
        assertEquals(0, proc.exitValue(), report);
    }
}
