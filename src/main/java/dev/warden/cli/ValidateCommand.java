package dev.warden.cli;

import dev.warden.rule.RuleError;
import dev.warden.rule.RuleLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden validate --config C [--config C2 ...]}: loads and checks rule files (or
 * directories of them) without scanning anything. Each error is printed to stderr as
 * {@code FILE:LINE:COL: error: MESSAGE}, the offending YAML line and a caret; notices (rules
 * skipped for another language, ignored options) go to stderr too; then
 * {@code N rules OK, M errors}. Exit 0 when there is no error, 2 otherwise.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check Semgrep-format rule files without scanning.",
                "Exit status: 0 when every rule is valid, 2 when there are errors."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "C", required = true,
            description = "A rule file, or a directory searched recursively for .yaml/.yml files; `builtin` or "
                    + "`builtin:PREFIX` for Warden's built-in rules. Repeatable.")
    List<Path> configs;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        int rules = 0;
        int errors = 0;
        for (Path config : configs) {
            RuleLoader.LoadResult result = dev.warden.rule.BuiltinRules.isBuiltin(config)
                    ? dev.warden.rule.BuiltinRules.load(config) : RuleLoader.load(config);
            for (RuleError e : result.errors()) err.println(e.format());
            for (String n : result.notices()) err.println(n);
            rules += result.rules().size();
            errors += result.errors().size();
        }
        err.println(rules + " rules OK, " + errors + " errors");
        err.flush();
        return errors == 0 ? Main.EXIT_OK : Main.EXIT_USAGE_OR_IO;
    }
}
