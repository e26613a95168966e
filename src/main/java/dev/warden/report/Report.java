package dev.warden.report;

import dev.warden.fix.Fixes;
import dev.warden.match.Binding;
import dev.warden.python.LineIndex;
import dev.warden.python.Source;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.scan.Fingerprint;
import dev.warden.scan.Scanner;
import dev.warden.scan.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What a scan found, in the terms every output format needs, built once from the scanner's result
 * and the rules that ran: the findings (positions, interpolated message, severity, metadata, fix,
 * lines, metavariables), the problems with targets and files, and the files scanned. Immutable;
 * each {@link Formatter} renders it.
 *
 * @param version   Warden's version
 * @param findings  in the scanner's order (path, then offset), after the severity filter
 * @param rules     the rules that ran (after the severity filter), by id
 * @param problems  paths given on the command line that could not be scanned
 * @param errors    problems with single files (syntax errors are warnings)
 * @param failures  problems that stopped the scan before it started (an invalid pattern)
 * @param scanned   the files scanned, sorted
 * @param root      the directory paths are made relative to where a format wants relative paths
 *                  (SARIF's {@code %SRCROOT%}, GitLab's file locations): the working directory
 * @param started   when the scan started
 * @param ended     when it ended
 */
public record Report(String version, List<Finding> findings, Map<String, Rule> rules, List<Targets.Problem> problems,
                     List<Scanner.ScanError> errors, List<Failure> failures, List<String> scanned, Path root,
                     Instant started, Instant ended) {

    /** Exit code Semgrep gives errors that are not about a target's syntax. */
    public static final int ERROR_CODE = 2;

    public Report {
        findings = List.copyOf(findings);
        rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        problems = List.copyOf(problems);
        errors = List.copyOf(errors);
        failures = List.copyOf(failures);
        scanned = List.copyOf(scanned);
    }

    /**
     * One finding. {@code rule} is null for a {@code -e} pattern (check id {@code "-"}); then
     * {@code message} is empty and {@code severity} {@code ERROR}, as in Semgrep. {@code fix} is
     * the edit the rule's {@code fix} or {@code fix-regex} proposes, or null; {@code fingerprint}
     * the finding's {@link Fingerprint} (stable across line shifts).
     */
    public record Finding(String checkId, String path, Source source, int startOffset, int endOffset,
                          Position start, Position end, Rule rule, String message, String severity,
                          Map<String, Object> metadata, Fixes.Edit fix, String lines, Map<String, Binding> bindings,
                          String fingerprint, dev.warden.match.DataflowTrace trace) {
        /** The matched code. */
        public String code() { return source.text(startOffset, endOffset); }
    }

    /** A problem that is not about one file, e.g. {@code type} "Pattern parse error". */
    public record Failure(String type, String message) {}

    /** Semgrep's position: 1-based line, 1-based column counted in characters (code points), 0-based byte offset. */
    public record Position(int line, int col, int offset) {
        public static Position of(Source src, int offset) {
            return new Position(src.lines().line(offset), charColumn(src, offset) + 1, offset);
        }
    }

    /**
     * The report of a scan. {@code rulesById} are the rules of the run (a finding whose check id is
     * not among them is a {@code -e} pattern's); {@code severities} keeps only the findings and
     * rules of those severities (see {@link Severity#matches}), all when empty.
     */
    public static Report of(Scanner.Result result, List<Targets.Problem> problems, Map<String, Rule> rulesById,
                            Collection<String> severities, Instant started) {
        Set<String> keep = Severity.filter(severities);
        Map<Scanner.Finding, String> fingerprints = Fingerprint.of(result.findings()); // before filtering: stable indices
        // each finding's message, positions, lines and fix are its own: made in parallel, kept in order
        List<Scanner.Finding> all = result.findings();
        Finding[] made = new Finding[all.size()];
        java.util.stream.IntStream.range(0, all.size()).parallel().forEach(i -> {
            Scanner.Finding f = all.get(i);
            Rule rule = rulesById.get(f.checkId());
            String severity = rule == null ? "ERROR" : rule.severity();
            if (Severity.matches(keep, severity)) made[i] = finding(f, rule, severity, fingerprints.get(f));
        });
        List<Finding> findings = new ArrayList<>(made.length);
        for (Finding f : made) if (f != null) findings.add(f);
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<Rule> sorted = new ArrayList<>(rulesById.values());
        sorted.sort(Comparator.comparing(Rule::id));
        for (Rule r : sorted) if (Severity.matches(keep, r.severity())) rules.put(r.id(), r);
        return new Report(toolVersion(), findings, rules, problems, result.errors(), List.of(), result.scanned(),
                workingDirectory(), started, Instant.now());
    }

    /** The report of a scan that could not start: no findings, one failure. */
    public static Report failed(Failure failure) {
        Instant now = Instant.now();
        return new Report(toolVersion(), List.of(), Map.of(), List.of(), List.of(), List.of(failure), List.of(),
                workingDirectory(), now, now);
    }

    /** The same report with paths made relative to {@code root} (tests, or a checkout elsewhere). */
    public Report withRoot(Path root) {
        return new Report(version, findings, rules, problems, errors, failures, scanned,
                root.toAbsolutePath().normalize(), started, ended);
    }

    /** True when something went wrong beyond syntax errors in targets (which only warn). */
    public boolean hasFatalErrors() {
        if (!problems.isEmpty() || !failures.isEmpty()) return true;
        for (Scanner.ScanError e : errors) if (!e.kind().isWarning()) return true;
        return false;
    }

    private static Finding finding(Scanner.Finding f, Rule rule, String severity, String fingerprint) {
        Source src = f.source();
        int start = f.match().start(), end = f.match().end();
        Map<String, Binding> bindings = f.match().bindings();
        String message = rule == null ? "" : RuleEngine.interpolate(rule.message(), bindings, src);
        Map<String, Object> metadata = rule == null || rule.metadata() == null ? Map.of() : rule.metadata();
        Fixes.Edit fix = null;
        if (rule != null && (rule.fix() != null || rule.fixRegex() != null)) {
            fix = Fixes.edit(new dev.warden.rule.Finding(rule, start, end, bindings, rule.message()), src);
        }
        return new Finding(f.checkId(), f.path(), src, start, end, Position.of(src, start), Position.of(src, end),
                rule, message, severity, metadata, fix, lines(src, start, end), bindings, fingerprint, f.match().trace());
    }

    // ---------------------------------------------------------------- source helpers

    /** 0-based column of {@code offset} counted in characters (code points) from its line start. */
    public static int charColumn(Source src, int offset) {
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
    public static String lines(Source src, int start, int end) {
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

    /**
     * {@code path} relative to {@link #root} with {@code /} separators, or null when it lies
     * outside the root.
     */
    public String relativePath(String path) {
        Path abs = Path.of(path).toAbsolutePath().normalize();
        if (root == null || !abs.startsWith(root) || abs.equals(root)) return null;
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(abs)) {
            if (sb.length() > 0) sb.append('/');
            sb.append(part);
        }
        return sb.toString();
    }

    private static Path workingDirectory() { return Path.of("").toAbsolutePath().normalize(); }

    /** The version Maven put in the jar, as in {@code warden --version}. */
    public static String toolVersion() {
        try (InputStream in = Report.class.getResourceAsStream("/META-INF/maven/dev.warden/warden/pom.properties")) {
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
