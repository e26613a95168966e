package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.match.SemgrepPattern;
import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.report.Format;
import dev.warden.report.Formatter;
import dev.warden.report.Report;
import dev.warden.report.SemgrepJsonFormatter;
import dev.warden.report.Severity;
import dev.warden.report.TextFormatter;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden scan -e PATTERN [--lang python] [--json] [-j N] [--error] [--strict] [PATH...]}:
 * runs one Semgrep pattern over the Python files under the paths (default {@code .}).
 *
 * <p>Text output: per finding a line {@code path:line:col} (1-based, the column counted in
 * characters) and the matched source lines, indented; errors and the summary
 * ({@code Ran 1 pattern on N files: M findings.}) go to stderr. {@code --json}: Semgrep's CLI JSON
 * document ({@code semgrep_output_v1} {@code cli_output}) on stdout. {@code --sarif},
 * {@code --junit-xml}, {@code --gitlab-sast}, {@code --emacs}, {@code --vim}: the other formats of
 * {@link dev.warden.report} (one at most); {@code --output FILE} writes to a file instead;
 * {@code --severity LEVEL} keeps only findings of those severities.
 *
 * <p>Exit status as Semgrep's: 0 when the scan ran (findings or not, syntax errors in targets only
 * warn), 1 with {@code --error} when there are findings, 2 on errors (invalid pattern, unsupported
 * language, a path that does not exist or cannot be read, an internal error on a file; with
 * {@code --strict} also syntax errors in targets).
 *
 * <p>Where rules come from is kept apart from running them ({@link #checks}), so {@code --config}
 * can add YAML rules later as more {@link Scanner.Check}s.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scan Python files with a Semgrep pattern.",
                "Exit status: 0 on success (findings or not), 1 with --error when there are findings, "
                        + "2 on errors (invalid pattern, unreadable paths, ...)."})
public final class ScanCommand implements Callable<Integer> {
    /** Exit status for findings under {@code --error}, as Semgrep's. */
    public static final int EXIT_FINDINGS = 1;

