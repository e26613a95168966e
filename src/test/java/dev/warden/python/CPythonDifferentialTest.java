package dev.warden.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Warden's parser against CPython 3.13 itself, over every {@code .py} file of CPython's standard
 * library (site-packages excluded): for each file, {@link DumpAst} must print exactly what
 * {@code tools/cpython_dump.py} prints from CPython ({@code ast.dump(ast.parse(src),
 * include_attributes=True)}), and a file CPython rejects must be rejected too (differing error
 * messages or positions are counted and shown, but do not fail the test).
 *
 * <p>CPython is {@code $WARDEN_CPYTHON}, else {@code python3.13} on the PATH, else
 * {@code ~/.pyenv/versions/3.13*}/bin/python3.13. Without it the test is skipped with a loud
 * warning, or fails when the environment variable {@code CI} is set.
 *
 * <p>Debugging: {@code mvn test -Dtest=CPythonDifferentialTest -Dwarden.diff.only=asyncio/} runs
 * only the files whose path contains the given substring.
 */
class CPythonDifferentialTest {
    private static final int MAX_LISTED = 30;
    private static final int MAX_DETAILED = 10;
    private static final int CONTEXT = 80;

    private record Expected(String header, String line) {}

    private static final Expected END = new Expected(null, null);

    @Test
    void standardLibraryMatchesCPython() throws Exception {
        Path python = findCPython();
        if (python == null) {
            String msg = "\n"
                    + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                    + "!!! CPythonDifferentialTest: CPython 3.13 NOT FOUND -- the parser is NOT being\n"
                    + "!!! checked against CPython. Set WARDEN_CPYTHON=/path/to/python3.13, put\n"
                    + "!!! python3.13 on the PATH, or install it with pyenv (~/.pyenv/versions/3.13*).\n"
                    + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n";
            System.err.println(msg);
            if (System.getenv("CI") != null) fail("CPython 3.13 is required when CI is set:" + msg);
            Assumptions.assumeTrue(false, "CPython 3.13 not found");
        }
        Path script = findScript();
        Path stdlib = Path.of(ask(python, "import sysconfig; print(sysconfig.get_paths()['stdlib'])"));
        String only = System.getProperty("warden.diff.only", "");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(stdlib)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".py"))
                    .filter(p -> !stdlib.relativize(p).toString().contains("site-packages"))
                    .filter(Files::isRegularFile)
                    .filter(p -> only.isEmpty() || p.toString().contains(only))
                    .sorted((a, b) -> a.toString().compareTo(b.toString()))
                    .collect(Collectors.toList());
        }
        assertTrue(!files.isEmpty(), "no .py files under " + stdlib + (only.isEmpty() ? "" : " containing " + only));
        System.err.println("CPythonDifferentialTest: " + python + ", " + files.size() + " files under " + stdlib
                + (only.isEmpty() ? "" : " (only paths containing '" + only + "')"));

        Process process = new ProcessBuilder(python.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<Expected> queue = new ArrayBlockingQueue<>(8); // dumps can be megabytes each
        Throwable[] producerFailure = new Throwable[1];
        Thread producer = new Thread(() -> {
            try {
                // cpython_dump.py reads all of stdin before writing, so writing first cannot deadlock.
                try (Writer w = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
                    for (Path f : files) w.write(f + "\n");
                }
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 20)) {
                    for (String header; (header = r.readLine()) != null; ) {
                        String line = r.readLine();
                        queue.put(new Expected(header, line == null ? "<missing line from cpython_dump.py>" : line));
                    }
                }
            } catch (Throwable t) {
                producerFailure[0] = t;
            } finally {
                try {
                    queue.put(END);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "cpython_dump.py reader");
        producer.setDaemon(true);
        producer.start();

        int identical = 0;
        int bothRejectedDifferently = 0;
        List<String> differing = new ArrayList<>();
        List<String> softDiffs = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        long javaNanos = 0;
        try {
            for (Path file : files) {
                Expected expected = queue.take();
                if (expected == END) {
                    fail("cpython_dump.py stopped early, before " + file
                            + (producerFailure[0] != null ? ": " + producerFailure[0] : ""));
                }
                assertEquals("# " + file, expected.header(), "cpython_dump.py output out of step");
                long t0 = System.nanoTime();
                String actual;
                try {
                    actual = DumpAst.dumpFile(file);
                } catch (Throwable t) { // StackOverflowError included: report it as a difference, go on
                    actual = "<warden threw " + t + (t.getStackTrace().length > 0 ? " at " + t.getStackTrace()[0] : "") + ">";
                }
                javaNanos += System.nanoTime() - t0;
                String want = expected.line();
                if (want.equals(actual)) {
                    identical++;
                    continue;
                }
                boolean wantError = !want.startsWith("Module(");
                boolean gotError = !actual.startsWith("Module(") && !actual.startsWith("<warden threw");
                if (wantError && gotError) {
                    bothRejectedDifferently++;
                    if (softDiffs.size() < MAX_LISTED) softDiffs.add("  " + file + "\n    cpython: " + want + "\n    warden:  " + actual);
                    continue;
                }
                differing.add(file.toString());
                if (differing.size() <= MAX_DETAILED) describe(details, file, want, actual);
            }
            Expected rest = queue.poll(60, TimeUnit.SECONDS);
            if (rest != END && rest != null) fail("cpython_dump.py printed more than expected: " + rest.header());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (producerFailure[0] != null) throw new AssertionError("reading cpython_dump.py failed", producerFailure[0]);

        int total = files.size();
        StringBuilder summary = new StringBuilder();
        summary.append(String.format("%d files, %d identical, %d differ", total, identical, differing.size()));
        if (bothRejectedDifferently > 0) {
            summary.append(String.format(" (+ %d rejected by both with a different message or position)", bothRejectedDifferently));
        }
        summary.append(String.format("; Warden took %.1f s", javaNanos / 1e9));
        System.err.println("CPythonDifferentialTest: " + summary);
        if (!softDiffs.isEmpty()) System.err.println("Rejected by both, differently:\n" + String.join("\n", softDiffs));
        if (!differing.isEmpty()) {
            System.err.println(details);
            StringBuilder msg = new StringBuilder(summary).append("\nDiffering files");
            if (differing.size() > MAX_LISTED) msg.append(" (first ").append(MAX_LISTED).append(")");
            msg.append(":\n");
            for (String f : differing.subList(0, Math.min(MAX_LISTED, differing.size()))) msg.append("  ").append(f).append('\n');
            fail(msg.toString());
        }
    }

    /** File, first differing offset in the dump line, and ~80 characters of both sides around it. */
    private static void describe(StringBuilder out, Path file, String want, String got) {
        int n = Math.min(want.length(), got.length());
        int i = 0;
        while (i < n && want.charAt(i) == got.charAt(i)) i++;
        out.append("DIFFERS: ").append(file).append(" at offset ").append(i)
                .append(" (cpython ").append(want.length()).append(" chars, warden ").append(got.length()).append(")\n");
        out.append("  cpython: ").append(excerpt(want, i)).append('\n');
        out.append("  warden:  ").append(excerpt(got, i)).append('\n');
    }

    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - CONTEXT / 2);
        int to = Math.min(s.length(), at + CONTEXT);
        return (from > 0 ? "..." : "") + s.substring(from, Math.min(at, to)) + " >>>" + s.substring(Math.min(at, to), to)
                + (to < s.length() ? "..." : "");
    }

    // ------------------------------------------------------------------ finding CPython

    static Path findCPython() {
        String env = System.getenv("WARDEN_CPYTHON");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!is313(p)) {
                throw new AssertionError("WARDEN_CPYTHON=" + env + " is not a working CPython 3.13");
            }
            return p;
        }
        String pathVar = System.getenv("PATH");
        if (pathVar != null) {
            for (String dir : pathVar.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, "python3.13");
                if (Files.isExecutable(p) && is313(p)) return p;
            }
        }
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (Files.isDirectory(versions)) {
            List<Path> candidates = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(versions, "3.13*")) {
                for (Path d : ds) candidates.add(d.resolve("bin").resolve("python3.13"));
            } catch (IOException ignored) {
                // no candidates
            }
            candidates.sort((a, b) -> b.toString().compareTo(a.toString())); // newest-looking first
            for (Path p : candidates) if (Files.isExecutable(p) && is313(p)) return p;
        }
        return null;
    }

    private static boolean is313(Path python) {
        try {
            return ask(python, "import sys; print(sys.implementation.name == 'cpython' and sys.version_info[:2] == (3, 13))")
                    .equals("True");
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    private static String ask(Path python, String code) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python.toString(), "-c", code).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(python + " -c failed: " + out);
        return out;
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("tools").resolve("cpython_dump.py");
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError("tools/cpython_dump.py not found above " + Path.of("").toAbsolutePath());
    }
}
