package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.match.Binding;
import dev.warden.match.SemgrepPattern;
import dev.warden.python.LineIndex;
import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
 * document ({@code semgrep_output_v1} {@code cli_output}) on stdout.
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
            description = "Semgrep-format rule file, or a directory of them (searched for .yaml/.yml); repeatable.")
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

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Files scanned in parallel (default: the number of processors).")
    Integer jobs;

    @Option(names = "--error", description = "Exit 1 when there are findings.")
    boolean errorOnFindings;

    @Option(names = "--strict", description = "Exit 2 also when a target has syntax errors (which only warn otherwise).")
    boolean strict;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories to scan (default: .).")
    List<Path> paths;

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
        if (pattern == null && (configs == null || configs.isEmpty())) {
            err.println("error: nothing to look for: pass rules with --config FILE or a pattern with -e PATTERN");
            return Main.EXIT_USAGE_OR_IO;
        }
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
            if (json) {
                ObjectNode doc = emptyOutput();
                ObjectNode error = ((ArrayNode) doc.get("errors")).addObject();
                error.put("code", Main.EXIT_USAGE_OR_IO);
                error.put("level", "error");
                error.put("type", "Pattern parse error");
                error.put("message", "invalid pattern: " + e.getMessage());
                writeStdout(MAPPER.writeValueAsString(doc) + "\n");
            }
            return Main.EXIT_USAGE_OR_IO;
        }

        Targets.Result targets = Targets.find(paths == null ? List.of() : paths);
        Scanner.Result result = new Scanner(checks, jobs == null ? Scanner.defaultJobs() : jobs).scan(targets.targets());

        boolean fatal = !targets.problems().isEmpty();
        boolean warned = false;
        for (Scanner.ScanError e : result.errors()) {
            if (e.kind().isWarning()) warned = true;
            else fatal = true;
        }

        RULES.set(rulesById);
        if (json) {
            writeStdout(MAPPER.writeValueAsString(toJson(result, targets.problems())) + "\n");
        } else {
            writeStdout(toText(result));
            for (Targets.Problem p : targets.problems()) err.println("error: " + p.path() + ": " + p.message());
            for (Scanner.ScanError e : result.errors()) err.println(describe(e));
            int files = result.scanned().size(), findings = result.findings().size();
            err.println("Ran " + plural(checks.size(), configs == null || configs.isEmpty() ? "pattern" : "rule") + " on " + plural(files, "file") + ": "
                    + plural(findings, "finding") + ".");
        }

        if (fatal || (strict && warned)) return Main.EXIT_USAGE_OR_IO;
        if (errorOnFindings && !result.findings().isEmpty()) return EXIT_FINDINGS;
        return Main.EXIT_OK;
    }

    /**
     * The rules of the {@code --config} files as checks, or null (after printing each error with
     * its file, line and column) when a rule file is invalid.
     */
    private List<Scanner.Check> ruleChecks(PrintStream err) {
        List<Scanner.Check> out = new java.util.ArrayList<>();
        boolean failed = false;
        for (Path config : configs) {
            dev.warden.rule.RuleLoader.LoadResult loaded = dev.warden.rule.RuleLoader.load(config);
            for (String notice : loaded.notices()) err.println(notice);
            for (dev.warden.rule.RuleError e : loaded.errors()) {
                err.println(e.format());
                failed = true;
            }
            for (dev.warden.rule.Rule rule : loaded.rules()) {
                if (rule.isTaint()) {
                    err.println("notice: rule " + rule.id() + " skipped: taint mode not supported yet");
                    continue;
                }
                rulesById.put(rule.id(), rule);
                out.add(new Scanner.Check(rule.id(), file -> {
                    List<dev.warden.match.Match> ms = new java.util.ArrayList<>();
                    for (dev.warden.rule.Finding f : dev.warden.rule.RuleEngine.run(rule, file)) {
                        ms.add(new dev.warden.match.Match(f.start(), f.end(), f.bindings()));
                    }
                    return ms;
                }));
            }
        }
        return failed ? null : out;
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

    /** The rules of the current run, for the static output functions. */
    private static final ThreadLocal<Map<String, dev.warden.rule.Rule>> RULES = ThreadLocal.withInitial(Map::of);

    private static String plural(int n, String word) { return n + " " + word + (n == 1 ? "" : "s"); }

    private static void writeStdout(String text) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        out.write(text);
        out.flush();
    }

    // ---------------------------------------------------------------- text

    static String toText(Scanner.Result result) {
        StringBuilder sb = new StringBuilder();
        for (Scanner.Finding f : result.findings()) {
            Source src = f.source();
            int start = f.match().start();
            LineIndex li = src.lines();
            int line = li.line(start);
            sb.append(f.path()).append(':').append(line).append(':').append(charColumn(src, start) + 1);
            dev.warden.rule.Rule rule = RULES.get().get(f.checkId());
            if (rule != null) {
                sb.append(' ').append(rule.id()).append(" [").append(rule.severity()).append("]\n    ")
                        .append(dev.warden.rule.RuleEngine.interpolate(rule.message(), f.match().bindings(), src).strip().replace("\n", "\n    "));
            }
            sb.append('\n');
            for (String l : lines(src, start, f.match().end()).split("\r\n|\r|\n", -1)) {
                sb.append("    ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    static String describe(Scanner.ScanError e) {
        StringBuilder sb = new StringBuilder(e.kind().isWarning() ? "warning: " : "error: ");
        sb.append(e.path());
        if (e.line() > 0) sb.append(':').append(e.line()).append(':').append(Math.max(1, e.column()));
        sb.append(": ").append(e.message());
        if (e.kind().isWarning()) sb.append(" (the rest of the file was scanned)");
        return sb.toString();
    }

    // ---------------------------------------------------------------- JSON

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode emptyOutput() {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("version", version());
        doc.putArray("results");
        doc.putArray("errors");
        doc.putObject("paths").putArray("scanned");
        doc.putArray("interfile_languages_used");
        doc.putArray("skipped_rules");
        return doc;
    }

    /** Semgrep's {@code cli_output} document for a scan. */
    static ObjectNode toJson(Scanner.Result result, List<Targets.Problem> problems) {
        ObjectNode doc = emptyOutput();
        ArrayNode results = (ArrayNode) doc.get("results");
        for (Scanner.Finding f : result.findings()) {
            Source src = f.source();
            ObjectNode m = results.addObject();
            m.put("check_id", f.checkId());
            m.put("path", f.path());
            m.set("start", position(src, f.match().start()));
            m.set("end", position(src, f.match().end()));
            ObjectNode extra = m.putObject("extra");
            dev.warden.rule.Rule rule = RULES.get().get(f.checkId());
            extra.put("message", rule == null ? "" : dev.warden.rule.RuleEngine.interpolate(rule.message(), f.match().bindings(), src));
            ObjectNode metavars = extra.putObject("metavars");
            for (Map.Entry<String, Binding> b : f.match().bindings().entrySet()) {
                Binding v = b.getValue();
                ObjectNode mv = metavars.putObject(b.getKey());
                mv.set("start", position(src, v.start()));
                mv.set("end", position(src, v.end()));
                mv.put("abstract_content", src.text(v.start(), v.end()));
            }
            extra.put("lines", lines(src, f.match().start(), f.match().end()));
            extra.put("severity", rule == null ? "ERROR" : rule.severity());
            if (rule != null && rule.metadata() != null) extra.set("metadata", MAPPER.valueToTree(rule.metadata()));
            else extra.putObject("metadata");
            if (rule != null && rule.fix() != null) {
                dev.warden.fix.Fixes.Edit edit = dev.warden.fix.Fixes.edit(new dev.warden.rule.Finding(rule, f.match().start(),
                        f.match().end(), f.match().bindings(), rule.message()), src);
                if (edit != null) extra.put("fix", edit.replacement());
            }
            extra.put("fingerprint", "requires login"); // what Semgrep OSS prints without a login
            extra.put("is_ignored", false);
            extra.put("engine_kind", "OSS");
        }
        ArrayNode errors = (ArrayNode) doc.get("errors");
        for (Targets.Problem p : problems) {
            ObjectNode e = errors.addObject();
            e.put("code", Main.EXIT_USAGE_OR_IO);
            e.put("level", "error");
            e.put("type", "SemgrepError");
            e.put("message", p.path() + ": " + p.message());
            e.put("path", p.path());
        }
        for (Scanner.ScanError se : result.errors()) errors.add(error(se));
        ArrayNode scanned = (ArrayNode) doc.get("paths").get("scanned");
        for (String s : result.scanned()) scanned.add(s);
        return doc;
    }

    private static ObjectNode error(Scanner.ScanError se) {
        ObjectNode e = MAPPER.createObjectNode();
        Source src = se.source();
        switch (se.kind()) {
            case LEXICAL, SYNTAX -> {
                e.put("code", 3); // Semgrep's code for a target that does not parse
                e.put("level", "warn");
                if (!se.unparsed().isEmpty() && src != null) {
                    // the parser recovered: Semgrep calls that partial parsing and lists what was skipped
                    ArrayNode type = e.putArray("type");
                    type.add("PartialParsing");
                    ArrayNode locations = type.addArray();
                    for (int[] r : se.unparsed()) {
                        ObjectNode loc = locations.addObject();
                        loc.put("path", se.path());
                        loc.set("start", position(src, r[0]));
                        loc.set("end", position(src, r[1]));
                    }
                } else {
                    e.put("type", se.kind() == Scanner.ErrorKind.LEXICAL ? "Lexical error" : "Syntax error");
                }
                e.put("message", "Syntax error at line " + se.path() + ":" + se.line() + ":\n " + se.message());
            }
            case READ -> {
                e.put("code", Main.EXIT_USAGE_OR_IO);
                e.put("level", "error");
                e.put("type", "SemgrepError");
                e.put("message", se.path() + ": " + se.message());
            }
            case INTERNAL -> {
                e.put("code", Main.EXIT_USAGE_OR_IO);
                e.put("level", "error");
                e.put("type", "Internal matching error");
                e.put("message", se.path() + ": " + se.message());
            }
        }
        e.put("path", se.path());
        if (src != null && se.startOffset() >= 0 && se.endOffset() >= se.startOffset() && se.endOffset() <= src.length()) {
            ObjectNode span = e.putArray("spans").addObject();
            span.put("file", se.path());
            span.set("start", position(src, se.startOffset()));
            span.set("end", position(src, se.endOffset()));
        }
        return e;
    }

    /** Semgrep's position: 1-based line, 1-based column counted in characters, 0-based byte offset. */
    static ObjectNode position(Source src, int offset) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("line", src.lines().line(offset));
        p.put("col", charColumn(src, offset) + 1);
        p.put("offset", offset);
        return p;
    }

    /** 0-based column of {@code offset} counted in characters (code points) from its line start. */
    static int charColumn(Source src, int offset) {
        LineIndex li = src.lines();
        int from = li.lineStart(li.line(offset));
        byte[] b = src.bytes();
        int k = 0;
        for (int i = from; i < offset; i++) if ((b[i] & 0xC0) != 0x80) k++;
        return k;
    }

    /**
     * The source lines a range touches, from the start of its first line to the end of its last
     * (without the final line break); a range ending at the start of a line does not touch it.
     */
    static String lines(Source src, int start, int end) {
        LineIndex li = src.lines();
        int first = li.line(start);
        int last = li.line(Math.max(start, end - 1));
        int from = li.lineStart(first);
        int to = last < li.lineCount() ? li.lineStart(last + 1) : src.length();
        byte[] b = src.bytes();
        if (to > from && b[to - 1] == '\n') to--;
        if (to > from && b[to - 1] == '\r') to--;
        return src.text(from, to);
    }

    /** The version Maven put in the jar, as in {@code warden --version}. */
    static String version() {
        try (InputStream in = ScanCommand.class.getResourceAsStream("/META-INF/maven/dev.warden/warden/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "0.0.0");
            }
        } catch (IOException ignored) {
            // keep the fallback
        }
        return "0.0.0-dev";
    }
}
