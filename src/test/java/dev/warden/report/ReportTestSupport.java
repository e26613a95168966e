package dev.warden.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Shared by the report tests: a scan project under {@code target/} (so paths are relative), runs, the schema checker. */
final class ReportTestSupport {
    private ReportTestSupport() {}

    /** The checker of /work/shared/schemas, beside the checkout. */
    static final Path VALIDATE = Path.of("../shared/schemas/validate");

    static final String RULES = """
            rules:
              - id: subprocess-shell-true
                message: subprocess.call($CMD) runs $CMD in a shell
                severity: ERROR
                languages: [python]
                metadata:
                  category: security
                  cwe: "CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')"
                  owasp:
                    - "A03:2021 - Injection"
                  confidence: HIGH
                  references:
                    - https://docs.python.org/3/library/subprocess.html
                pattern: subprocess.call($CMD, shell=True)
                fix: subprocess.call($CMD, shell=False)
              - id: print-call
                message: print() left in code
                severity: INFO
                languages: [python]
                metadata:
                  category: best-practice
                pattern: print(...)
            """;

    static final String APP = """
            import subprocess
            x = "é"; subprocess.call(cmd, shell=True)
            print("hi")
            subprocess.call(cmd,   shell=True)
            """;

    /** Exit status and what the command printed. */
    record Run(int status, String out, String err) {
        List<String> outLines() { return out.isEmpty() ? List.of() : List.of(out.split("\n")); }
    }

    static Run run(String... args) {
        dev.warden.cli.CliRun r = dev.warden.cli.CliRun.run(args);
        return new Run(r.status(), r.out(), r.err());
    }

    /** A fresh project directory under {@code target/}, given by a path relative to the working directory. */
    static Path project() throws IOException {
        Path base = Path.of("target", "report-tests");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "p");
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        if (p.getParent() != null) Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * Runs {@code validate KIND [flags] FILE} and returns its report; asserts it exits 0. Skipped
     * (assumption) when the checker is absent or cannot run here.
     */
    static String assertValid(String kind, Path file, String... flags) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(VALIDATE), "no schema checker at " + VALIDATE);
        List<String> cmd = new java.util.ArrayList<>(List.of(VALIDATE.toString(), kind));
        cmd.addAll(List.of(flags));
        cmd.add(file.toString());
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("cannot run " + VALIDATE + ": " + e.getMessage());
            return "";
        }
        String report = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "checker timed out");
        Assumptions.assumeFalse(report.contains("No module named"), "checker cannot run: " + report);
        assertTrue(proc.exitValue() == 0, "validate " + kind + " " + file + " failed:\n" + report);
        return report;
    }
}
