package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.ruletest.RuleTests;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden test [--json] [-j N] PATH...}: Semgrep's rule tests ({@code semgrep --test}); see
 * {@link RuleTests}. Exit status: 0 when every check and fix test passed (and every rule file
 * loaded), 1 otherwise, 2 on usage errors.
 */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run rule tests: each X.yaml on X.py beside it, checked against its "
                + "'# ruleid:' / '# ok:' annotations, and fixes checked against X.fixed.py.",
                "Exit status: 0 when all tests passed, 1 when some failed, 2 on usage errors."})
public final class TestCommand implements Callable<Integer> {
    /** Exit status when a test failed, as Semgrep's. */
    public static final int EXIT_FAILED = 1;

    @Option(names = "--json", description = "Print the JSON document semgrep --test --json prints.")
    boolean json;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Rule files tested in parallel (default: the number of processors).")
    Integer jobs;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or directories holding rule files and their targets.")
    List<Path> paths;

    @Override
    public Integer call() throws IOException {
        if (jobs != null && jobs < 1) {
            System.err.println("error: -j must be at least 1, not " + jobs);
            return Main.EXIT_USAGE_OR_IO;
        }
        RuleTests.Report report;
        try {
            report = RuleTests.run(paths, jobs == null ? Runtime.getRuntime().availableProcessors() : jobs);
        } catch (RuleTests.UsageException e) {
            System.err.println("error: " + e.getMessage());
            return Main.EXIT_USAGE_OR_IO;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        if (json) {
            out.write(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(RuleTests.toJson(report)));
            out.write('\n');
        } else {
            out.write(RuleTests.toText(report));
        }
        out.flush();
        return report.allPassed() ? Main.EXIT_OK : EXIT_FAILED;
    }
}
