package dev.warden.cli;

import dev.warden.fix.Autofix;
import dev.warden.rule.Rule;
import dev.warden.scan.Scanner;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code warden scan --autofix [--dryrun]} (Semgrep's flag names), a picocli mixin of
 * {@link ScanCommand}: after the scan, the fixes of the findings ({@code fix:}, {@code fix-regex:})
 * are written to the files, or with {@code --dryrun} printed as a unified diff per file (on stdout;
 * on stderr under {@code --json}, which owns stdout). Skipped fixes are listed on stderr, then
 * {@code Fixed N findings in M files; K skipped (reasons)}. {@code --dryrun} without
 * {@code --autofix} is a usage error (the group below makes {@code --autofix} required with it).
 */
public final class AutofixOptions {
    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Autofix:%n")
    Group group;

    static final class Group {
        @Option(names = {"-a", "--autofix"}, required = true,
                description = "Apply the fixes of the rules (fix:, fix-regex:) to the files.")
        boolean autofix;

        @Option(names = "--dryrun", description = "With --autofix: print the fixes as a diff instead of writing files.")
        boolean dryRun;
    }

    public boolean enabled() { return group != null && group.autofix; }

    public boolean dryRun() { return enabled() && group.dryRun; }

    /**
     * Applies (or shows) the fixes of the scan's findings when {@code --autofix} is on; false when
     * a file could not be written (an I/O error, which makes the scan fail).
     */
    boolean run(Scanner.Result result, Map<String, Rule> rules, boolean json, PrintStream err) throws IOException {
        if (!enabled()) return true;
        Autofix.Outcome outcome = Autofix.run(result.findings(), rules, dryRun());
        if (dryRun()) {
            StringBuilder diffs = new StringBuilder();
            for (Autofix.FileFix f : outcome.files()) diffs.append(f.diff());
            if (json) {
                err.print(diffs);
            } else {
                Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                out.write(diffs.toString());
                out.flush();
            }
        }
        for (Autofix.Skip s : outcome.skipped()) err.println("warning: " + s.describe());
        err.println(outcome.summary(dryRun()));
        return !outcome.ioError();
    }
}
