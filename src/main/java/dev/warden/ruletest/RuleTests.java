package dev.warden.ruletest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.fix.Fixes;
import dev.warden.fix.UnifiedDiff;
import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import dev.warden.rule.Finding;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.rule.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code warden test}: Semgrep's rule tests ({@code semgrep --test}).
 *
 * <p>Every rule file {@code X.yaml} / {@code X.yml} under the given paths (directories searched
 * recursively, hidden files and directories skipped) is tested on its targets: the Python files
 * {@code X.py} / {@code X.pyi} beside it. A rule file without targets is listed in
 * {@code config_missing_tests}; one that does not load in {@code config_with_errors}.
 *
 * <p>Checks, per rule id (see {@link Annotations}): the expected lines are the {@code ruleid:}
 * lines, the reported lines the start lines of the rule's findings; lines marked
 * {@code todoruleid:} or {@code todook:} for that rule are removed from both. A check exists for
 * every rule id that is annotated {@code ruleid:}/{@code todoruleid:} or reported in a target, and
 * passes when the two line sets are equal in every target. An annotated id that names no rule of
 * the file is a failing check; rules for other languages than Python are skipped.
 *
 * <p>Fix tests: when {@code X.fixed.py} exists beside target {@code X.py}, the fixes of all
 * findings of all rules of the file are applied to the target and the result must equal the fixed
 * file (line endings normalized). Fix tests run even when the checks fail.
 *
 * <p>Each target is read and parsed once per rule file; rule files run in parallel on threads with
 * 16 MB stacks (the parser is recursive).
 */
public final class RuleTests {
    private static final Set<String> PYTHON = Set.of("python", "py", "python3", "python2");
    private static final Set<String> TARGET_EXTENSIONS = Set.of("py", "pyi");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RuleTests() {}

    /** Lines of one check in one target. */
    public record Lines(List<Integer> expected, List<Integer> reported) {
        public boolean equal() { return expected.equals(reported); }
    }

    /** One rule id's check over a config's targets (target absolute path → lines). */
    public record Check(String ruleId, boolean passed, Map<String, Lines> matches, List<String> errors) {}

    /** The checks of one config, by rule id. */
    public record ConfigResult(String config, Map<String, Check> checks) {}

    /** A config that failed to load, and why. */
    public record ConfigError(String config, String error) {}

    /** A fix test: target, expected file, verdict, the unified diff (expected → actual) when it failed. */
    public record FixTest(String target, String fixed, boolean passed, String diff, List<Fixes.Edit> skipped) {}

    /** Everything {@code warden test} found. */
    public record Report(List<String> missingTests, List<String> missingFixtests, List<ConfigError> withErrors,
                         List<ConfigResult> results, List<FixTest> fixtests) {
        public int passed() {
            int n = 0;
            for (ConfigResult r : results) for (Check c : r.checks.values()) if (c.passed) n++;
            for (FixTest f : fixtests) if (f.passed) n++;
            return n;
        }

        public int failed() {
            int n = 0;
            for (ConfigResult r : results) for (Check c : r.checks.values()) if (!c.passed) n++;
            for (FixTest f : fixtests) if (!f.passed) n++;
            return n;
        }

        /** Every check and fix test passed and every config loaded. */
        public boolean allPassed() { return failed() == 0 && withErrors.isEmpty(); }
    }

    /** Thrown for a path that does not exist or is neither a directory nor a rule file. */
    public static final class UsageException extends Exception {
        public UsageException(String message) { super(message); }
    }

    // ------------------------------------------------------------------ discovery

