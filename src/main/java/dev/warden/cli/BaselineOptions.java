package dev.warden.cli;

import dev.warden.scan.Baseline;
import dev.warden.scan.Scanner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code warden scan}'s baseline options, a picocli mixin: {@code --baseline-ref REF} (also
 * spelled as Semgrep's {@code --baseline-commit}) and {@code --baseline-file FILE}. With either,
 * only findings that are not in the baseline are reported (see {@link Baseline} and
 * {@link dev.warden.scan.Fingerprint}); the summary, {@code --error} and the JSON output all see
 * the filtered findings.
 */
public final class BaselineOptions {
    @Option(names = {"--baseline-ref", "--baseline-commit"}, paramLabel = "REF",
            description = "Report only findings that are not already there at REF (a branch, tag or commit of the git "
                    + "repository holding the scanned paths).")
    String ref;

    @Option(names = "--baseline-file", paramLabel = "FILE",
            description = "Report only findings that are not in FILE, an earlier `warden scan --json` (or semgrep --json) output.")
    Path file;

    /** True when a baseline was asked for. */
    public boolean active() { return ref != null || file != null; }

    /**
     * {@code result} without its baseline findings (itself when no baseline was asked for), or
     * null after printing the error to {@code err} when the baseline cannot be used (exit 2).
     * {@code paths} are the scan's paths as given (the repository is found from the first).
     */
    public Scanner.Result filter(Scanner.Result result, List<Scanner.Check> checks, List<Path> paths, PrintStream err) {
        if (!active()) return result;
        if (ref != null && file != null) {
            err.println("error: use --baseline-ref or --baseline-file, not both");
            return null;
        }
        Baseline baseline;
        try {
            if (ref != null) {
                List<String> withFindings = new ArrayList<>();
                for (Scanner.Finding f : result.findings()) withFindings.add(f.path());
                Path start = paths == null || paths.isEmpty() ? Path.of(".") : paths.get(0);
                baseline = Baseline.atRef(ref, start, checks, withFindings);
            } else {
                baseline = Baseline.fromJson(file);
            }
        } catch (Baseline.BaselineException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
        for (String w : baseline.warnings()) err.println("warning: " + w);
        Scanner.Result filtered = baseline.subtract(result);
        int hidden = result.findings().size() - filtered.findings().size();
        if (hidden > 0) {
            err.println("Baseline " + (ref != null ? ref : file.toString()) + ": " + hidden
                    + (hidden == 1 ? " finding was" : " findings were") + " already there and " + (hidden == 1 ? "is" : "are") + " not reported.");
        }
        return filtered;
    }
}
