package dev.warden.match;

import static org.junit.jupiter.api.Assertions.fail;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Semgrep's own pattern tests for Python ({@code ../shared/conformance/patterns/}, see that
 * folder's README, section "Pattern tests"), run through {@link SemgrepPattern} directly.
 *
 * <p>For each {@code python/X.py} the pattern is {@code python/X.sgrep}, else
 * {@code POLYGLOT/X.sgrep}. A line containing {@code ERROR:} or {@code MATCH:} means a match must
 * start on the next line; a case passes iff the set of lines where matches start equals the set
 * of annotated lines exactly (no markers: no match at all).
 *
 * <p>This is a ratchet, not a pass/fail list: the test fails only when a case named in
 * {@code src/test/resources/conformance/patterns-passing.txt} no longer passes. Every case's
 * result (expected and actual lines, or the exception) goes to
 * {@code target/pattern-conformance.txt}. After improving the matcher, record the new passes with
 * {@code mvn test -Dtest=PatternConformanceTest -Dwarden.conformance.update=true}, which rewrites
 * the ratchet file from the current results.
 *
 * <p>Each case runs on its own thread with a hard time limit ({@value #CASE_TIMEOUT_SECONDS} s,
 * overridable with {@code -Dwarden.conformance.timeout=SECONDS}), so an exponential matcher bug
 * turns into a failed case instead of a hung build. Without {@code ../shared} (a user's clone)
 * the test is skipped.
 */
class PatternConformanceTest {
    static final long CASE_TIMEOUT_SECONDS = 10;
    static final String RATCHET = "src/test/resources/conformance/patterns-passing.txt";
    static final String REPORT = "target/pattern-conformance.txt";

    /** One case's outcome; {@code actual} is null when the case threw or timed out. */
    record Result(String name, boolean pass, SortedSet<Integer> expected, SortedSet<Integer> actual, String error) {
        String line() {
            StringBuilder sb = new StringBuilder();
            sb.append(name).append('\t').append(pass ? "PASS" : "FAIL")
                    .append("\texpected=").append(expected)
                    .append("\tactual=").append(actual == null ? "-" : actual.toString());
            if (error != null) sb.append('\t').append(error);
            return sb.toString();
        }
    }

    @Test
    void semgrepPatternTests() throws Exception {
        Path root = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path corpus = root.resolve("../shared/conformance/patterns").normalize();
        Assumptions.assumeTrue(Files.isDirectory(corpus.resolve("python")),
                "pattern conformance skipped: Semgrep's pattern tests are not at " + corpus
                        + " (they live beside the project in ../shared, which a plain clone does not have)");

        long timeout = Long.getLong("warden.conformance.timeout", CASE_TIMEOUT_SECONDS);
        List<Path> targets;
        try (Stream<Path> s = Files.list(corpus.resolve("python"))) {
            targets = s.filter(p -> p.getFileName().toString().endsWith(".py")).sorted().toList();
        }

        Map<String, Result> results = new LinkedHashMap<>();
        for (Path target : targets) {
            String name = caseName(target);
            Result r = runCase(corpus, target, name, timeout);
            results.put(name, r);
        }

        int passed = 0;
        int failed = 0;
        List<String> lines = new ArrayList<>();
        for (Result r : results.values()) {
            if (r.pass()) passed++; else failed++;
            lines.add(r.line());
        }
        String summary = "pattern conformance: " + passed + " passed, " + failed + " failed";
        lines.add(0, "# " + summary + " (case, PASS/FAIL, expected start lines, actual start lines, error)");
        Path report = root.resolve(REPORT);
        Files.createDirectories(report.getParent());
        Files.write(report, lines, StandardCharsets.UTF_8);
        System.out.println(summary);
        System.out.println("pattern conformance: per-case results in " + report);

        Path ratchet = root.resolve(RATCHET);
        if (Boolean.getBoolean("warden.conformance.update")) {
            List<String> passing = new ArrayList<>();
            for (Result r : results.values()) if (r.pass()) passing.add(r.name());
            Files.createDirectories(ratchet.getParent());
            Files.write(ratchet, passing, StandardCharsets.UTF_8);
            System.out.println("pattern conformance: wrote " + passing.size() + " passing cases to " + ratchet);
            return;
        }

        SortedSet<String> mustPass = readRatchet(ratchet);
        List<String> regressions = new ArrayList<>();
        for (String name : mustPass) {
            Result r = results.get(name);
            if (r == null) {
                regressions.add(name + "\tlisted in " + RATCHET + " but no such case in " + corpus);
            } else if (!r.pass()) {
                regressions.add(r.line());
            }
        }
        int newlyPassing = 0;
        for (Result r : results.values()) if (r.pass() && !mustPass.contains(r.name())) newlyPassing++;
        if (newlyPassing > 0) {
            System.out.println("pattern conformance: " + newlyPassing + " passing cases are not yet in " + RATCHET
                    + "; record them with -Dwarden.conformance.update=true");
        }
        if (!regressions.isEmpty()) {
            fail(regressions.size() + " pattern conformance cases listed in " + RATCHET + " no longer pass:\n  "
                    + String.join("\n  ", regressions));
        }
    }

    /** The case name used in the ratchet file and the report: the target's base name. */
    static String caseName(Path target) {
        String f = target.getFileName().toString();
        return f.substring(0, f.length() - ".py".length());
    }

    static Result runCase(Path corpus, Path target, String name, long timeoutSeconds) {
        SortedSet<Integer> expected;
        String patternText;
        byte[] raw;
        try {
            raw = Files.readAllBytes(target);
            expected = expectedLines(new String(raw, StandardCharsets.UTF_8));
            Path pattern = corpus.resolve("python").resolve(name + ".sgrep");
            if (!Files.isRegularFile(pattern)) pattern = corpus.resolve("POLYGLOT").resolve(name + ".sgrep");
            if (!Files.isRegularFile(pattern)) {
                return new Result(name, false, new TreeSet<>(), null, "no pattern file python/" + name
                        + ".sgrep or POLYGLOT/" + name + ".sgrep");
            }
            patternText = Files.readString(pattern, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result(name, false, new TreeSet<>(), null, "cannot read case: " + e);
        }

        String path = target.toString();
        byte[] bytes = raw;
        String text = patternText;
        FutureTask<SortedSet<Integer>> task = new FutureTask<>(() -> {
            SemgrepPattern p = SemgrepPattern.compile(text);
            SourceDecoder.Decoded d = SourceDecoder.decode(path, bytes);
            ParseResult file = Parser.parse(d.source());
            SortedSet<Integer> lines = new TreeSet<>();
            for (Match m : p.matches(file)) lines.add(file.source().lines().line(m.start()));
            return lines;
        });
        // a large stack, as the launcher and surefire give the main thread (-Xss16m)
        Thread worker = new Thread(null, task, "pattern-conformance-" + name, 16L << 20);
        worker.setDaemon(true);
        worker.start();
        try {
            SortedSet<Integer> actual = task.get(timeoutSeconds, TimeUnit.SECONDS);
            return new Result(name, actual.equals(expected), expected, actual, null);
        } catch (TimeoutException e) {
            task.cancel(true);
            stop(worker);
            return new Result(name, false, expected, null, "TIMEOUT after " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String where = c.getStackTrace().length > 0 ? " at " + c.getStackTrace()[0] : "";
            return new Result(name, false, expected, null,
                    (c.getClass().getSimpleName().equals("PatternException") ? "pattern does not compile: " : "threw ") + c + where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(worker);
            return new Result(name, false, expected, null, "interrupted");
        }
    }

    /**
     * Lines where a match must start: the line after each line containing {@code ERROR:} or
     * {@code MATCH:}. Lines are split as Python splits them (\n, \r\n or \r).
     */
    static SortedSet<Integer> expectedLines(String text) {
        SortedSet<Integer> out = new TreeSet<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("ERROR:") || lines[i].contains("MATCH:")) out.add(i + 2);
        }
        return out;
    }

    /** Case names, one per line; blank lines and lines starting with '#' are ignored. */
    static SortedSet<String> readRatchet(Path file) throws IOException {
        SortedSet<String> out = new TreeSet<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }

    /**
     * Best effort to end a runaway matcher thread. Interrupting does not stop a busy loop, so on
     * JDKs that still support it (before 20) the thread is stopped outright, through reflection
     * to keep the deprecated-for-removal call out of the compiler's way. On newer JDKs the daemon
     * thread is left behind; it cannot keep the test JVM alive.
     */
    private static void stop(Thread t) {
        t.interrupt();
        try {
            Method m = Thread.class.getMethod("stop");
            m.invoke(t);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // UnsupportedOperationException on JDK 20+: nothing more can be done
        }
    }
}