    private static final Set<String> PYTHON_NAMES = Set.of("python", "py", "python3");

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG",
            description = "Semgrep-format rule file, or a directory of them (searched for .yaml/.yml); "
                    + "`builtin` (or `auto`) for Warden's built-in rules, `builtin:PREFIX` for those whose id starts with "
                    + "PREFIX (e.g. builtin:crypto, builtin:warden.python.tls.); repeatable.")
    List<Path> configs;

    /** Rules of the {@code --config} files by id, for the output's messages, severities and metadata. */
    private final Map<String, dev.warden.rule.Rule> rulesById = new java.util.HashMap<>();

    @Option(names = {"-e", "--pattern"}, paramLabel = "PATTERN", description = "Semgrep pattern to search for.")
    String pattern;

    @Option(names = {"-l", "--lang"}, paramLabel = "LANG", defaultValue = "python",
            description = "Language of the pattern: python (or py). Default: ${DEFAULT-VALUE}.")
    String lang;

    @Option(names = "--json", description = "Print Semgrep's JSON output format.")
    boolean json;

    // output formats (dev.warden.report): one at most, --json included
    @Option(names = "--sarif", description = "Print SARIF 2.1.0 (for GitHub code scanning).")
    boolean sarif;

    @Option(names = "--junit-xml", description = "Print JUnit XML: a failing test case per finding.")
    boolean junitXml;

    @Option(names = "--gitlab-sast", description = "Print GitLab's SAST report (security report schema v15).")
    boolean gitlabSast;

    @Option(names = "--emacs", description = "Print path:line:col:severity(rule-id):message lines for Emacs.")
    boolean emacs;

    @Option(names = "--vim", description = "Print path:line:col:E|W|I:rule-id:message lines for Vim's quickfix list.")
    boolean vim;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the output to FILE instead of stdout.")
    Path output;

    @Option(names = "--severity", paramLabel = "LEVEL",
            description = "Report only findings of this severity: INFO, WARNING, ERROR (or LOW, MEDIUM, HIGH, CRITICAL); repeatable.")
    List<String> severities;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Files scanned in parallel (default: the number of processors).")
    Integer jobs;

    @Option(names = "--error", description = "Exit 1 when there are findings.")
    boolean errorOnFindings;

    @Option(names = "--strict", description = "Exit 2 also when a target has syntax errors (which only warn otherwise).")
    boolean strict;

    // runtime options (as Semgrep's)
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Maximum time per rule per file; a rule past it is abandoned on that file and reported as a timeout (0: no limit). Default: ${DEFAULT-VALUE}.")
    double timeout;

    @Option(names = "--time", description = "Print on stderr the total time, the 10 slowest rules and the 10 slowest files.")
    boolean time;

    @Option(names = {"-q", "--quiet"}, description = "Print only findings (and errors): no summary, notices or warnings on stderr.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print each file left out by ignore files or --include/--exclude, and the rules run.")
    boolean verbose;

    @picocli.CommandLine.Mixin
    AutofixOptions autofix = new AutofixOptions();

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories to scan (default: .).")
    List<Path> paths;

    @picocli.CommandLine.Mixin
    SuppressionOptions suppressionOptions = new SuppressionOptions();

    @picocli.CommandLine.Mixin
    BaselineOptions baseline = new BaselineOptions();

    @picocli.CommandLine.Mixin
    TargetOptions targetOptions = new TargetOptions();

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        if (lang == null || !PYTHON_NAMES.contains(lang.toLowerCase(Locale.ROOT))) {
            err.println("error: unsupported language '" + lang + "': Warden scans Python only (--lang python)");
            return Main.EXIT_USAGE_OR_IO;
        }
        if (jobs != null && jobs < 1) {
            err.println("error: -j must be at least 1, not " + jobs);
            return Main.EXIT_USAGE_OR_IO;
        }
        if (!(timeout >= 0)) {
            err.println("error: --timeout must be 0 or more seconds, not " + timeout);
            return Main.EXIT_USAGE_OR_IO;
        }
        if (quiet && verbose) {
            err.println("error: choose --quiet or --verbose, not both");
            return Main.EXIT_USAGE_OR_IO;
        }
        notices = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : err;
        Format format = format(err);
        if (format == null) return Main.EXIT_USAGE_OR_IO;
        try {
            Severity.filter(severities);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_USAGE_OR_IO;
        }
        if (pattern == null && (configs == null || configs.isEmpty())) {
            configs = List.of(Path.of("builtin")); // neither --config nor -e: Warden's built-in rules (dev.warden.rule.BuiltinRules)
        }
        // the targets are found while the rules load (reading hundreds of rules is a good part of a big registry's scan)
        java.util.concurrent.CompletableFuture<Targets.Result> found = Background.supply("warden-targets",
                () -> Targets.find(paths == null ? List.of() : paths, targetOptions.options()));
        List<Scanner.Check> checks;
        try {
            checks = new java.util.ArrayList<>();
            if (configs != null && !configs.isEmpty()) {
                List<Scanner.Check> ruleChecks = ruleChecks(err);
                if (ruleChecks == null) return Main.EXIT_USAGE_OR_IO;
                checks.addAll(ruleChecks);
            }
            if (pattern != null) checks.addAll(checks());
        } catch (RuntimeException | StackOverflowError e) {
            err.println("error: internal error while compiling the pattern: " + e);
            return Main.EXIT_USAGE_OR_IO;
        } catch (Exception e) { // the pattern's PatternException: message with the position in the pattern
            err.println("error: invalid pattern: " + e.getMessage());
            if (format != Format.TEXT) {
                write(format.formatter().format(Report.failed(new Report.Failure("Pattern parse error", "invalid pattern: " + e.getMessage()))), err);
            }
            return Main.EXIT_USAGE_OR_IO;
        }

        java.time.Instant started = java.time.Instant.now();
        long startedNanos = System.nanoTime();
        Targets.Result targets = targetOptions.report(Background.join(found), notices);
        if (verbose) printVerbose(targets, checks, err);
        Scanner scanner = suppressionOptions.configure(new Scanner(checks, jobs == null ? Scanner.defaultJobs() : jobs)).timeout(timeout);
        dev.warden.scan.Timings timings = time ? new dev.warden.scan.Timings() : null;
        scanner.timings(timings);
        Scanner.Result result;
        if (!quiet && System.console() != null && !targets.targets().isEmpty()) {
            try (Progress progress = new Progress(err, targets.targets().size())) {
                result = scanner.onFileDone(progress::fileDone).scan(targets.targets());
            }
        } else {
            result = scanner.scan(targets.targets());
        }
        if ((result = baseline.filter(result, checks, paths, err)) == null) return Main.EXIT_USAGE_OR_IO;

        boolean fatal = !targets.problems().isEmpty();
        boolean warned = false;
        for (Scanner.ScanError e : result.errors()) {
            if (e.kind().isWarning()) warned = true;
            else fatal = true;
        }

        Report report = Report.of(result, targets.problems(), rulesById, severities, started);
        Formatter formatter = format.formatter();
        if (format == Format.JSON) { // suppressions mark ignored findings in the JSON tree; streamed, no String of it
            if (!writeJson(suppressionOptions.amendJson(SemgrepJsonFormatter.toJson(report), result), err)) fatal = true;
        } else if (!write(formatter.format(report), err)) {
            fatal = true;
        }
        if (!formatter.carriesErrors()) {
            for (String line : TextFormatter.errorLines(report)) {
                if (!quiet || !line.startsWith("warning: ")) err.println(line); // --quiet: errors only
            }
            int files = result.scanned().size(), findings = report.findings().size();
            if (!quiet) {
                err.println("Ran " + plural(checks.size(), configs == null || configs.isEmpty() ? "pattern" : "rule") + " on " + plural(files, "file") + ": "
                        + plural(findings, "finding") + ".");
            }
        }
        if (timings != null) timings.print(err, System.nanoTime() - startedNanos);

        suppressionOptions.printUnused(notices);
        if (!autofix.run(result, report.rules(), format != Format.TEXT && output == null, err)) fatal = true;
        if (fatal || (strict && warned)) return Main.EXIT_USAGE_OR_IO;
        if (errorOnFindings && !report.findings().isEmpty()) return EXIT_FINDINGS;
        return Main.EXIT_OK;
    }

    /**
     * The rules of the {@code --config} files as checks, or null (after printing each error with
     * its file, line and column) when a rule file is invalid.
     */
    private List<Scanner.Check> ruleChecks(PrintStream err) {
        List<Scanner.Check> out = new java.util.ArrayList<>();
        Set<String> builtinIds = new java.util.HashSet<>();
        boolean failed = false;
        for (Path config : configs) {
            boolean builtin = dev.warden.rule.BuiltinRules.isBuiltin(config);
            dev.warden.rule.RuleLoader.LoadResult loaded = RulePreload.take(config);
            if (loaded == null) loaded = builtin ? dev.warden.rule.BuiltinRules.load(config) : dev.warden.rule.RuleLoader.load(config);
            for (String notice : loaded.notices()) notices.println(notice);
            for (dev.warden.rule.RuleError e : loaded.errors()) {
                err.println(e.format());
                failed = true;
            }
            for (dev.warden.rule.Rule rule : loaded.rules()) {
                if (builtin && !builtinIds.add(rule.id())) continue; // two --config builtin:... selecting the same rule
                rulesById.put(rule.id(), rule);
                out.add(new Scanner.Check(rule.id(), new Scanner.FileMatcher() {
                    @Override
                    public List<dev.warden.match.Match> matches(ParseResult file) {
                        List<dev.warden.match.Match> ms = new java.util.ArrayList<>();
                        for (dev.warden.rule.Finding f : dev.warden.scan.RuleRunner.run(rule, file)) {
                            ms.add(new dev.warden.match.Match(f.start(), f.end(), f.bindings(), f.trace()));
                        }
                        return ms;
                    }

                    @Override
                    public boolean mayMatch(Source source) { return dev.warden.scan.RuleRunner.mayMatch(rule, source); }
                }));
            }
        }
        return failed ? null : out;
    }

    /** Where notices go: stderr, or nowhere under {@code --quiet}. */
    private PrintStream notices = System.err;

    /**
     * {@code --verbose}: the rules run, and each file the ignore files or {@code --include}/{@code --exclude}
     * left out (found by walking the paths again without them: only under {@code --verbose}).
     */
    private void printVerbose(Targets.Result targets, List<Scanner.Check> checks, PrintStream err) {
        err.println("notice: running " + plural(checks.size(), "rule") + ": "
                + String.join(", ", checks.stream().map(Scanner.Check::id).toList()));
        Targets.Result all = Targets.find(paths == null ? List.of() : paths, targetOptions.options()
                .withIgnoreFiles(false).withGitIgnore(false).withIncludes(List.of()).withExcludes(List.of()));
        Set<Path> kept = new java.util.HashSet<>(targets.targets());
        for (Path p : all.targets()) {
            if (!kept.contains(p)) err.println("notice: " + p + ": ignored (ignore files or --include/--exclude)");
        }
        err.println("notice: " + plural(targets.targets().size(), "file") + " to scan");
    }

    /** The check of the {@code -e} pattern. */
    private List<Scanner.Check> checks() throws Exception {
        SemgrepPattern compiled = SemgrepPattern.compile(pattern);
        return List.of(new Scanner.Check("-", new Scanner.FileMatcher() {
            @Override
            public List<dev.warden.match.Match> matches(ParseResult file) { return compiled.matches(file); }

            @Override
            public boolean mayMatch(Source source) { return compiled.mayMatch(source); }
        }));
    }

    private static String plural(int n, String word) { return n + " " + word + (n == 1 ? "" : "s"); }

    /** What is written to the output: encoded straight to the stream as UTF-8. */
    @FunctionalInterface
    private interface Output {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Writes text to {@code --output} or stdout; false (after saying why) when the file cannot be written. */
    private boolean write(String text, PrintStream err) throws IOException {
        return write(out -> out.write(text.getBytes(StandardCharsets.UTF_8)), err);
    }

    /** Writes a JSON document, on one line, without holding it as a String. */
    private boolean writeJson(com.fasterxml.jackson.databind.JsonNode doc, PrintStream err) throws IOException {
        return write(out -> {
            JSON_WRITER.writeValue(out, doc);
            out.write('\n');
        }, err);
    }

    private boolean write(Output content, PrintStream err) throws IOException {
        if (output == null) {
            java.io.OutputStream out = new java.io.BufferedOutputStream(System.out, 1 << 16); // stdout stays open
            content.writeTo(out);
            out.flush();
            return true;
        }
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(output), 1 << 16)) {
            content.writeTo(out);
            return true;
        } catch (IOException | SecurityException e) {
            err.println("error: cannot write " + output + ": " + e.getMessage());
            return false;
        }
    }

    /** The output format the flags choose (text without one), or null (after saying why) for several. */
    private Format format(PrintStream err) {
        List<Format> chosen = new java.util.ArrayList<>();
        if (json) chosen.add(Format.JSON);
        if (sarif) chosen.add(Format.SARIF);
        if (junitXml) chosen.add(Format.JUNIT_XML);
        if (gitlabSast) chosen.add(Format.GITLAB_SAST);
        if (emacs) chosen.add(Format.EMACS);
        if (vim) chosen.add(Format.VIM);
        if (chosen.size() > 1) {
            err.println("error: choose one output format, not " + String.join(" and ", chosen.stream().map(Format::flag).toList()));
            return null;
        }
        return chosen.isEmpty() ? Format.TEXT : chosen.get(0);
    }

    /** Leaves the stream open: stdout is written to again after the document (and closed by nobody). */
    private static final com.fasterxml.jackson.databind.ObjectWriter JSON_WRITER =
            new ObjectMapper().writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
}
