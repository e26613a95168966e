package dev.warden.rule;

import dev.warden.match.SemgrepPattern;
import dev.warden.pattern.PatternException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads and validates Semgrep-format rule files into {@link Rule}s.
 *
 * <p>The YAML is read with snakeyaml-engine's node API, so every key and value keeps its
 * position and every error points at the offending key or value ({@link RuleError}). Both
 * syntaxes are accepted: the classic keys ({@code pattern}, {@code patterns},
 * {@code pattern-either}, {@code pattern-regex}, {@code pattern-not}, {@code pattern-inside},
 * {@code metavariable-*}, {@code focus-metavariable}, ...) and the newer {@code match:}
 * ({@code all}, {@code any}, {@code not}, {@code inside}, {@code anywhere}, {@code regex},
 * {@code where}, {@code as}, {@code fix}); both load into the same {@link Formula} tree. Taint
 * rules ({@code mode: taint} with {@code pattern-sources}/..., or {@code taint:}) are checked for
 * sources and sinks and kept raw in {@link Rule#taint()}.
 *
 * <p>Rules whose {@code languages} do not include Python, and modes Warden does not run
 * ({@code join}, {@code extract}, ...), are skipped with a notice. A file with any error
 * contributes no rules; loading goes on with the other files. Within a file each rule is checked
 * on its own, so one file can report one error per broken rule.
 */
public final class RuleLoader {
    private RuleLoader() {}

    /** The rules that loaded, the errors (each pointing into a file), and notices (skipped rules, ignored options). */
    public record LoadResult(List<Rule> rules, List<RuleError> errors, List<String> notices) {
        public boolean ok() { return errors.isEmpty(); }
    }

    static final Set<String> PYTHON_LANGUAGES = Set.of("python", "py", "python3");
    static final List<String> SEVERITIES =
            List.of("INFO", "WARNING", "ERROR", "LOW", "MEDIUM", "HIGH", "CRITICAL", "INVENTORY", "EXPERIMENT");

    private static final List<String> SEARCH_FORMULA_KEYS = List.of("pattern", "patterns", "pattern-either", "pattern-regex", "match");
    private static final List<String> TAINT_KEYS = List.of("pattern-sources", "pattern-sinks", "pattern-sanitizers", "pattern-propagators");
    private static final List<String> RULE_KEYS = List.of(
            "id", "message", "severity", "languages", "metadata", "options", "paths", "fix", "fix-regex",
            "min-version", "max-version", "mode", "focus-metavariable",
            "pattern", "patterns", "pattern-either", "pattern-regex", "match",
            "pattern-sources", "pattern-sinks", "pattern-sanitizers", "pattern-propagators", "taint");
    /** Semgrep rule keys for features Warden does not have: accepted, ignored with a notice. */
    private static final List<String> IGNORED_RULE_KEYS = List.of(
            "equivalences", "r2c-internal-project-depends-on", "project-depends-on", "product", "validators",
            "dest-language", "extract", "reduce", "join", "steps", "deprecated", "secrets");
    private static final List<String> MODES = List.of("search", "taint", "join", "extract", "steps");

    /** Formula keys valid as items of {@code patterns} (besides the metavariable conditions). */
    private static final List<String> PATTERNS_ITEM_KEYS = List.of(
            "pattern", "pattern-not", "pattern-inside", "pattern-not-inside", "pattern-either", "patterns",
            "pattern-regex", "pattern-not-regex", "semgrep-internal-pattern-anywhere",
            "metavariable-regex", "metavariable-pattern", "metavariable-comparison", "metavariable-analysis",
            "metavariable-type", "focus-metavariable");
    private static final List<String> CONDITION_KEYS = List.of(
            "metavariable-regex", "metavariable-pattern", "metavariable-comparison", "metavariable-analysis",
            "metavariable-type", "focus-metavariable");
    private static final List<String> EITHER_ITEM_KEYS = List.of(
            "pattern", "pattern-inside", "pattern-either", "patterns", "pattern-regex", "semgrep-internal-pattern-anywhere");
    private static final List<String> NEW_FORMULA_KEYS = List.of("pattern", "all", "any", "regex", "not", "inside", "anywhere");
    private static final List<String> ANALYZERS = List.of("entropy", "entropy_v2", "redos");

    /** Options that change matching, mapped onto {@link RuleOptions}. */
    private static final List<String> SUPPORTED_OPTIONS = List.of(
            "constant_propagation", "symbolic_propagation", "decorators_order_matters", "symmetric_eq",
            "commutative_boolop", "taint_assume_safe_functions", "taint_assume_safe_indexes",
            "taint_assume_safe_booleans", "taint_assume_safe_numbers", "taint_assume_safe_comparisons",
            "taint_only_propagate_through_assignments", "taint_unify_mvars", "attr_expr");
    /** Semgrep options Warden accepts but does not implement (or that mean nothing for Python). */
    private static final Set<String> KNOWN_SEMGREP_OPTIONS = Set.of(
            "ac_matching", "arrow_is_function", "let_is_var", "vardef_assign", "flddef_assign",
            "go_deeper_expr", "go_deeper_stmt", "implicit_deep_exprstmt", "implicit_ellipsis", "implicit_return",
            "xml_attrs_implicit_ellipsis", "commutative_compop", "unify_ids_strictly", "mvdelta", "max_match_per_file",
            "interfile", "cpp_parse_mode", "polymorphic_taint",
            "taint_intrafile", "generic_engine", "generic_multiline", "generic_caseless", "generic_braces",
            "generic_extra_braces", "generic_extra_word_characters", "generic_ellipsis_max_span",
            "generic_comment_style");

    private static final java.util.regex.Pattern METAVARIABLE =
            java.util.regex.Pattern.compile("\\$(\\.\\.\\.)?([A-Z_][A-Z0-9_]*)");

    // ------------------------------------------------------------------------------------------
    // Entry points

    /** Loads a rule file, or every {@code .yaml}/{@code .yml} under a directory (sorted, hidden directories skipped). */
    public static LoadResult load(Path configFileOrDir) {
        List<Rule> rules = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        if (!Files.exists(configFileOrDir)) {
            errors.add(new RuleError(new Position(configFileOrDir.toString(), 1, 1), "no such file or directory", null));
            return new LoadResult(rules, errors, notices);
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(configFileOrDir)) {
            try (Stream<Path> walk = Files.walk(configFileOrDir)) {
                walk.filter(p -> Files.isRegularFile(p))
                        .filter(p -> { String n = p.getFileName().toString(); return n.endsWith(".yaml") || n.endsWith(".yml"); })
                        .filter(p -> !hiddenBelow(configFileOrDir, p))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                errors.add(new RuleError(new Position(configFileOrDir.toString(), 1, 1), "cannot read directory: " + e.getMessage(), null));
            }
        } else {
            files.add(configFileOrDir);
        }
        // files load independently, on all cores (a registry of hundreds of rules is start-up time),
        // and are merged in order: the same rules and errors in the same order as one by one
        LoadResult[] each = new LoadResult[files.size()];
        // a registry repeats many pattern texts across its rules (a quarter of them): each is compiled once
        Map<String, SemgrepPattern> compiled = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
            Path f = files.get(i);
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                each[i] = new LoadResult(List.of(), List.of(new RuleError(new Position(f.toString(), 1, 1), "cannot read file: " + e.getMessage(), null)), List.of());
                return;
            }
            each[i] = new FileLoader(f.toString(), text, compiled).load();
        });
        for (LoadResult one : each) {
            rules.addAll(one.rules());
            errors.addAll(one.errors());
            notices.addAll(one.notices());
        }
        return new LoadResult(rules, errors, notices);
    }

    private static boolean hiddenBelow(Path root, Path file) {
        Path rel = root.relativize(file);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            if (rel.getName(i).toString().startsWith(".")) return true;
        }
        return false;
    }

    /** Loads the rules of one YAML text; {@code path} names the file in positions. */
    public static LoadResult load(String path, String yamlText) {
        return new FileLoader(path, yamlText, new java.util.HashMap<>()).load();
    }

    // ------------------------------------------------------------------------------------------

    /** An error that abandons the rule being read. */
    private static final class Invalid extends RuntimeException {
        final Position position;

        Invalid(Position position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    /** A rule that is not for Warden (another language, another mode): skipped with a notice. */
    private static final class Skip extends RuntimeException {
        Skip(String notice) { super(notice, null, false, false); }
    }

    /** The lines of a text, split at \r\n, \r or \n (as {@code split("\r\n|\r|\n", -1)}, without a regex per character). */
    static String[] splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0, n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\r') continue;
            out.add(text.substring(start, i));
            if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
            start = i + 1;
        }
        out.add(text.substring(start));
        return out.toArray(new String[0]);
    }

    /** YAML 1.2's core schema, made once: it is only read while composing. */
    private static final CoreSchema CORE_SCHEMA = new CoreSchema();

    private static final class FileLoader {
        private final String file;
        private final String text;
        /** The file's lines, split only when an error needs them (most files have none). */
        private String[] lines;
        private final List<Rule> rules = new ArrayList<>();
        private final List<RuleError> errors = new ArrayList<>();
        private final List<String> notices = new ArrayList<>();
        /** Where each condition's / focus's metavariable names were written (for binding errors). */
        private final Map<Object, List<Position>> metavariablePositions = new IdentityHashMap<>();
        private String ruleId = "?";

        /** Patterns compiled so far in this load, by text (compiled patterns are immutable; rules share them). */
        private final Map<String, SemgrepPattern> compiledPatterns;

        FileLoader(String file, String text, Map<String, SemgrepPattern> compiledPatterns) {
            this.file = file;
            this.text = text;
            this.compiledPatterns = compiledPatterns;
        }

        LoadResult load() {
            List<Node> docs = new ArrayList<>();
            try {
                LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(CORE_SCHEMA)
                        .setCodePointLimit(64 * 1024 * 1024).build();
                for (Node n : new Compose(settings).composeAllFromReader(new StringReader(text))) docs.add(n);
            } catch (MarkedYamlEngineException e) {
                Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
                String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
                String context = e.getContext() != null ? e.getContext() + ": " : "";
                errors.add(error(mark.map(this::pos).orElse(new Position(file, 1, 1)), "invalid YAML: " + context + problem));
                return result();
            } catch (YamlEngineException e) {
                errors.add(error(new Position(file, 1, 1), "invalid YAML: " + e.getMessage()));
                return result();
            }
            if (docs.isEmpty()) {
                errors.add(error(new Position(file, 1, 1), "empty rule file: expected a map with a `rules:` list"));
                return result();
            }
            List<Rule> loaded = new ArrayList<>();
            for (Node doc : docs) {
                if (!(doc instanceof MappingNode top)) {
                    errors.add(error(pos(doc), "expected a map with a `rules:` list at the top of the rule file, found " + describe(doc)));
                    continue;
                }
                Map<String, NodeTuple> entries;
                try {
                    entries = entries(top);
                } catch (Invalid e) {
                    errors.add(error(e.position, e.getMessage()));
                    continue;
                }
                NodeTuple rulesEntry = entries.get("rules");
                if (rulesEntry == null) {
                    errors.add(error(pos(top), "missing `rules:` key at the top of the rule file"));
                    continue;
                }
                for (String k : entries.keySet()) {
                    if (!k.equals("rules")) notices.add(pos(entries.get(k).getKeyNode()) + ": notice: top-level key `" + k + "` ignored");
                }
                Node rulesNode = rulesEntry.getValueNode();
                if (isNull(rulesNode)) continue;
                if (!(rulesNode instanceof SequenceNode seq)) {
                    errors.add(error(pos(rulesNode), "`rules` must be a list of rules, found " + describe(rulesNode)));
                    continue;
                }
                for (Node ruleNode : seq.getValue()) {
                    ruleId = "?";
                    try {
                        Rule r = rule(ruleNode);
                        loaded.add(r);
                    } catch (Invalid e) {
                        errors.add(error(e.position, e.getMessage()));
                    } catch (Skip s) {
                        notices.add("notice: " + s.getMessage());
                    }
                }
            }
            if (errors.isEmpty()) rules.addAll(loaded);
            return result();
        }

        private LoadResult result() { return new LoadResult(rules, errors, notices); }

        private RuleError error(Position p, String message) {
            String[] lines = lines();
            String line = p.line() >= 1 && p.line() <= lines.length ? lines[p.line() - 1] : null;
            return new RuleError(p, message, line);
        }

        // --------------------------------------------------------------------------------------
        // A rule

        private Rule rule(Node node) {
            MappingNode m = map(node, "a rule");
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
                        && t.getValueNode() instanceof ScalarNode v && !isNull(v)) {
                    ruleId = v.getValue();
                }
            }
            Map<String, NodeTuple> e = entries(m);
            Position rulePos = pos(m);

            // id first, so later messages can name the rule
            NodeTuple idEntry = e.get("id");
            if (idEntry == null) throw invalid(rulePos, "rule is missing required key `id`");
            ruleId = string(idEntry.getValueNode(), "id");
            for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                String k = en.getKey();
                if (!RULE_KEYS.contains(k) && !IGNORED_RULE_KEYS.contains(k)) {
                    throw invalid(pos(en.getValue().getKeyNode()), "rule " + ruleId + ": unknown key `" + k
                            + "`; valid keys: " + String.join(", ", RULE_KEYS));
                }
            }

            NodeTuple langEntry = e.get("languages");
            if (langEntry == null) throw invalid(rulePos, "rule " + ruleId + ": missing required key `languages`");
            List<String> languages = stringList(langEntry.getValueNode(), "languages", false);
            if (languages.isEmpty()) throw invalid(pos(langEntry.getValueNode()), "rule " + ruleId + ": `languages` is empty");
            boolean python = false;
            for (String l : languages) python |= PYTHON_LANGUAGES.contains(l.toLowerCase(Locale.ROOT));
            if (!python) {
                throw new Skip("rule " + ruleId + " skipped: languages " + languages + " do not include python");
            }

            String mode = "search";
            NodeTuple modeEntry = e.get("mode");
            if (modeEntry != null) {
                mode = string(modeEntry.getValueNode(), "mode");
                if (!MODES.contains(mode)) {
                    throw invalid(pos(modeEntry.getValueNode()), "rule " + ruleId + ": unknown mode `" + mode
                            + "`; valid modes: " + String.join(", ", MODES));
                }
                if (!mode.equals("search") && !mode.equals("taint")) {
                    throw new Skip("rule " + ruleId + " skipped: mode " + mode + " is not supported");
                }
            }
            boolean taintMode = mode.equals("taint") || (modeEntry == null && e.containsKey("taint"));

            NodeTuple sevEntry = e.get("severity");
            if (sevEntry == null) throw invalid(rulePos, "rule " + ruleId + ": missing required key `severity`");
            String severity = string(sevEntry.getValueNode(), "severity");
            if (!SEVERITIES.contains(severity)) {
                throw invalid(pos(sevEntry.getValueNode()), "rule " + ruleId + ": invalid severity `" + severity
                        + "`; valid severities: " + String.join(", ", SEVERITIES));
            }
            NodeTuple msgEntry = e.get("message");
            if (msgEntry == null) throw invalid(rulePos, "rule " + ruleId + ": missing required key `message`");
            String message = string(msgEntry.getValueNode(), "message");

            for (String k : IGNORED_RULE_KEYS) {
                if (e.containsKey(k)) notices.add(pos(e.get(k).getKeyNode()) + ": notice: rule " + ruleId + ": `" + k + "` is not supported and ignored");
            }

            Map<String, Object> metadata = null;
            if (e.containsKey("metadata")) {
                Object md = plain(e.get("metadata").getValueNode());
                if (md != null && !(md instanceof Map)) {
                    throw invalid(pos(e.get("metadata").getValueNode()), "rule " + ruleId + ": `metadata` must be a map, found " + describe(e.get("metadata").getValueNode()));
                }
                @SuppressWarnings("unchecked") Map<String, Object> mdm = (Map<String, Object>) md;
                metadata = mdm;
            }
            RuleOptions options = e.containsKey("options") ? options(e.get("options").getValueNode()) : RuleOptions.DEFAULTS;

            List<String> include = List.of();
            List<String> exclude = List.of();
            if (e.containsKey("paths") && !isNull(e.get("paths").getValueNode())) {
                Map<String, NodeTuple> pe = entries(map(e.get("paths").getValueNode(), "paths"));
                for (Map.Entry<String, NodeTuple> en : pe.entrySet()) {
                    Node v = en.getValue().getValueNode();
                    switch (en.getKey()) {
                        case "include" -> include = stringList(v, "paths.include", true);
                        case "exclude" -> exclude = stringList(v, "paths.exclude", true);
                        default -> throw invalid(pos(en.getValue().getKeyNode()), "rule " + ruleId + ": unknown key `"
                                + en.getKey() + "` in `paths`; valid keys: include, exclude");
                    }
                }
            }

            String fix = e.containsKey("fix") ? string(e.get("fix").getValueNode(), "fix") : null;
            Rule.FixRegex fixRegex = e.containsKey("fix-regex") ? fixRegex(e.get("fix-regex").getValueNode()) : null;
            for (String k : List.of("min-version", "max-version")) {
                if (e.containsKey(k)) string(e.get(k).getValueNode(), k);
            }

            Formula formula = null;
            TaintSpec taint = null;
            if (taintMode) {
                for (String k : SEARCH_FORMULA_KEYS) {
                    if (e.containsKey(k)) {
                        throw invalid(pos(e.get(k).getKeyNode()), "rule " + ruleId + ": `" + k + "` is not valid in a taint rule; use "
                                + (e.containsKey("taint") ? "`taint:` sources and sinks" : "`pattern-sources` and `pattern-sinks`"));
                    }
                }
                taint = taint(e, rulePos);
                if (e.containsKey("focus-metavariable")) {
                    throw invalid(pos(e.get("focus-metavariable").getKeyNode()), "rule " + ruleId + ": `focus-metavariable` is not valid at the top of a taint rule");
                }
            } else {
                for (String k : TAINT_KEYS) {
                    if (e.containsKey(k)) {
                        throw invalid(pos(e.get(k).getKeyNode()), "rule " + ruleId + ": `" + k + "` needs `mode: taint`");
                    }
                }
                if (e.containsKey("taint")) {
                    throw invalid(pos(e.get("taint").getKeyNode()), "rule " + ruleId + ": `taint` is not valid with mode " + mode);
                }
                NodeTuple first = null;
                for (String k : SEARCH_FORMULA_KEYS) {
                    NodeTuple t = e.get(k);
                    if (t == null) continue;
                    if (first != null) {
                        throw invalid(pos(t.getKeyNode()), "rule " + ruleId + ": expected only one of "
                                + String.join(", ", SEARCH_FORMULA_KEYS) + ", found both `" + scalarText(first.getKeyNode())
                                + "` and `" + k + "`");
                    }
                    first = t;
                }
                if (first == null) {
                    throw invalid(rulePos, "rule " + ruleId + ": missing a formula: expected one of "
                            + String.join(", ", SEARCH_FORMULA_KEYS));
                }
                String key = scalarText(first.getKeyNode());
                formula = key.equals("match") ? newFormula(first.getValueNode(), false) : oldPair(first.getKeyNode(), first.getValueNode(), false, true);
                if (e.containsKey("focus-metavariable")) {
                    NodeTuple ft = e.get("focus-metavariable");
                    Formula.Focus focus = focus(ft.getKeyNode(), ft.getValueNode());
                    formula = new Formula.And(List.of(formula), List.of(), List.of(focus), pos(ft.getKeyNode()));
                }
                checkBindings(formula, Set.of());
            }
            return new Rule(ruleId, message, severity, List.copyOf(languages), metadata, options, include, exclude,
                    fix, fixRegex, formula, taint, rulePos);
        }

        private RuleOptions options(Node node) {
            if (isNull(node)) return RuleOptions.DEFAULTS;
            Map<String, NodeTuple> e = entries(map(node, "options"));
            boolean[] v = {true, false, false, false, false, false, false, false, false, false, false, false, true, false};
            for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                String k = en.getKey();
                int i = SUPPORTED_OPTIONS.indexOf(k);
                Position kp = pos(en.getValue().getKeyNode());
                if (k.equals("taint_focus_on") || k.equals("taint_match_on")) {
                    String where = string(en.getValue().getValueNode(), "options." + k);
                    if (!where.equals("source") && !where.equals("sink")) {
                        throw invalid(pos(en.getValue().getValueNode()), "rule " + ruleId + ": `" + k + "` must be `source` or `sink`");
                    }
                    v[13] = where.equals("source");
                } else if (i >= 0) {
                    v[i] = bool(en.getValue().getValueNode(), "options." + k);
                } else if (KNOWN_SEMGREP_OPTIONS.contains(k)) {
                    notices.add(kp + ": notice: rule " + ruleId + ": option `" + k + "` is not supported by Warden and is ignored");
                } else {
                    notices.add(kp + ": notice: rule " + ruleId + ": unknown option `" + k + "` ignored");
                }
            }
            return new RuleOptions(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[13], v[12]);
        }

        private Rule.FixRegex fixRegex(Node node) {
            Map<String, NodeTuple> e = entries(map(node, "fix-regex"));
            for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                if (!List.of("regex", "replacement", "count").contains(en.getKey())) {
                    throw invalid(pos(en.getValue().getKeyNode()), "rule " + ruleId + ": unknown key `" + en.getKey()
                            + "` in `fix-regex`; valid keys: regex, replacement, count");
                }
            }
            NodeTuple re = e.get("regex");
            if (re == null) throw invalid(pos(node), "rule " + ruleId + ": `fix-regex` is missing required key `regex`");
            NodeTuple rep = e.get("replacement");
            if (rep == null) throw invalid(pos(node), "rule " + ruleId + ": `fix-regex` is missing required key `replacement`");
            java.util.regex.Pattern compiled = regex(re.getValueNode(), 0);
            String replacement = string(rep.getValueNode(), "replacement");
            Integer count = null;
            if (e.containsKey("count")) count = integer(e.get("count").getValueNode(), "count");
            return new Rule.FixRegex(compiled, replacement, count);
        }

        private TaintSpec taint(Map<String, NodeTuple> e, Position rulePos) {
            Map<String, Node> lists = new LinkedHashMap<>();
            boolean newSyntax = e.containsKey("taint");
            if (newSyntax) {
                for (String k : TAINT_KEYS) {
                    if (e.containsKey(k)) {
                        throw invalid(pos(e.get(k).getKeyNode()), "rule " + ruleId + ": `" + k + "` cannot be mixed with `taint:`");
                    }
                }
                Node tn = e.get("taint").getValueNode();
                Map<String, NodeTuple> te = entries(map(tn, "taint"));
                List<String> valid = List.of("sources", "sinks", "sanitizers", "propagators");
                for (Map.Entry<String, NodeTuple> en : te.entrySet()) {
                    if (!valid.contains(en.getKey())) {
                        throw invalid(pos(en.getValue().getKeyNode()), "rule " + ruleId + ": unknown key `" + en.getKey()
                                + "` in `taint`; valid keys: " + String.join(", ", valid));
                    }
                    lists.put("pattern-" + en.getKey(), en.getValue().getValueNode());
                }
                for (String req : List.of("sources", "sinks")) {
                    if (!te.containsKey(req)) throw invalid(pos(tn), "rule " + ruleId + ": `taint` is missing required key `" + req + "`");
                }
            } else {
                for (String k : TAINT_KEYS) if (e.containsKey(k)) lists.put(k, e.get(k).getValueNode());
                for (String req : List.of("pattern-sources", "pattern-sinks")) {
                    if (!e.containsKey(req)) throw invalid(rulePos, "rule " + ruleId + ": taint rule is missing required key `" + req + "`");
                }
            }
            List<TaintSpec.Source> sources = new ArrayList<>();
            List<TaintSpec.Sink> sinks = new ArrayList<>();
            List<TaintSpec.Sanitizer> sanitizers = new ArrayList<>();
            List<TaintSpec.Propagator> propagators = new ArrayList<>();
            for (Map.Entry<String, Node> en : lists.entrySet()) {
                String kind = en.getKey();
                for (Node item : list(en.getValue(), kind).getValue()) {
                    TaintItem t = taintItem(kind, item, newSyntax);
                    switch (kind) {
                        case "pattern-sources" -> sources.add(new TaintSpec.Source(t.formula, t.bool("exact", false),
                                t.sideEffect(), t.string("label", TaintSpec.DEFAULT_LABEL), t.requires(), t.bool("control", false), t.position));
                        case "pattern-sinks" -> sinks.add(new TaintSpec.Sink(t.formula, t.bool("exact", true), t.requires(), t.position));
                        case "pattern-sanitizers" -> sanitizers.add(new TaintSpec.Sanitizer(t.formula, t.bool("exact", false),
                                t.sideEffect(), t.bool("not-conflicting", t.bool("not_conflicting", false)), t.position));
                        default -> {
                            String from = t.metavariable("from"), to = t.metavariable("to");
                            Set<String> bound = bound(t.formula);
                            for (String mv : List.of(from, to)) {
                                if (!isBound(mv, bound)) {
                                    throw invalid(t.position, "rule " + ruleId + ": propagator metavariable " + mv
                                            + " is not bound by its pattern" + boundHint(bound));
                                }
                            }
                            propagators.add(new TaintSpec.Propagator(t.formula, from, to, t.bool("by-side-effect", true),
                                    t.string("label", null), t.requires(), t.strings("replace-labels"), t.position));
                        }
                    }
                }
            }
            return new TaintSpec(List.copyOf(sources), List.copyOf(sinks), List.copyOf(sanitizers), List.copyOf(propagators));
        }

        private static final Map<String, List<String>> TAINT_ITEM_OPTIONS = Map.of(
                "pattern-sources", List.of("label", "requires", "exact", "by-side-effect", "control"),
                "pattern-sinks", List.of("requires", "exact", "at-exit"),
                "pattern-sanitizers", List.of("exact", "by-side-effect", "not-conflicting", "not_conflicting"),
                "pattern-propagators", List.of("from", "to", "by-side-effect", "label", "requires", "replace-labels"));
        private static final List<String> CLASSIC_TAINT_FORMULA_KEYS = List.of("pattern", "patterns", "pattern-either", "pattern-regex");

        /** One source/sink/sanitizer/propagator: its formula and its option entries. */
        private final class TaintItem {
            final Formula formula;
            final Map<String, NodeTuple> options;
            final Position position;

            TaintItem(Formula formula, Map<String, NodeTuple> options, Position position) {
                this.formula = formula;
                this.options = options;
                this.position = position;
            }

            boolean bool(String key, boolean dflt) {
                NodeTuple t = options.get(key);
                return t == null ? dflt : FileLoader.this.bool(t.getValueNode(), key);
            }

            String string(String key, String dflt) {
                NodeTuple t = options.get(key);
                return t == null ? dflt : FileLoader.this.string(t.getValueNode(), key);
            }

            List<String> strings(String key) {
                NodeTuple t = options.get(key);
                return t == null ? List.of() : stringList(t.getValueNode(), key, true);
            }

            String metavariable(String key) {
                NodeTuple t = options.get(key);
                if (t == null) throw invalid(position, "rule " + ruleId + ": propagator is missing required key `" + key + "`");
                String mv = FileLoader.this.string(t.getValueNode(), key).strip();
                if (!METAVARIABLE.matcher(mv).matches()) {
                    throw invalid(pos(t.getValueNode()), "rule " + ruleId + ": `" + key + "` must be a metavariable such as $X, found `" + mv + "`");
                }
                return mv;
            }

            TaintSpec.SideEffect sideEffect() {
                NodeTuple t = options.get("by-side-effect");
                if (t == null) return TaintSpec.SideEffect.NO;
                if (t.getValueNode() instanceof ScalarNode s && s.getValue().equals("only")) return TaintSpec.SideEffect.ONLY;
                return FileLoader.this.bool(t.getValueNode(), "by-side-effect") ? TaintSpec.SideEffect.YES : TaintSpec.SideEffect.NO;
            }

            LabelExpr requires() {
                NodeTuple t = options.get("requires");
                if (t == null) return null;
                try {
                    return LabelExpr.parse(FileLoader.this.string(t.getValueNode(), "requires"));
                } catch (IllegalArgumentException ex) {
                    throw invalid(pos(t.getValueNode()), "rule " + ruleId + ": invalid `requires`: " + ex.getMessage());
                }
            }
        }

        private TaintItem taintItem(String kind, Node item, boolean newSyntax) {
            Position p = pos(item);
            String what = "an item of `" + (newSyntax ? kind.substring("pattern-".length()) : kind) + "`";
            if (item instanceof ScalarNode s && !isNull(s)) {
                if (!newSyntax) {
                    throw invalid(p, "rule " + ruleId + ": " + what + " must be a map such as `pattern: " + s.getValue().strip() + "`");
                }
                Formula f = pattern(item, "pattern", true);
                return new TaintItem(f, Map.of(), p);
            }
            MappingNode m = map(item, what);
            Map<String, NodeTuple> e = entries(m);
            List<String> optionKeys = TAINT_ITEM_OPTIONS.get(kind);
            Map<String, NodeTuple> options = new LinkedHashMap<>();
            List<NodeTuple> formulaTuples = new ArrayList<>();
            for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                if (optionKeys.contains(en.getKey())) options.put(en.getKey(), en.getValue());
                else formulaTuples.add(en.getValue());
            }
            MappingNode formulaNode = new MappingNode(m.getTag(), true, formulaTuples, m.getFlowStyle(), m.getStartMark(), m.getEndMark());
            Formula f;
            if (newSyntax) {
                f = newFormula(formulaNode, false);
            } else {
                Map<String, NodeTuple> fe = entries(formulaNode);
                for (Map.Entry<String, NodeTuple> en : fe.entrySet()) {
                    if (!CLASSIC_TAINT_FORMULA_KEYS.contains(en.getKey())) {
                        List<String> valid = new ArrayList<>(CLASSIC_TAINT_FORMULA_KEYS);
                        valid.addAll(optionKeys);
                        throw invalid(pos(en.getValue().getKeyNode()), "rule " + ruleId + ": unknown key `" + en.getKey()
                                + "` in " + what + "; valid keys: " + String.join(", ", valid));
                    }
                }
                NodeTuple only = oneFormulaKey(formulaNode, fe, CLASSIC_TAINT_FORMULA_KEYS);
                f = oldPair(only.getKeyNode(), only.getValueNode(), false, false);
            }
            checkBindings(f, Set.of());
            return new TaintItem(f, options, p);
        }

        // --------------------------------------------------------------------------------------
        // The classic syntax

        /**
         * One classic formula key and its value. {@code inMetavariablePattern}: conjunctions need
         * no positive term there. {@code top}: only the rule's own keys are valid.
         */
        private Formula oldPair(Node keyNode, Node value, boolean inMetavariablePattern, boolean top) {
            String key = scalarText(keyNode);
            Position kp = pos(keyNode);
            switch (key) {
                case "pattern":
                    return pattern(value, "pattern", true);
                case "pattern-regex":
                    return regexFormula(value);
                case "pattern-not-regex":
                    return new Formula.Not(regexFormula(value), kp);
                case "pattern-not":
                    return new Formula.Not(stringOrPair(value, inMetavariablePattern), kp);
                case "pattern-inside":
                    return new Formula.Inside(stringOrPair(value, inMetavariablePattern), kp);
                case "pattern-not-inside":
                    return new Formula.NotInside(stringOrPair(value, inMetavariablePattern), kp);
                case "semgrep-internal-pattern-anywhere": {
                    if (value instanceof ScalarNode) return new Formula.Anywhere(pattern(value, key, true), kp);
                    MappingNode m = map(value, key);
                    Map<String, NodeTuple> e = entries(m);
                    NodeTuple only = oneFormulaKey(m, e, List.of("pattern", "patterns", "pattern-either", "pattern-regex"));
                    return new Formula.Anywhere(oldPair(only.getKeyNode(), only.getValueNode(), inMetavariablePattern, false), kp);
                }
                case "pattern-either": {
                    SequenceNode seq = list(value, key);
                    List<Formula> alternatives = new ArrayList<>();
                    for (Node item : seq.getValue()) {
                        if (item instanceof ScalarNode s && !isNull(s)) {
                            throw invalid(pos(item), "rule " + ruleId + ": strings are not allowed in `pattern-either`, "
                                    + "maybe try `pattern: " + s.getValue().strip() + "`");
                        }
                        MappingNode m = map(item, "an item of `pattern-either`");
                        Map<String, NodeTuple> e = entries(m);
                        NodeTuple only = singleEntry(m, e);
                        String k = scalarText(only.getKeyNode());
                        if (k.equals("pattern-not") || k.equals("pattern-not-inside") || k.equals("pattern-not-regex")) {
                            throw invalid(pos(only.getKeyNode()), "rule " + ruleId + ": `" + k
                                    + "` is not allowed in `pattern-either` (a negation needs a positive pattern beside it; use it under `patterns`)");
                        }
                        if (CONDITION_KEYS.contains(k)) {
                            throw invalid(pos(only.getKeyNode()), "rule " + ruleId + ": `" + k + "` must occur directly under `patterns`");
                        }
                        if (!EITHER_ITEM_KEYS.contains(k)) {
                            throw invalid(pos(only.getKeyNode()), "rule " + ruleId + ": unknown key `" + k
                                    + "` in `pattern-either`; valid keys: " + String.join(", ", EITHER_ITEM_KEYS));
                        }
                        alternatives.add(oldPair(only.getKeyNode(), only.getValueNode(), inMetavariablePattern, false));
                    }
                    return new Formula.Or(List.copyOf(alternatives), kp);
                }
                case "patterns":
                    return patterns(keyNode, value, inMetavariablePattern);
                case "focus-metavariable":
                case "metavariable-regex":
                case "metavariable-pattern":
                case "metavariable-comparison":
                case "metavariable-analysis":
                case "metavariable-type":
                    throw invalid(kp, "rule " + ruleId + ": `" + key + "` must occur directly under `patterns`");
                case "pattern-where-python":
                    throw invalid(kp, "rule " + ruleId + ": `pattern-where-python` is deprecated and not supported; use `metavariable-comparison`");
                case "metavariable-regexp":
                    throw invalid(kp, "rule " + ruleId + ": unknown key `metavariable-regexp`, did you mean `metavariable-regex`?");
                default:
                    throw invalid(kp, "rule " + ruleId + ": unknown key `" + key + "`; valid keys: "
                            + String.join(", ", top ? SEARCH_FORMULA_KEYS : PATTERNS_ITEM_KEYS));
            }
        }

        /** The value of pattern-not / pattern-inside / pattern-not-inside: a pattern, or a one-key formula map. */
        private Formula stringOrPair(Node value, boolean inMetavariablePattern) {
            if (value instanceof ScalarNode) return pattern(value, "pattern", true);
            MappingNode m = map(value, "a pattern");
            NodeTuple only = singleEntry(m, entries(m));
            String k = scalarText(only.getKeyNode());
            if (!PATTERNS_ITEM_KEYS.contains(k) || CONDITION_KEYS.contains(k)) {
                if (CONDITION_KEYS.contains(k)) throw invalid(pos(only.getKeyNode()), "rule " + ruleId + ": `" + k + "` must occur directly under `patterns`");
                throw invalid(pos(only.getKeyNode()), "rule " + ruleId + ": unknown key `" + k + "`; valid keys: "
                        + PATTERNS_ITEM_KEYS.stream().filter(x -> !CONDITION_KEYS.contains(x)).collect(Collectors.joining(", ")));
            }
            return oldPair(only.getKeyNode(), only.getValueNode(), inMetavariablePattern, false);
        }

        private Formula patterns(Node keyNode, Node value, boolean inMetavariablePattern) {
            Position kp = pos(keyNode);
            SequenceNode seq = list(value, "patterns");
            List<Formula> terms = new ArrayList<>();
            List<Condition> conditions = new ArrayList<>();
            List<Formula.Focus> focus = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && !isNull(s)) {
                    throw invalid(pos(item), "rule " + ruleId + ": strings are not valid under `patterns`: did you mean to write `pattern: "
                            + s.getValue().strip() + "` instead?");
                }
                MappingNode m = map(item, "an item of `patterns`");
                NodeTuple only = singleEntry(m, entries(m));
                String k = scalarText(only.getKeyNode());
                Node v = only.getValueNode();
                Position ip = pos(only.getKeyNode());
                switch (k) {
                    case "focus-metavariable" -> focus.add(focus(only.getKeyNode(), v));
                    case "metavariable-regex" -> conditions.add(metavariableRegex(ip, v));
                    case "metavariable-pattern" -> conditions.add(metavariablePattern(ip, v));
                    case "metavariable-comparison" -> conditions.add(metavariableComparison(ip, v));
                    case "metavariable-analysis" -> conditions.add(metavariableAnalysis(ip, v));
                    case "metavariable-type" -> conditions.add(metavariableType(ip, v));
                    default -> {
                        if (!PATTERNS_ITEM_KEYS.contains(k)) {
                            oldPair(only.getKeyNode(), v, inMetavariablePattern, false); // throws the right error
                        }
                        terms.add(oldPair(only.getKeyNode(), v, inMetavariablePattern, false));
                    }
                }
            }
            if (!inMetavariablePattern && !anyPositive(terms)) {
                throw invalid(kp, "rule " + ruleId + ": `patterns` needs at least one positive term (`pattern`, `pattern-inside`, `pattern-either`, `patterns` or `pattern-regex`)");
            }
            return new Formula.And(List.copyOf(terms), List.copyOf(conditions), List.copyOf(focus), kp);
        }

        private Formula.Focus focus(Node keyNode, Node value) {
            List<String> names = new ArrayList<>();
            List<Position> where = new ArrayList<>();
            if (value instanceof SequenceNode seq) {
                if (seq.getValue().isEmpty()) throw invalid(pos(value), "rule " + ruleId + ": `" + scalarText(keyNode) + "` needs at least one metavariable");
                for (Node n : seq.getValue()) {
                    names.add(string(n, scalarText(keyNode)));
                    where.add(pos(n));
                }
            } else {
                names.add(string(value, scalarText(keyNode)));
                where.add(pos(value));
            }
            Formula.Focus f = new Formula.Focus(List.copyOf(names), pos(keyNode));
            metavariablePositions.put(f, where);
            return f;
        }

        private Condition metavariableRegex(Position kp, Node value) {
            Map<String, NodeTuple> e = checkedMap(value, "metavariable-regex", List.of("metavariable", "regex", "constant-propagation"));
            NodeTuple mv = required(value, e, "metavariable-regex", "metavariable");
            NodeTuple re = required(value, e, "metavariable-regex", "regex");
            boolean cp = e.containsKey("constant-propagation") && bool(e.get("constant-propagation").getValueNode(), "constant-propagation");
            Condition c = new Condition.MetavariableRegex(string(mv.getValueNode(), "metavariable"), regex(re.getValueNode(), 0), cp, kp);
            metavariablePositions.put(c, List.of(pos(mv.getValueNode())));
            return c;
        }

        private Condition metavariablePattern(Position kp, Node value) {
            Map<String, NodeTuple> e = checkedMap(value, "metavariable-pattern",
                    List.of("metavariable", "language", "pattern", "patterns", "pattern-either", "pattern-regex"));
            NodeTuple mv = required(value, e, "metavariable-pattern", "metavariable");
            String language = e.containsKey("language") ? string(e.get("language").getValueNode(), "language") : null;
            NodeTuple only = oneFormulaKey((MappingNode) value, e, List.of("pattern", "patterns", "pattern-either", "pattern-regex"));
            Formula f = withLanguage(language, () -> oldPair(only.getKeyNode(), only.getValueNode(), true, false));
            Condition c = new Condition.MetavariablePattern(string(mv.getValueNode(), "metavariable"), f, language, kp);
            metavariablePositions.put(c, List.of(pos(mv.getValueNode())));
            return c;
        }

        private Condition metavariableComparison(Position kp, Node value) {
            Map<String, NodeTuple> e = checkedMap(value, "metavariable-comparison", List.of("metavariable", "comparison", "strip", "base"));
            NodeTuple cmp = required(value, e, "metavariable-comparison", "comparison");
            String mv = e.containsKey("metavariable") ? string(e.get("metavariable").getValueNode(), "metavariable") : null;
            boolean strip = e.containsKey("strip") && bool(e.get("strip").getValueNode(), "strip");
            Integer base = e.containsKey("base") ? integer(e.get("base").getValueNode(), "base") : null;
            if (strip && mv == null) {
                throw invalid(pos(e.get("strip").getKeyNode()), "rule " + ruleId + ": metavariable-comparison: `metavariable` is required with `strip: true`");
            }
            Condition c = new Condition.MetavariableComparison(mv, string(cmp.getValueNode(), "comparison"), strip, base, kp);
            if (mv != null) metavariablePositions.put(c, List.of(pos(e.get("metavariable").getValueNode())));
            return c;
        }

        private Condition metavariableAnalysis(Position kp, Node value) {
            Map<String, NodeTuple> e = checkedMap(value, "metavariable-analysis", List.of("metavariable", "analyzer", "options"));
            NodeTuple mv = required(value, e, "metavariable-analysis", "metavariable");
            NodeTuple an = required(value, e, "metavariable-analysis", "analyzer");
            String analyzer = string(an.getValueNode(), "analyzer");
            if (!ANALYZERS.contains(analyzer)) {
                throw invalid(pos(an.getValueNode()), "rule " + ruleId + ": unsupported analyzer `" + analyzer + "`; valid analyzers: " + String.join(", ", ANALYZERS));
            }
            Condition c = new Condition.MetavariableAnalysis(string(mv.getValueNode(), "metavariable"), analyzer, kp);
            metavariablePositions.put(c, List.of(pos(mv.getValueNode())));
            return c;
        }

        private Condition metavariableType(Position kp, Node value) {
            Map<String, NodeTuple> e = checkedMap(value, "metavariable-type", List.of("metavariable", "type", "types", "language"));
            NodeTuple mv = required(value, e, "metavariable-type", "metavariable");
            return typeCondition(kp, value, e, mv);
        }

        private Condition typeCondition(Position kp, Node value, Map<String, NodeTuple> e, NodeTuple mv) {
            List<String> types = new ArrayList<>();
            if (e.containsKey("type")) types.add(string(e.get("type").getValueNode(), "type"));
            if (e.containsKey("types")) types.addAll(stringList(e.get("types").getValueNode(), "types", false));
            if (types.isEmpty()) throw invalid(pos(value), "rule " + ruleId + ": metavariable-type: missing required key `type` or `types`");
            String language = e.containsKey("language") ? string(e.get("language").getValueNode(), "language") : null;
            Condition c = new Condition.MetavariableType(string(mv.getValueNode(), "metavariable"), List.copyOf(types), language, kp);
            metavariablePositions.put(c, List.of(pos(mv.getValueNode())));
            return c;
        }

        // --------------------------------------------------------------------------------------
        // The newer syntax (match:)

        private Formula newFormula(Node node, boolean inMetavariablePattern) {
            if (node instanceof ScalarNode s && !isNull(s)) return pattern(node, "pattern", true);
            MappingNode m = map(node, "a formula (a pattern string or a map)");
            Map<String, NodeTuple> e = entries(m);
            NodeTuple where = e.get("where");
            NodeTuple as = e.get("as");
            NodeTuple fixEntry = e.get("fix");
            List<NodeTuple> rest = new ArrayList<>();
            for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                if (!en.getKey().equals("where") && !en.getKey().equals("as") && !en.getKey().equals("fix")) rest.add(en.getValue());
            }
            if (rest.size() != 1) {
                Position p = rest.size() > 1 ? pos(rest.get(1).getKeyNode()) : pos(m);
                throw invalid(p, "rule " + ruleId + ": expected exactly one key of " + String.join(", ", NEW_FORMULA_KEYS)
                        + (rest.isEmpty() ? "" : ", found " + rest.stream().map(t -> "`" + scalarText(t.getKeyNode()) + "`").collect(Collectors.joining(" and "))));
            }
            Formula f = newPair(rest.get(0).getKeyNode(), rest.get(0).getValueNode(), inMetavariablePattern);
            if (where == null && as == null && fixEntry == null) return f;
            List<Condition> conditions = new ArrayList<>();
            List<Formula.Focus> focus = new ArrayList<>();
            if (where != null) {
                SequenceNode seq = list(where.getValueNode(), "where");
                for (Node item : seq.getValue()) whereItem(item, conditions, focus);
            }
            String asName = as == null ? null : string(as.getValueNode(), "as");
            String fix = fixEntry == null ? null : string(fixEntry.getValueNode(), "fix");
            if (f instanceof Formula.And a && a.conditions().isEmpty() && a.focus().isEmpty() && a.fix() == null && a.as() == null) {
                return new Formula.And(a.terms(), List.copyOf(conditions), List.copyOf(focus), a.position(), fix, asName);
            }
            return new Formula.And(List.of(f), List.copyOf(conditions), List.copyOf(focus), f.position(), fix, asName);
        }

        private Formula newPair(Node keyNode, Node value, boolean inMetavariablePattern) {
            String key = scalarText(keyNode);
            Position kp = pos(keyNode);
            switch (key) {
                case "pattern":
                    return pattern(value, "pattern", true);
                case "regex":
                    return regexFormula(value);
                case "not":
                    return new Formula.Not(newFormula(value, inMetavariablePattern), kp);
                case "inside":
                    return new Formula.Inside(newFormula(value, inMetavariablePattern), kp);
                case "anywhere":
                    return new Formula.Anywhere(newFormula(value, inMetavariablePattern), kp);
                case "any": {
                    List<Formula> alternatives = new ArrayList<>();
                    for (Node item : list(value, "any").getValue()) alternatives.add(newFormula(item, inMetavariablePattern));
                    return new Formula.Or(List.copyOf(alternatives), kp);
                }
                case "all": {
                    List<Formula> terms = new ArrayList<>();
                    for (Node item : list(value, "all").getValue()) terms.add(newFormula(item, inMetavariablePattern));
                    if (!inMetavariablePattern && !anyPositive(terms)) {
                        throw invalid(kp, "rule " + ruleId + ": `all` needs at least one positive term (not only `not`)");
                    }
                    return new Formula.And(List.copyOf(terms), List.of(), List.of(), kp);
                }
                default:
                    String hint = switch (key) {
                        case "patterns" -> " (did you mean `all`?)";
                        case "pattern-either" -> " (did you mean `any`?)";
                        case "pattern-not" -> " (did you mean `not`?)";
                        case "pattern-inside" -> " (did you mean `inside`?)";
                        case "pattern-regex" -> " (did you mean `regex`?)";
                        default -> "";
                    };
                    throw invalid(kp, "rule " + ruleId + ": unknown key `" + key + "`" + hint + "; valid keys: "
                            + String.join(", ", NEW_FORMULA_KEYS) + ", where, as, fix");
            }
        }

        /** One {@code where:} item: a comparison, a focus, or a condition on a metavariable. */
        private void whereItem(Node item, List<Condition> conditions, List<Formula.Focus> focus) {
            MappingNode m = map(item, "a `where` condition");
            Map<String, NodeTuple> e = entries(m);
            String kind = null;
            for (String k : e.keySet()) {
                if (kind == null || kind.equals("metavariable")) {
                    switch (k) {
                        case "comparison", "focus", "analyzer" -> kind = k;
                        case "type", "types" -> kind = "type";
                        case "metavariable" -> kind = "metavariable";
                        default -> { }
                    }
                }
            }
            if (kind == null) {
                throw invalid(pos(m), "rule " + ruleId + ": a `where` condition needs one of `comparison`, `focus` or `metavariable`");
            }
            Position ip = pos(m);
            switch (kind) {
                case "comparison" -> {
                    checkKeys(e, "where", List.of("comparison", "strip", "base", "metavariable"));
                    NodeTuple cmp = e.get("comparison");
                    String mv = e.containsKey("metavariable") ? string(e.get("metavariable").getValueNode(), "metavariable") : null;
                    boolean strip = e.containsKey("strip") && bool(e.get("strip").getValueNode(), "strip");
                    Integer base = e.containsKey("base") ? integer(e.get("base").getValueNode(), "base") : null;
                    Condition c = new Condition.MetavariableComparison(mv, string(cmp.getValueNode(), "comparison"), strip, base, pos(cmp.getKeyNode()));
                    if (mv != null) metavariablePositions.put(c, List.of(pos(e.get("metavariable").getValueNode())));
                    conditions.add(c);
                }
                case "focus" -> {
                    checkKeys(e, "where", List.of("focus"));
                    NodeTuple f = e.get("focus");
                    focus.add(focus(f.getKeyNode(), f.getValueNode()));
                }
                case "analyzer" -> {
                    checkKeys(e, "where", List.of("metavariable", "analyzer", "options"));
                    NodeTuple mv = required(m, e, "where", "metavariable");
                    String analyzer = string(e.get("analyzer").getValueNode(), "analyzer");
                    if (!ANALYZERS.contains(analyzer)) {
                        throw invalid(pos(e.get("analyzer").getValueNode()), "rule " + ruleId + ": unsupported analyzer `" + analyzer
                                + "`; valid analyzers: " + String.join(", ", ANALYZERS));
                    }
                    Condition c = new Condition.MetavariableAnalysis(string(mv.getValueNode(), "metavariable"), analyzer, ip);
                    metavariablePositions.put(c, List.of(pos(mv.getValueNode())));
                    conditions.add(c);
                }
                case "type" -> {
                    checkKeys(e, "where", List.of("metavariable", "type", "types", "language"));
                    NodeTuple mv = required(m, e, "where", "metavariable");
                    conditions.add(typeCondition(ip, m, e, mv));
                }
                default -> {
                    NodeTuple mv = e.get("metavariable");
                    String name = string(mv.getValueNode(), "metavariable");
                    String language = e.containsKey("language") ? string(e.get("language").getValueNode(), "language") : null;
                    List<NodeTuple> rest = new ArrayList<>();
                    for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                        if (!en.getKey().equals("metavariable") && !en.getKey().equals("language")) rest.add(en.getValue());
                    }
                    Formula f;
                    NodeTuple patternsEntry = e.get("patterns");
                    if (patternsEntry != null && rest.size() == 1) {
                        // the classic `patterns:` list, as Semgrep's documentation shows it under `where`
                        f = withLanguage(language, () -> patterns(patternsEntry.getKeyNode(), patternsEntry.getValueNode(), true));
                    } else {
                        MappingNode sub = new MappingNode(m.getTag(), true, rest, m.getFlowStyle(), m.getStartMark(), m.getEndMark());
                        f = withLanguage(language, () -> newFormula(sub, true));
                    }
                    Condition c;
                    if (f instanceof Formula.Regex r) {
                        c = new Condition.MetavariableRegex(name, r.compiled(), true, r.position());
                    } else {
                        c = new Condition.MetavariablePattern(name, f, language, pos(mv.getKeyNode()));
                    }
                    metavariablePositions.put(c, List.of(pos(mv.getValueNode())));
                    conditions.add(c);
                }
            }
        }

        // --------------------------------------------------------------------------------------
        // Patterns and regexes

        /** The language of the innermost {@code metavariable-pattern}; null: the rule's (Python). */
        private String currentLanguage;

        private Formula withLanguage(String language, java.util.function.Supplier<Formula> body) {
            String saved = currentLanguage;
            if (language != null) currentLanguage = language;
            try {
                return body.get();
            } finally {
                currentLanguage = saved;
            }
        }

        private boolean compilesAsPython() {
            return currentLanguage == null || PYTHON_LANGUAGES.contains(currentLanguage.toLowerCase(Locale.ROOT));
        }

        private Formula.Pattern pattern(Node value, String what, boolean checkPython) {
            if (!(value instanceof ScalarNode s) || isNull(value)) {
                throw invalid(pos(value), "rule " + ruleId + ": `" + what + "` must be a string, found " + describe(value));
            }
            String textValue = s.getValue();
            Position p = pos(value);
            if (textValue.isBlank()) throw invalid(p, "rule " + ruleId + ": empty pattern");
            SemgrepPattern compiled = null;
            if (checkPython && compilesAsPython()) {
                try {
                    compiled = compiledPatterns.get(textValue);
                    if (compiled == null) {
                        compiled = SemgrepPattern.compile(textValue);
                        compiledPatterns.putIfAbsent(textValue, compiled);
                    }
                } catch (PatternException ex) {
                    String msg = ex.getMessage();
                    int cut = msg.lastIndexOf(" (pattern line ");
                    if (cut > 0) msg = msg.substring(0, cut);
                    throw invalid(patternPosition(s, ex.line(), ex.column()), "rule " + ruleId + ": invalid pattern: " + msg);
                } catch (RuntimeException | StackOverflowError ex) {
                    throw invalid(p, "rule " + ruleId + ": invalid pattern: " + ex);
                }
            }
            return new Formula.Pattern(textValue, compiled, p);
        }

        private Formula.Regex regexFormula(Node value) {
            String re = string(value, "regex");
            return new Formula.Regex(re, regex(value, java.util.regex.Pattern.MULTILINE), pos(value));
        }

        private java.util.regex.Pattern regex(Node value, int flags) {
            String re = string(value, "regex");
            try {
                return Regexes.compile(re, flags);
            } catch (PatternSyntaxException ex) {
                // the index is into the translated text; it is the rule's own only when nothing was rewritten
                boolean sameText = Regexes.translate(re).equals(re);
                Position p = pos(value);
                if (sameText && value instanceof ScalarNode s && ex.getIndex() >= 0 && re.indexOf('\n') < 0) {
                    p = patternPosition(s, 1, Math.min(ex.getIndex(), re.length() - 1) + 1);
                }
                throw invalid(p, "rule " + ruleId + ": invalid regex: " + ex.getDescription()
                        + (sameText && ex.getIndex() >= 0 ? " near index " + ex.getIndex() : ""));
            }
        }

        /**
         * Where line {@code line}, column {@code column} (1-based) of a scalar's value is in the
         * file: for block scalars ({@code |}, {@code >}) line 1 is the line after the indicator,
         * indented by the block's indentation; for plain and quoted scalars the value starts at
         * the scalar's mark (after the quote).
         */
        private Position patternPosition(ScalarNode s, int line, int column) {
            Mark start = s.getStartMark().orElse(null);
            if (start == null) return new Position(file, 1, 1);
            ScalarStyle style = s.getScalarStyle();
            if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
                int indicatorLine = start.getLine(); // 0-based
                int indent = blockIndent(indicatorLine);
                int l = indicatorLine + line; // 0-based line of the pattern's line
                return new Position(file, l + 1, indent + column);
            }
            int offset = (style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED) ? 1 : 0;
            if (line <= 1) return new Position(file, start.getLine() + 1, start.getColumn() + offset + column);
            // a multi-line flow scalar: the pattern's later lines are the file's later lines, re-indented
            int l = start.getLine() + line - 1;
            String[] lines = lines();
            int indent = l < lines.length ? leadingSpaces(lines[l]) : 0;
            return new Position(file, l + 1, indent + column);
        }

        private String[] lines() {
            if (lines == null) lines = splitLines(text);
            return lines;
        }

        private int blockIndent(int indicatorLine) {
            String[] lines = lines();
            for (int l = indicatorLine + 1; l < lines.length; l++) {
                if (!lines[l].isBlank()) return leadingSpaces(lines[l]);
            }
            return 0;
        }

        private static int leadingSpaces(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == ' ') i++;
            return i;
        }

        // --------------------------------------------------------------------------------------
        // Metavariable bindings

        /**
         * Checks that each condition and focus names a metavariable that some positive term of
         * its conjunction (or of an enclosing one) binds, as Semgrep does.
         */
        private void checkBindings(Formula f, Set<String> outer) {
            if (!namesMetavariables(f)) return; // nothing to check below: skip collecting what is bound
            if (f instanceof Formula.And a) {
                Set<String> available = new LinkedHashSet<>(outer);
                for (Formula t : a.terms()) if (isPositive(t)) available.addAll(bound(t));
                for (Condition c : a.conditions()) available.addAll(boundBy(c));
                if (a.as() != null) available.add(a.as());
                for (Condition c : a.conditions()) {
                    String mv = metavariableOf(c);
                    if (mv != null && !isBound(mv, available)) {
                        List<Position> ps = metavariablePositions.getOrDefault(c, List.of(c.position()));
                        throw invalid(ps.get(0), "rule " + ruleId + ": " + conditionName(c) + " refers to " + mv
                                + ", which no positive pattern of the enclosing `patterns`/`all` binds" + boundHint(available));
                    }
                    if (c instanceof Condition.MetavariablePattern mp) checkBindings(mp.formula(), available);
                }
                for (Formula.Focus fo : a.focus()) {
                    List<Position> ps = metavariablePositions.getOrDefault(fo, List.of());
                    for (int i = 0; i < fo.metavariables().size(); i++) {
                        String mv = fo.metavariables().get(i);
                        if (!isBound(mv, available)) {
                            throw invalid(i < ps.size() ? ps.get(i) : fo.position(), "rule " + ruleId + ": focus-metavariable refers to " + mv
                                    + ", which no positive pattern of the enclosing `patterns`/`all` binds" + boundHint(available));
                        }
                    }
                }
                for (Formula t : a.terms()) checkBindings(t, available);
            } else if (f instanceof Formula.Or o) {
                for (Formula alt : o.alternatives()) checkBindings(alt, outer);
            } else if (f instanceof Formula.Not n) {
                checkBindings(n.formula(), outer);
            } else if (f instanceof Formula.Inside i) {
                checkBindings(i.formula(), outer);
            } else if (f instanceof Formula.NotInside n) {
                checkBindings(n.formula(), outer);
            } else if (f instanceof Formula.Anywhere an) {
                checkBindings(an.formula(), outer);
            }
        }

        /** Whether a condition or a focus in {@code f} names a metavariable (what {@link #checkBindings} checks). */
        private static boolean namesMetavariables(Formula f) {
            if (f instanceof Formula.And a) {
                if (!a.conditions().isEmpty() || !a.focus().isEmpty()) return true;
                for (Formula t : a.terms()) if (namesMetavariables(t)) return true;
                return false;
            }
            if (f instanceof Formula.Or o) {
                for (Formula alt : o.alternatives()) if (namesMetavariables(alt)) return true;
                return false;
            }
            if (f instanceof Formula.Not n) return namesMetavariables(n.formula());
            if (f instanceof Formula.Inside i) return namesMetavariables(i.formula());
            if (f instanceof Formula.NotInside n) return namesMetavariables(n.formula());
            if (f instanceof Formula.Anywhere an) return namesMetavariables(an.formula());
            return false;
        }

        private static String boundHint(Set<String> available) {
            return available.isEmpty() ? " (none are bound)" : " (bound: " + String.join(", ", available) + ")";
        }

        private static boolean isBound(String mv, Set<String> available) {
            if (available.contains(mv)) return true;
            if (mv.startsWith("$...")) return available.contains("$" + mv.substring(4));
            return false;
        }

        private static String conditionName(Condition c) {
            if (c instanceof Condition.MetavariableRegex) return "metavariable-regex";
            if (c instanceof Condition.MetavariablePattern) return "metavariable-pattern";
            if (c instanceof Condition.MetavariableComparison) return "metavariable-comparison";
            if (c instanceof Condition.MetavariableAnalysis) return "metavariable-analysis";
            return "metavariable-type";
        }

        private static String metavariableOf(Condition c) {
            if (c instanceof Condition.MetavariableRegex r) return r.metavariable();
            if (c instanceof Condition.MetavariablePattern p) return p.metavariable();
            if (c instanceof Condition.MetavariableComparison m) return m.metavariable();
            if (c instanceof Condition.MetavariableAnalysis m) return m.metavariable();
            if (c instanceof Condition.MetavariableType t) return t.metavariable();
            return null;
        }

        /** Metavariables a condition binds for the conditions after it (nested patterns, named regex groups). */
        private static Set<String> boundBy(Condition c) {
            Set<String> out = new LinkedHashSet<>();
            if (c instanceof Condition.MetavariablePattern p) out.addAll(bound(p.formula()));
            if (c instanceof Condition.MetavariableRegex r) {
                for (String name : Regexes.groupNames(r.regex()).values()) out.add("$" + name);
            }
            return out;
        }

        // --------------------------------------------------------------------------------------
        // YAML access with positions

        private Position pos(Node n) {
            Optional<Mark> m = n.getStartMark(); // no capturing lambda: called for most nodes of every rule file
            return m.isPresent() ? pos(m.get()) : new Position(file, 1, 1);
        }

        private Position pos(Mark m) {
            return new Position(file, m.getLine() + 1, m.getColumn() + 1);
        }

        private String where() { return ruleId.equals("?") ? "" : "rule " + ruleId + ": "; }

        private MappingNode map(Node n, String what) {
            if (n instanceof MappingNode m) return m;
            throw invalid(pos(n), where() + "expected a map for " + what + ", found " + describe(n));
        }

        private SequenceNode list(Node n, String key) {
            if (n instanceof SequenceNode s) return s;
            throw invalid(pos(n), where() + "`" + key + "` must be a list, found " + describe(n));
        }

        /** The entries of a map by key, in order; keys must be strings and unique. */
        private Map<String, NodeTuple> entries(MappingNode m) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode ks) || isNull(k)) {
                    throw invalid(pos(k), where() + "map keys must be strings, found " + describe(k));
                }
                if (out.containsKey(ks.getValue())) {
                    throw invalid(pos(k), where() + "duplicate key `" + ks.getValue() + "` (first at line "
                            + pos(out.get(ks.getValue()).getKeyNode()).line() + ")");
                }
                out.put(ks.getValue(), t);
            }
            return out;
        }

        private String string(Node n, String key) {
            if (n instanceof ScalarNode s && !isNull(n)) return s.getValue();
            throw invalid(pos(n), where() + "`" + key + "` must be a string, found " + describe(n));
        }

        /** A list of strings; with {@code allowSingle}, one string stands for a list of one. */
        private List<String> stringList(Node n, String key, boolean allowSingle) {
            if (allowSingle && n instanceof ScalarNode && !isNull(n)) return List.of(string(n, key));
            if (!(n instanceof SequenceNode seq)) {
                throw invalid(pos(n), where() + "`" + key + "` must be a list of strings, found " + describe(n));
            }
            List<String> out = new ArrayList<>();
            for (Node x : seq.getValue()) out.add(string(x, key));
            return List.copyOf(out);
        }

        private boolean bool(Node n, String key) {
            if (n instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) return s.getValue().equalsIgnoreCase("true");
            throw invalid(pos(n), where() + "`" + key + "` must be true or false, found " + describe(n));
        }

        private Integer integer(Node n, String key) {
            if (n instanceof ScalarNode s && Tag.INT.equals(s.getTag()) && plain(s) instanceof Long l
                    && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return l.intValue();
            }
            throw invalid(pos(n), where() + "`" + key + "` must be an integer, found " + describe(n));
        }

        /** A map whose keys must all be among {@code valid}. */
        private Map<String, NodeTuple> checkedMap(Node n, String what, List<String> valid) {
            Map<String, NodeTuple> e = entries(map(n, "`" + what + "`"));
            checkKeys(e, what, valid);
            return e;
        }

        private void checkKeys(Map<String, NodeTuple> e, String what, List<String> valid) {
            for (Map.Entry<String, NodeTuple> en : e.entrySet()) {
                if (!valid.contains(en.getKey())) {
                    throw invalid(pos(en.getValue().getKeyNode()), where() + "unknown key `" + en.getKey() + "` in `" + what
                            + "`; valid keys: " + String.join(", ", valid));
                }
            }
        }

        private NodeTuple required(Node map, Map<String, NodeTuple> e, String what, String key) {
            NodeTuple t = e.get(key);
            if (t == null) throw invalid(pos(map), where() + "`" + what + "` is missing required key `" + key + "`");
            return t;
        }

        /** The only entry of a one-key map (an item of {@code patterns} or {@code pattern-either}). */
        private NodeTuple singleEntry(MappingNode m, Map<String, NodeTuple> e) {
            if (e.size() == 1) return e.values().iterator().next();
            if (e.isEmpty()) throw invalid(pos(m), where() + "expected a map with one key, found an empty map");
            NodeTuple second = new ArrayList<>(e.values()).get(1);
            throw invalid(pos(second.getKeyNode()), where() + "expected a map with only one key, found "
                    + e.keySet().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")) + " -- did you forget a hyphen?");
        }

        /** Exactly one of the formula keys, among other (already checked) keys. */
        private NodeTuple oneFormulaKey(MappingNode m, Map<String, NodeTuple> e, List<String> formulaKeys) {
            NodeTuple found = null;
            for (String k : formulaKeys) {
                NodeTuple t = e.get(k);
                if (t == null) continue;
                if (found != null) {
                    throw invalid(pos(t.getKeyNode()), where() + "expected only one of " + String.join(", ", formulaKeys)
                            + ", found both `" + scalarText(found.getKeyNode()) + "` and `" + k + "`");
                }
                found = t;
            }
            if (found == null) throw invalid(pos(m), where() + "expected one of " + String.join(", ", formulaKeys));
            return found;
        }
    }

    static boolean isPositive(Formula f) {
        return !(f instanceof Formula.Not) && !(f instanceof Formula.NotInside);
    }

    private static boolean anyPositive(List<Formula> terms) {
        for (Formula t : terms) if (isPositive(t)) return true;
        return false;
    }

    /** The metavariables a formula can bind (over-approximated: every alternative's). */
    static Set<String> bound(Formula f) {
        Set<String> out = new LinkedHashSet<>();
        collectBound(f, out);
        return out;
    }

    private static void collectBound(Formula f, Set<String> out) {
        if (f instanceof Formula.Pattern p) {
            Matcher m = METAVARIABLE.matcher(p.text());
            while (m.find()) {
                out.add("$" + m.group(2));
                if (m.group(1) != null) out.add("$..." + m.group(2));
            }
        } else if (f instanceof Formula.Regex r) {
            for (String name : Regexes.groupNames(r.compiled()).values()) out.add("$" + name);
            int groups = r.compiled().matcher("").groupCount();
            for (int i = 0; i <= groups; i++) out.add("$" + i);
        } else if (f instanceof Formula.And a) {
            for (Formula t : a.terms()) if (isPositive(t)) collectBound(t, out);
            for (Condition c : a.conditions()) {
                if (c instanceof Condition.MetavariablePattern mp) collectBound(mp.formula(), out);
                if (c instanceof Condition.MetavariableRegex r) {
                    for (String name : Regexes.groupNames(r.regex()).values()) out.add("$" + name);
                }
            }
            if (a.as() != null) out.add(a.as());
        } else if (f instanceof Formula.Or o) {
            for (Formula alt : o.alternatives()) collectBound(alt, out);
        } else if (f instanceof Formula.Inside i) {
            collectBound(i.formula(), out);
        } else if (f instanceof Formula.Anywhere a) {
            collectBound(a.formula(), out);
        }
    }

    // ------------------------------------------------------------------------------------------
    // YAML helpers (instance-free parts)

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String describe(Node n) {
        if (n instanceof MappingNode) return "a map";
        if (n instanceof SequenceNode) return "a list";
        if (isNull(n)) return "nothing (null)";
        if (n instanceof ScalarNode s) {
            if (Tag.BOOL.equals(s.getTag())) return "a boolean";
            if (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag())) return "a number";
            return "a string";
        }
        return "a " + n.getNodeType();
    }

    private static String scalarText(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : String.valueOf(n);
    }

    /** YAML → Map/List/String/Long/BigInteger/Double/Boolean/null, for metadata and taint specs. */
    static Object plain(Node n) {
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) out.put(scalarText(t.getKeyNode()), plain(t.getValueNode()));
            return out;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node x : s.getValue()) out.add(plain(x));
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) return null;
        if (Tag.BOOL.equals(tag)) return v.equalsIgnoreCase("true");
        if (Tag.INT.equals(tag)) {
            try {
                String digits = v.replace("_", "");
                boolean neg = digits.startsWith("-");
                if (neg || digits.startsWith("+")) digits = digits.substring(1);
                int radix = 10;
                if (digits.startsWith("0x")) { radix = 16; digits = digits.substring(2); }
                else if (digits.startsWith("0o")) { radix = 8; digits = digits.substring(2); }
                BigInteger b = new BigInteger(digits, radix);
                if (neg) b = b.negate();
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".inf")) return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            if (lower.equals(".nan")) return Double.NaN;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private static Invalid invalid(Position p, String message) { return new Invalid(p, message); }
}