    /** The rule files under the paths, in order, each once. */
    public static List<Path> configs(List<Path> paths) throws UsageException, IOException {
        Set<Path> seen = new java.util.LinkedHashSet<>();
        for (Path p : paths) {
            if (!Files.exists(p)) throw new UsageException(p + ": no such file or directory");
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(RuleTests::isConfig).filter(f -> !hidden(p, f)).forEach(found::add);
                }
                found.sort(null);
                seen.addAll(found);
            } else if (isConfig(p)) {
                seen.add(p);
            } else {
                throw new UsageException(p + ": not a rule file (.yaml, .yml) or a directory");
            }
        }
        return new ArrayList<>(seen);
    }

    static boolean isConfig(Path p) {
        String n = p.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.endsWith(".test.yaml") && !n.endsWith(".test.yml");
    }

    private static boolean hidden(Path root, Path f) {
        Path rel = root.relativize(f);
        for (Path part : rel) if (part.toString().startsWith(".")) return true;
        return false;
    }

    static String stem(Path config) {
        String n = config.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    /** The targets of a rule file: {@code X.py} / {@code X.pyi} beside {@code X.yaml}. */
    public static List<Path> targets(Path config) throws IOException {
        Path dir = config.toAbsolutePath().getParent();
        String stem = stem(config);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(f -> {
                String n = f.getFileName().toString();
                if (!n.startsWith(stem + ".")) return;
                String ext = n.substring(stem.length() + 1);
                if (TARGET_EXTENSIONS.contains(ext)) out.add(config.resolveSibling(n));
            });
        }
        out.sort(null);
        return out;
    }

    /** {@code X.fixed.py} for target {@code X.py}. */
    static Path fixedFile(Path target) {
        String n = target.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return target.resolveSibling(n.substring(0, dot) + ".fixed" + n.substring(dot));
    }

    // ------------------------------------------------------------------ running

    /** Runs the rule tests under the paths with {@code jobs} threads. */
    public static Report run(List<Path> paths, int jobs) throws UsageException, IOException {
        List<Path> configs = configs(paths);
        List<ConfigOutcome> outcomes = new ArrayList<>();
        if (jobs <= 1 || configs.size() <= 1) {
            for (Path c : configs) outcomes.add(runConfig(c));
        } else {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(null, r, "warden-test-" + n.incrementAndGet(), 16L << 20);
                t.setDaemon(true);
                return t;
            };
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, configs.size()), tf);
            try {
                List<Future<ConfigOutcome>> futures = new ArrayList<>();
                for (Path c : configs) futures.add(pool.submit(() -> runConfig(c)));
                for (int i = 0; i < futures.size(); i++) {
                    try {
                        outcomes.add(futures.get(i).get());
                    } catch (ExecutionException e) {
                        outcomes.add(ConfigOutcome.error(configs.get(i), "internal error: " + e.getCause()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        List<String> missing = new ArrayList<>(), missingFix = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        List<ConfigResult> results = new ArrayList<>();
        List<FixTest> fixtests = new ArrayList<>();
        for (ConfigOutcome o : outcomes) {
            if (o.missingTests) missing.add(o.config);
            if (o.missingFixtests) missingFix.add(o.config);
            if (o.error != null) errors.add(new ConfigError(o.config, o.error));
            if (o.result != null) results.add(o.result);
            fixtests.addAll(o.fixtests);
        }
        return new Report(missing, missingFix, errors, results, fixtests);
    }

    /** What one config gave. */
    private record ConfigOutcome(String config, boolean missingTests, boolean missingFixtests, String error,
                                 ConfigResult result, List<FixTest> fixtests) {
        static ConfigOutcome error(Path config, String error) {
            return new ConfigOutcome(config.toString(), false, false, error, null, List.of());
        }
    }

    private static ConfigOutcome runConfig(Path config) throws IOException {
        String name = config.toString();
        List<Path> targets = targets(config);
        if (targets.isEmpty()) return new ConfigOutcome(name, true, false, null, null, List.of());

        var loaded = RuleLoader.load(config);
        if (!loaded.errors().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var e : loaded.errors()) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(e.format());
            }
            return ConfigOutcome.error(config, sb.toString());
        }
        List<Rule> all = loaded.rules();
        Set<String> allIds = new TreeSet<>();
        List<Rule> rules = new ArrayList<>();
        for (Rule r : all) {
            allIds.add(r.id());
            if (isPython(r)) rules.add(r);
        }
        boolean hasFix = rules.stream().anyMatch(r -> r.fix() != null || r.fixRegex() != null);

        Map<String, Map<String, Lines>> matches = new TreeMap<>();
        Map<String, List<String>> errors = new TreeMap<>();
        List<FixTest> fixtests = new ArrayList<>();
        boolean anyFixed = false;
        for (Path target : targets) {
            String abs = target.toAbsolutePath().normalize().toString();
            try {
                abs = target.toRealPath().toString();
            } catch (IOException ignored) {
                // keep the absolute path
            }
            byte[] raw = Files.readAllBytes(target);
            SourceDecoder.Decoded decoded = SourceDecoder.decode(target.toString(), raw);
            Source source = decoded.source();
            ParseResult parsed = Parser.parse(source);
            Annotations ann = Annotations.parse(source.text(0, source.length()));

            Map<String, List<Finding>> findings = new LinkedHashMap<>();
            for (Rule r : rules) {
                try {
                    findings.put(r.id(), dev.warden.scan.RuleRunner.run(r, parsed));
                } catch (RuntimeException | StackOverflowError e) {
                    findings.put(r.id(), List.of());
                    errors.computeIfAbsent(r.id(), x -> new ArrayList<>())
                            .add(target + ": internal error while running the rule: " + e);
                }
            }

            Set<String> ids = new TreeSet<>();
            ids.addAll(ann.ids(Annotations.Kind.RULEID));
            ids.addAll(ann.ids(Annotations.Kind.TODORULEID));
            for (Map.Entry<String, List<Finding>> e : findings.entrySet()) if (!e.getValue().isEmpty()) ids.add(e.getKey());
            ids.addAll(errors.keySet());
            for (String id : ids) {
                if (!findings.containsKey(id) && allIds.contains(id)) continue; // a rule for another language
                Set<Integer> ignored = new TreeSet<>(ann.lines(Annotations.Kind.TODORULEID, id));
                ignored.addAll(ann.lines(Annotations.Kind.TODOOK, id));
                Set<Integer> expected = new TreeSet<>(ann.lines(Annotations.Kind.RULEID, id));
                expected.removeAll(ignored);
                Set<Integer> reported = new TreeSet<>();
                for (Finding f : findings.getOrDefault(id, List.of())) reported.add(source.lines().line(f.start()));
                reported.removeAll(ignored);
                matches.computeIfAbsent(id, x -> new TreeMap<>()).put(abs, new Lines(List.copyOf(expected), List.copyOf(reported)));
                if (!findings.containsKey(id)) {
                    errors.computeIfAbsent(id, x -> new ArrayList<>())
                            .add(target + ": annotation for rule id '" + id + "', which is not a rule of " + name);
                }
            }

            Path fixed = fixedFile(target);
            if (Files.isRegularFile(fixed)) {
                anyFixed = true;
                List<Fixes.Edit> edits = new ArrayList<>();
                for (List<Finding> fs : findings.values()) {
                    for (Finding f : fs) {
                        Fixes.Edit e = Fixes.edit(f, source);
                        if (e != null) edits.add(e);
                    }
                }
                Fixes.AppliedBytes applied = Fixes.apply(source.bytes(), source.length(), edits);
                String actual = normalizeNewlines(applied.text());
                String want = normalizeNewlines(new String(Files.readAllBytes(fixed), StandardCharsets.UTF_8));
                boolean ok = actual.equals(want);
                String diff = ok ? "" : UnifiedDiff.diff(fixed.toString(), want, "autofix applied to " + target, actual);
                fixtests.add(new FixTest(target.toString(), fixed.toString(), ok, diff, applied.skipped()));
            }
        }

        Map<String, Check> checks = new TreeMap<>();
        Set<String> checkIds = new TreeSet<>(matches.keySet());
        checkIds.addAll(errors.keySet());
        for (String id : checkIds) {
            Map<String, Lines> m = matches.getOrDefault(id, Map.of());
            List<String> errs = errors.getOrDefault(id, List.of());
            boolean passed = errs.isEmpty() && m.values().stream().allMatch(Lines::equal);
            checks.put(id, new Check(id, passed, m, errs));
        }
        return new ConfigOutcome(name, false, hasFix && !anyFixed, null, new ConfigResult(name, checks), fixtests);
    }

    static boolean isPython(Rule r) {
        if (r.languages() == null) return false;
        for (String l : r.languages()) if (l != null && PYTHON.contains(l.toLowerCase(Locale.ROOT))) return true;
        return false;
    }

    private static String normalizeNewlines(String s) { return s.replace("\r\n", "\n").replace('\r', '\n'); }

    // ------------------------------------------------------------------ output

    /** The document {@code semgrep --test --json} prints. */
    public static ObjectNode toJson(Report report) {
        ObjectNode doc = MAPPER.createObjectNode();
        ArrayNode missing = doc.putArray("config_missing_tests");
        report.missingTests().forEach(missing::add);
        ArrayNode missingFix = doc.putArray("config_missing_fixtests");
        report.missingFixtests().forEach(missingFix::add);
        ArrayNode withErrors = doc.putArray("config_with_errors");
        for (ConfigError e : report.withErrors()) {
            ObjectNode o = withErrors.addObject();
            o.put("filename", e.config());
            o.put("error", e.error());
            o.putObject("output");
        }
        ObjectNode results = doc.putObject("results");
        for (ConfigResult r : report.results()) {
            ObjectNode checks = results.putObject(r.config()).putObject("checks");
            for (Check c : r.checks().values()) {
                ObjectNode o = checks.putObject(c.ruleId());
                o.put("passed", c.passed());
                ObjectNode m = o.putObject("matches");
                for (Map.Entry<String, Lines> e : c.matches().entrySet()) {
                    ObjectNode l = m.putObject(e.getKey());
                    ArrayNode exp = l.putArray("expected_lines");
                    e.getValue().expected().forEach(exp::add);
                    ArrayNode rep = l.putArray("reported_lines");
                    e.getValue().reported().forEach(rep::add);
                }
                ArrayNode errs = o.putArray("errors");
                c.errors().forEach(errs::add);
            }
        }
        ObjectNode fix = doc.putObject("fixtest_results");
        for (FixTest f : report.fixtests()) fix.putObject(f.target()).put("passed", f.passed());
        return doc;
    }

    /** Human output: per config and rule a ✓ or ✗ line, fix tests, errors, then {@code N passed, N failed}. */
    public static String toText(Report report) {
        StringBuilder sb = new StringBuilder();
        for (ConfigResult r : report.results()) {
            sb.append(r.config()).append('\n');
            if (r.checks().isEmpty()) sb.append("  (no annotations and no findings)\n");
            for (Check c : r.checks().values()) {
                sb.append("  ").append(c.passed() ? "✓ " : "✗ ").append(c.ruleId()).append('\n');
                if (!c.passed()) {
                    for (Map.Entry<String, Lines> e : c.matches().entrySet()) {
                        Lines l = e.getValue();
                        if (l.equal()) continue;
                        Set<Integer> missed = new TreeSet<>(l.expected());
                        missed.removeAll(l.reported());
                        Set<Integer> extra = new TreeSet<>(l.reported());
                        extra.removeAll(l.expected());
                        sb.append("      ").append(e.getKey()).append('\n');
                        sb.append("      expected lines: ").append(l.expected()).append('\n');
                        sb.append("      reported lines: ").append(l.reported()).append('\n');
                        sb.append("      missed lines: ").append(missed).append(", incorrect lines: ").append(extra).append('\n');
                    }
                    for (String err : c.errors()) sb.append("      error: ").append(err).append('\n');
                }
            }
        }
        for (FixTest f : report.fixtests()) {
            sb.append(f.passed() ? "✓ " : "✗ ").append("fix test ").append(f.fixed()).append('\n');
            if (!f.passed()) sb.append(f.diff());
            for (Fixes.Edit e : f.skipped()) {
                sb.append("      skipped an overlapping fix at bytes ").append(e.start()).append('-').append(e.end()).append('\n');
            }
        }
        for (String m : report.missingTests()) sb.append("no test target for ").append(m).append('\n');
        for (String m : report.missingFixtests()) sb.append("no fix test (X.fixed.py) for ").append(m).append('\n');
        for (ConfigError e : report.withErrors()) {
            sb.append("✗ ").append(e.config()).append(": the rules did not load\n").append(e.error()).append('\n');
        }
        sb.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
        return sb.toString();
    }
}
