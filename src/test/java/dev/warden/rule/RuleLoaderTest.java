package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleLoaderTest {

    // ---------------------------------------------------------------------------------------
    // helpers

    private static RuleLoader.LoadResult load(String yaml) {
        return RuleLoader.load("r.yaml", yaml);
    }

    private static Rule one(String yaml) {
        RuleLoader.LoadResult r = load(yaml);
        assertEquals(List.of(), r.errors().stream().map(RuleError::format).toList());
        assertEquals(1, r.rules().size(), "rules");
        return r.rules().get(0);
    }

    private static RuleError error(String yaml) {
        RuleLoader.LoadResult r = load(yaml);
        assertEquals(1, r.errors().size(), () -> "errors: " + r.errors());
        assertEquals(List.of(), r.rules(), "a file with errors contributes no rules");
        return r.errors().get(0);
    }

    /** A rule header followed by the given formula lines (indented 4). */
    private static String rule(String... body) {
        return "rules:\n  - id: r1\n    languages: [python]\n    severity: ERROR\n    message: m\n"
                + Stream.of(body).map(l -> "    " + l + "\n").collect(Collectors.joining());
    }

    /** The formula's structure without positions or compiled objects, for comparing syntaxes. */
    static String shape(Formula f) {
        if (f instanceof Formula.Pattern p) return "P(" + p.text().strip() + ")";
        if (f instanceof Formula.Regex r) return "R(" + r.regex() + ")";
        if (f instanceof Formula.Not n) return "Not(" + shape(n.formula()) + ")";
        if (f instanceof Formula.Inside i) return "Inside(" + shape(i.formula()) + ")";
        if (f instanceof Formula.NotInside n) return "NotInside(" + shape(n.formula()) + ")";
        if (f instanceof Formula.Anywhere a) return "Anywhere(" + shape(a.formula()) + ")";
        if (f instanceof Formula.Or o) return "Or" + o.alternatives().stream().map(RuleLoaderTest::shape).toList();
        Formula.And a = (Formula.And) f;
        return "And" + a.terms().stream().map(RuleLoaderTest::shape).toList()
                + a.conditions().stream().map(RuleLoaderTest::shape).toList()
                + a.focus().stream().map(Formula.Focus::metavariables).toList()
                + (a.fix() == null ? "" : "fix=" + a.fix()) + (a.as() == null ? "" : "as=" + a.as());
    }

    static String shape(Condition c) {
        if (c instanceof Condition.MetavariableRegex r) return "Regex(" + r.metavariable() + "," + r.regex().pattern() + ")";
        if (c instanceof Condition.MetavariablePattern p) return "MvPattern(" + p.metavariable() + "," + shape(p.formula()) + "," + p.language() + ")";
        if (c instanceof Condition.MetavariableComparison m) return "Cmp(" + m.metavariable() + "," + m.comparison() + "," + m.strip() + "," + m.base() + ")";
        if (c instanceof Condition.MetavariableAnalysis m) return "Analysis(" + m.metavariable() + "," + m.analyzer() + ")";
        Condition.MetavariableType t = (Condition.MetavariableType) c;
        return "Type(" + t.metavariable() + "," + t.types() + ")";
    }

    // ---------------------------------------------------------------------------------------
    // key forms

    @Test
    void simplePatternRule() {
        Rule r = one(rule("pattern: subprocess.call(..., shell=True, ...)"));
        assertEquals("r1", r.id());
        assertEquals("m", r.message());
        assertEquals("ERROR", r.severity());
        assertEquals(List.of("python"), r.languages());
        assertEquals(RuleOptions.DEFAULTS, r.options());
        assertFalse(r.isTaint());
        Formula.Pattern p = assertInstanceOf(Formula.Pattern.class, r.formula());
        assertNotNull(p.compiled());
        assertEquals(new Position("r.yaml", 6, 14), p.position());
        assertEquals(new Position("r.yaml", 2, 5), r.position());
    }

    @Test
    void allRuleLevelKeys() {
        Rule r = one("""
                rules:
                - id: everything
                  languages: [py, go]
                  severity: WARNING
                  message: "Found $X"
                  min-version: 1.0.0
                  max-version: 2.0.0
                  metadata:
                    cwe: ["CWE-78: OS Command Injection"]
                    confidence: HIGH
                    score: 7
                    ratio: 0.5
                    flag: true
                    nothing:
                    nested: {a: [1, 2]}
                  options:
                    symbolic_propagation: true
                    constant_propagation: false
                    decorators_order_matters: true
                  paths:
                    include: ["src/**"]
                    exclude:
                      - tests/
                      - "*_test.py"
                  fix: safe($X)
                  fix-regex:
                    regex: (?P<name>foo)
                    replacement: bar
                    count: 2
                  pattern: unsafe($X)
                """);
        assertEquals(List.of("py", "go"), r.languages());
        assertEquals("Found $X", r.message());
        Map<String, Object> md = r.metadata();
        assertEquals(List.of("CWE-78: OS Command Injection"), md.get("cwe"));
        assertEquals("HIGH", md.get("confidence"));
        assertEquals(7L, md.get("score"));
        assertEquals(0.5, md.get("ratio"));
        assertEquals(true, md.get("flag"));
        assertTrue(md.containsKey("nothing"));
        assertNull(md.get("nothing"));
        assertEquals(Map.of("a", List.of(1L, 2L)), md.get("nested"));
        assertFalse(r.options().constantPropagation());
        assertTrue(r.options().symbolicPropagation());
        assertTrue(r.options().decoratorsOrderMatters());
        assertEquals(List.of("src/**"), r.includePaths());
        assertEquals(List.of("tests/", "*_test.py"), r.excludePaths());
        assertEquals("safe($X)", r.fix());
        assertEquals(2, r.fixRegex().count());
        assertEquals("bar", r.fixRegex().replacement());
        assertTrue(r.fixRegex().regex().matcher("xfoo").find());
        assertEquals("P(unsafe($X))", shape(r.formula()));
    }

    @Test
    void patternsWithEveryItemKind() {
        Rule r = one(rule(
                "patterns:",
                "  - pattern-inside: |",
                "      def $F(..., $REQ, ...):",
                "          ...",
                "  - pattern-not-inside: |",
                "      @login_required",
                "      def $F(...):",
                "          ...",
                "  - pattern-either:",
                "      - pattern: $REQ.GET[$K]",
                "      - patterns:",
                "          - pattern: $REQ.POST[$K]",
                "          - pattern-not: $REQ.POST['safe']",
                "      - pattern-regex: (?P<TOKEN>tok_[a-z]+)",
                "      - pattern-inside: foo($REQ)",
                "  - pattern-not: $REQ.GET['x']",
                "  - pattern-not-regex: ^\\s*#",
                "  - pattern-not: {pattern-either: [{pattern: a}, {pattern: b}]}",
                "  - metavariable-regex:",
                "      metavariable: $K",
                "      regex: ^'user",
                "      constant-propagation: true",
                "  - metavariable-pattern:",
                "      metavariable: $K",
                "      patterns:",
                "        - pattern-not: \"'safe'\"",
                "  - metavariable-pattern:",
                "      metavariable: $K",
                "      language: generic",
                "      pattern: user ...",
                "  - metavariable-comparison:",
                "      metavariable: $K",
                "      comparison: int($K) > 10",
                "      strip: true",
                "      base: 16",
                "  - metavariable-analysis:",
                "      metavariable: $K",
                "      analyzer: entropy",
                "  - metavariable-type:",
                "      metavariable: $K",
                "      type: str",
                "  - focus-metavariable: [$K, $REQ]"));
        Formula.And and = assertInstanceOf(Formula.And.class, r.formula());
        assertEquals(6, and.terms().size());
        assertInstanceOf(Formula.Inside.class, and.terms().get(0));
        assertInstanceOf(Formula.NotInside.class, and.terms().get(1));
        Formula.Or or = assertInstanceOf(Formula.Or.class, and.terms().get(2));
        assertEquals(4, or.alternatives().size());
        assertEquals("And[P($REQ.POST[$K]), Not(P($REQ.POST['safe']))][][]", shape(or.alternatives().get(1)));
        assertEquals("R((?P<TOKEN>tok_[a-z]+))", shape(or.alternatives().get(2)));
        assertEquals("Inside(P(foo($REQ)))", shape(or.alternatives().get(3)));
        assertEquals("Not(R(^\\s*#))", shape(and.terms().get(4)));
        assertEquals("Not(Or[P(a), P(b)])", shape(and.terms().get(5)));
        assertEquals(List.of(
                "Regex($K,^'user)",
                "MvPattern($K,And[Not(P('safe'))][][],null)",
                "MvPattern($K,P(user ...),generic)",
                "Cmp($K,int($K) > 10,true,16)",
                "Analysis($K,entropy)",
                "Type($K,[str])"), and.conditions().stream().map(RuleLoaderTest::shape).toList());
        assertTrue(((Condition.MetavariableRegex) and.conditions().get(0)).constantPropagation());
        // a generic-language pattern is not compiled as Python
        Condition.MetavariablePattern generic = (Condition.MetavariablePattern) and.conditions().get(2);
        assertNull(((Formula.Pattern) generic.formula()).compiled());
        assertEquals(List.of(List.of("$K", "$REQ")), and.focus().stream().map(Formula.Focus::metavariables).toList());
        // positions are the keys'
        assertEquals(new Position("r.yaml", 7, 9), and.terms().get(0).position());
        assertEquals(new Position("r.yaml", 6, 5), and.position());
    }

    @Test
    void namedRegexGroupsBindMetavariables() {
        Rule r = one(rule(
                "patterns:",
                "  - pattern-regex: (?P<KEY_ID>AKIA[A-Z0-9]{16})",
                "  - focus-metavariable: $KEY_ID"));
        Formula.Regex re = (Formula.Regex) ((Formula.And) r.formula()).terms().get(0);
        java.util.regex.Matcher m = re.compiled().matcher("x = 'AKIAABCDEFGHIJKLMNOP'");
        assertTrue(m.find());
        Map<String, String> names = Regexes.groupNames(re.compiled());
        assertEquals(List.of("KEY_ID"), List.copyOf(names.values()));
        String javaName = names.keySet().iterator().next();
        assertEquals("AKIAABCDEFGHIJKLMNOP", m.group(javaName));
    }

    @Test
    void regexTranslation() {
        assertEquals("(?<name>a)\\k<name>", Regexes.translate("(?P<name>a)(?P=name)"));
        assertEquals("[\\p{Alpha}_]+", Regexes.translate("[[:alpha:]_]+"));
        assertEquals("[\\]a\\[]", Regexes.translate("[]a[]"));
        assertEquals("ab", Regexes.translate("a(?#comment)b"));
        assertEquals("\\Q(?P<x>\\E", Regexes.translate("\\Q(?P<x>\\E"));
        assertEquals("(?<=a)(?<!b)", Regexes.translate("(?<=a)(?<!b)"));
        assertTrue(Regexes.compile("[a&&b]").matcher("&").matches(), "&& is literal in PCRE classes");
        assertTrue(Regexes.compile("(?P<A_B>x)(?P=A_B)").matcher("xx").matches());
    }

    @Test
    void taintRulesKeepTheirSpecRaw() {
        Rule old = one("""
                rules:
                - id: t
                  mode: taint
                  languages: [python]
                  severity: ERROR
                  message: m
                  options:
                    taint_assume_safe_numbers: true
                  pattern-sources:
                    - pattern: source(...)
                  pattern-sinks:
                    - patterns:
                        - pattern: sink($X)
                        - focus-metavariable: $X
                  pattern-sanitizers:
                    - pattern: clean(...)
                      by-side-effect: true
                  pattern-propagators:
                    - pattern: $A.append($B)
                      from: $B
                      to: $A
                """);
        assertTrue(old.isTaint());
        assertNull(old.formula());
        assertTrue(old.options().taintAssumeSafeNumbers());
        TaintSpec spec = old.taint();
        assertEquals(1, spec.sources().size());
        assertEquals("source(...)", ((Formula.Pattern) spec.sources().get(0).formula()).text());
        assertFalse(spec.sources().get(0).exact());
        assertEquals(TaintSpec.DEFAULT_LABEL, spec.sources().get(0).label());
        assertTrue(spec.sinks().get(0).exact(), "sinks are exact by default");
        assertEquals(TaintSpec.SideEffect.YES, spec.sanitizers().get(0).bySideEffect());
        assertEquals("$B", spec.propagators().get(0).from());
        assertEquals("$A", spec.propagators().get(0).to());

        Rule neu = one("""
                rules:
                - id: t
                  languages: [python]
                  severity: ERROR
                  message: m
                  taint:
                    sources: ["source(...)"]
                    sinks:
                      - pattern: sink(...)
                """);
        assertTrue(neu.isTaint());
        assertEquals("source(...)", ((Formula.Pattern) neu.taint().sources().get(0).formula()).text());
        assertEquals(1, neu.taint().sinks().size());
    }

    @Test
    void newSyntaxForms() {
        Rule r = one(rule(
                "match:",
                "  any:",
                "    - eval(input())",
                "    - all:",
                "        - inside: |",
                "            def $FUNC(..., $X, ...):",
                "              ...",
                "        - eval($X)",
                "        - not:",
                "            any:",
                "              - inside: check($X)",
                "              - regex: safe_\\w+",
                "        - anywhere: DEBUG = True",
                "      where:",
                "        - metavariable: $X",
                "          regex: ^user",
                "        - metavariable: $FUNC",
                "          pattern: handler",
                "        - metavariable: $X",
                "          analyzer: redos",
                "        - metavariable: $X",
                "          type: str",
                "        - comparison: $X != 1",
                "        - focus: $X",
                "    - pattern: foo($Y)",
                "      as: $CALL",
                "      fix: bar($Y)"));
        assertEquals("Or[P(eval(input())), "
                + "And[Inside(P(def $FUNC(..., $X, ...):\n  ...)), P(eval($X)), Not(Or[Inside(P(check($X))), R(safe_\\w+)]), Anywhere(P(DEBUG = True))]"
                + "[Regex($X,^user), MvPattern($FUNC,P(handler),null), Analysis($X,redos), Type($X,[str]), Cmp(null,$X != 1,false,null)][[$X]], "
                + "And[P(foo($Y))][][]fix=bar($Y)as=$CALL]", shape(r.formula()));
        Formula.And all = (Formula.And) ((Formula.Or) r.formula()).alternatives().get(1);
        assertTrue(((Condition.MetavariableRegex) all.conditions().get(0)).constantPropagation(),
                "where-regex on a metavariable uses constant propagation, as Semgrep");
    }

    @Test
    void asBindsForConditions() {
        one(rule(
                "match:",
                "  all:",
                "    - pattern: foo(...)",
                "      as: $F",
                "  where:",
                "    - metavariable: $F",
                "      pattern: bar"));
    }

    @Test
    void bothSyntaxesGiveTheSameFormula() {
        Rule old = one(rule(
                "patterns:",
                "  - pattern-inside: |",
                "      def $F(...):",
                "        ...",
                "  - pattern-either:",
                "      - pattern: os.system($X)",
                "      - pattern-regex: exec\\(",
                "  - pattern-not: os.system('ls')",
                "  - metavariable-regex:",
                "      metavariable: $X",
                "      regex: ^cmd",
                "  - metavariable-pattern:",
                "      metavariable: $X",
                "      pattern-either:",
                "        - pattern: a",
                "        - pattern: b",
                "  - metavariable-comparison:",
                "      comparison: $X > 1",
                "  - focus-metavariable: $X"));
        Rule neu = one(rule(
                "match:",
                "  all:",
                "    - inside: |",
                "        def $F(...):",
                "          ...",
                "    - any:",
                "        - os.system($X)",
                "        - regex: exec\\(",
                "    - not: os.system('ls')",
                "  where:",
                "    - metavariable: $X",
                "      regex: ^cmd",
                "    - metavariable: $X",
                "      any: [a, b]",
                "    - comparison: $X > 1",
                "    - focus: $X"));
        assertEquals(shape(old.formula()), shape(neu.formula()));

        assertEquals(shape(one(rule("pattern-either: [{pattern: a}, {pattern-regex: b}]")).formula()),
                shape(one(rule("match: {any: [a, {regex: b}]}")).formula()));
        assertEquals(shape(one(rule("pattern: foo($X)")).formula()), shape(one(rule("match: foo($X)")).formula()));
        assertEquals(shape(one(rule("pattern-regex: ab+")).formula()), shape(one(rule("match: {regex: ab+}")).formula()));
    }

    @Test
    void otherLanguagesAndModesAreSkippedWithNotices() {
        RuleLoader.LoadResult r = load("""
                rules:
                - id: go-rule
                  languages: [go]
                  severity: ERROR
                  message: m
                  pattern: fmt.Println(
                - id: generic-rule
                  languages: [generic]
                  severity: ERROR
                  message: m
                  pattern: anything
                - id: join-rule
                  mode: join
                  languages: [python]
                  severity: ERROR
                  message: m
                - id: ok
                  languages: [python3]
                  severity: INFO
                  message: m
                  pattern: x
                  options:
                    ac_matching: true
                    no_such_option: 1
                """);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of("ok"), r.rules().stream().map(Rule::id).toList());
        assertEquals(List.of(
                "notice: rule go-rule skipped: languages [go] do not include python",
                "notice: rule generic-rule skipped: languages [generic] do not include python",
                "notice: rule join-rule skipped: mode join is not supported",
                "r.yaml:23:5: notice: rule ok: option `ac_matching` is not supported by Warden and is ignored",
                "r.yaml:24:5: notice: rule ok: unknown option `no_such_option` ignored"), r.notices());
    }

    // ---------------------------------------------------------------------------------------
    // errors

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not yaml               | 'rules: [\\n  - id: x'                                      | 2:3  | invalid YAML
            not a map              | '- a\\n- b'                                                 | 1:1  | expected a map with a `rules:` list
            no rules key           | 'foo: 1'                                                    | 1:1  | missing `rules:` key
            rules not a list       | 'rules: {a: 1}'                                             | 1:8  | `rules` must be a list of rules, found a map
            rule not a map         | 'rules:\\n  - just a string'                                | 2:5  | expected a map for a rule, found a string
            missing id             | 'rules:\\n  - languages: [python]'                          | 2:5  | rule is missing required key `id`
            """)
    void fileLevelErrors(String name, String yaml, String where, String message) {
        RuleError e = error(yaml.replace("\\n", "\n"));
        assertEquals("r.yaml:" + where, e.position().toString().substring(0), e.format());
        assertTrue(e.message().contains(message), e.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key                 | 'pattern: x;foo: 1'                                                       | 7:5   | unknown key `foo`; valid keys: id, message, severity
            missing formula             | 'fix: x'                                                                  | 2:5   | missing a formula
            two formulas                | 'pattern: x;pattern-regex: y'                                             | 7:5   | expected only one of pattern, patterns, pattern-either, pattern-regex, match, found both `pattern` and `pattern-regex`
            patterns not a list         | 'patterns: x'                                                             | 6:15  | `patterns` must be a list, found a string
            pattern not a string        | 'pattern: [a]'                                                            | 6:14  | `pattern` must be a string, found a list
            string under patterns       | 'patterns:;  - foo()'                                                     | 7:9   | strings are not valid under `patterns`
            string under either         | 'pattern-either:;  - foo()'                                               | 7:9   | strings are not allowed in `pattern-either`
            forgot a hyphen             | 'patterns:;  - pattern: a;    pattern-not: b'                             | 8:9   | did you forget a hyphen?
            unknown item key            | 'patterns:;  - pattern: a;  - patern-not: b'                              | 8:9   | unknown key `patern-not`
            not in either               | 'pattern-either:;  - pattern: a;  - pattern-not: b'                       | 8:9   | `pattern-not` is not allowed in `pattern-either`
            condition outside patterns  | 'pattern-either:;  - metavariable-regex: {metavariable: $X, regex: a}'    | 7:9   | must occur directly under `patterns`
            no positive term            | 'patterns:;  - pattern-not: a'                                            | 6:5   | needs at least one positive term
            invalid plain pattern       | 'pattern: foo(1 +)'                                                       | 6:21  | invalid pattern
            invalid quoted pattern      | 'pattern: "foo(,)"'                                                       | 6:19  | invalid pattern
            invalid block pattern       | 'pattern: |;  foo(;    bar(,);  )'                                        | 8:13  | invalid pattern
            invalid regex               | 'pattern-regex: a(b'                                                      | 6:22  | invalid regex: Unclosed group
            invalid metavariable regex  | 'patterns:;  - pattern: f($X);  - metavariable-regex: {metavariable: $X, regex: "[a"}' | 8:57 | invalid regex
            unbound metavariable-regex  | 'patterns:;  - pattern: f($X);  - metavariable-regex: {metavariable: $Y, regex: a}' | 8:44 | metavariable-regex refers to $Y, which no positive pattern
            unbound focus               | 'patterns:;  - pattern: f($X);  - focus-metavariable: [$X, $Z]'           | 8:34  | focus-metavariable refers to $Z
            unbound in pattern-not only | 'patterns:;  - pattern: f($X);  - pattern-not: g($Y);  - focus-metavariable: $Y' | 9:29 | focus-metavariable refers to $Y
            unbound where               | 'match:;  all: [f($X)];  where:;    - metavariable: $Q;      regex: a'   | 9:25  | metavariable-regex refers to $Q
            bad severity                | 'pattern: x' | 4:15 | invalid severity `ERRORS`
            missing analyzer key        | 'patterns:;  - pattern: f($X);  - metavariable-analysis: {metavariable: $X}' | 8:32 | `metavariable-analysis` is missing required key `analyzer`
            unknown analyzer            | 'patterns:;  - pattern: f($X);  - metavariable-analysis: {metavariable: $X, analyzer: magic}' | 8:61 | unsupported analyzer `magic`
            strip without metavariable  | 'patterns:;  - pattern: f($X);  - metavariable-comparison: {comparison: $X > 1, strip: true}' | 8:55 | `metavariable` is required with `strip: true`
            bad option type             | 'pattern: x;options: {symbolic_propagation: yes please}'                  | 7:37  | `options.symbolic_propagation` must be true or false
            bad paths                   | 'pattern: x;paths: {include: [a], exclud: [b]}'                           | 7:27  | unknown key `exclud` in `paths`
            duplicate key               | 'pattern: x;pattern: y'                                                   | 7:5   | duplicate key `pattern` (first at line 6)
            new syntax two keys         | 'match:;  pattern: a;  regex: b'                                          | 8:7   | expected exactly one key of pattern, all, any, regex, not, inside, anywhere
            new syntax old key          | 'match:;  patterns: [a]'                                                  | 7:7   | unknown key `patterns` (did you mean `all`?)
            taint without sinks         | 'mode: taint;pattern-sources: [{pattern: a}]'                             | 2:5   | taint rule is missing required key `pattern-sinks`
            taint with pattern          | 'mode: taint;pattern: a;pattern-sources: [{pattern: a}];pattern-sinks: [{pattern: b}]' | 7:5 | `pattern` is not valid in a taint rule
            sources without taint mode  | 'pattern: a;pattern-sources: [{pattern: a}]'                              | 7:5   | `pattern-sources` needs `mode: taint`
            new taint without sinks     | 'taint: {sources: [a]}'                                                   | 6:12  | `taint` is missing required key `sinks`
            unknown mode                | 'mode: tain;pattern: a'                                                   | 6:11  | unknown mode `tain`
            """)
    void ruleErrors(String name, String body, String where, String message) {
        String yaml = rule(body.split(";", -1));
        if (name.equals("bad severity")) yaml = yaml.replace("severity: ERROR", "severity: ERRORS");
        RuleError e = error(yaml);
        assertEquals("r.yaml:" + where, e.position().toString(), e.format());
        assertTrue(e.message().contains(message), e.message());
        assertTrue(e.message().startsWith("rule r1: ") || name.equals("missing id"), e.message());
    }

    @Test
    void errorFormatHasLineAndCaret() {
        RuleError e = error(rule("pattern: foo(1 +)"));
        assertEquals("r.yaml:6:21: error: rule r1: invalid pattern: " + e.message().substring("rule r1: invalid pattern: ".length())
                + "\n    pattern: foo(1 +)\n                    ^", e.format());
    }

    @Test
    void missingRequiredKeys() {
        for (String key : List.of("message", "severity", "languages")) {
            String yaml = rule("pattern: x").replaceAll("(?m)^    " + key + ":.*\\n", "");
            RuleError e = error(yaml);
            assertEquals("r.yaml:2:5", e.position().toString());
            assertTrue(e.message().contains("missing required key `" + key + "`"), e.message());
        }
    }

    @Test
    void oneBrokenRuleDropsTheFileButReportsEveryRule() {
        RuleLoader.LoadResult r = load(rule("pattern: foo(") + "  - id: r2\n    languages: [python]\n    severity: ERROR\n    message: m\n    pattern: bar(\n"
                + "  - id: r3\n    languages: [python]\n    severity: ERROR\n    message: m\n    pattern: fine\n");
        assertEquals(2, r.errors().size());
        assertEquals(List.of(), r.rules());
    }

    @Test
    void directoryLoadingIsSortedSkipsHiddenAndKeepsGoing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.yaml"), rule("pattern: b()"));
        Files.writeString(dir.resolve("a.yml"), rule("pattern: a()"));
        Files.writeString(dir.resolve("c.yaml"), rule("pattern: c(,)"));
        Files.writeString(dir.resolve("notes.txt"), "not a rule");
        Files.createDirectories(dir.resolve(".hidden"));
        Files.writeString(dir.resolve(".hidden/x.yaml"), "broken: [");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/d.yaml"), rule("pattern: d()"));
        RuleLoader.LoadResult r = RuleLoader.load(dir);
        assertEquals(List.of("P(a())", "P(b())", "P(d())"), r.rules().stream().map(x -> shape(x.formula())).toList());
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).position().file().endsWith("c.yaml"));
        assertFalse(RuleLoader.load(dir.resolve("missing.yaml")).ok());
    }

    @Test
    void filesLoadedInParallelComeOutInFileOrder(@TempDir Path dir) throws IOException {
        List<String> expectedRules = new java.util.ArrayList<>(), expectedErrors = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = String.format("r%02d.yaml", i);
            boolean broken = i % 7 == 3;
            Files.writeString(dir.resolve(name), rule("pattern: f" + i + (broken ? "(,)" : "()")));
            if (broken) expectedErrors.add(name);
            else expectedRules.add("P(f" + i + "())");
        }
        RuleLoader.LoadResult r = RuleLoader.load(dir);
        assertEquals(expectedRules, r.rules().stream().map(x -> shape(x.formula())).toList());
        assertEquals(expectedErrors, r.errors().stream().map(e -> Path.of(e.position().file()).getFileName().toString()).toList());
    }

    // ---------------------------------------------------------------------------------------
    // warden validate

    @Test
    void validateCommand(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, rule("pattern: ok()") + "  - id: g\n    languages: [go]\n    severity: ERROR\n    message: m\n    pattern: x\n");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, rule("pattern: bad(,)"));

        String[] out = new String[1];
        int status = runCapturingErr(out, "validate", "--config", good.toString());
        assertEquals(0, status);
        assertTrue(out[0].contains("notice: rule g skipped: languages [go] do not include python"), out[0]);
        assertTrue(out[0].endsWith("1 rules OK, 0 errors\n") || out[0].endsWith("1 rules OK, 0 errors" + System.lineSeparator()), out[0]);

        status = runCapturingErr(out, "validate", "--config", good.toString(), "--config", bad.toString());
        assertEquals(2, status);
        assertTrue(out[0].contains(bad + ":6:18: error: rule r1: invalid pattern"), out[0]);
        assertTrue(out[0].contains("    pattern: bad(,)\n                 ^"), out[0]);
        assertTrue(out[0].contains("1 rules OK, 1 errors"), out[0]);
    }

    private static int runCapturingErr(String[] out, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setErr(old);
            out[0] = buf.toString(StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Semgrep's own rule files

    /**
     * Python rule files that Warden rejects on purpose, with the reason. Empty today: every
     * Python rule file of the corpus loads.
     */
    private static final Set<String> CONFORMANCE_ALLOWLIST = Set.of();

    @Test
    void everyConformanceRuleFileLoads() throws IOException {
        Path shared = Path.of("../shared/conformance");
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/conformance is absent");
        int files = 0;
        int rules = 0;
        int notices = 0;
        List<String> failures = new ArrayList<>();
        for (String sub : List.of("semgrep-rules", "rules", "rules_v2", "irrelevant_rules", "tainting_rules", "taint_maturity")) {
            Path dir = shared.resolve(sub);
            if (!Files.isDirectory(dir)) continue;
            List<Path> yamls;
            try (Stream<Path> walk = Files.walk(dir)) {
                yamls = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
            for (Path f : yamls) {
                files++;
                RuleLoader.LoadResult r = RuleLoader.load(f);
                rules += r.rules().size();
                notices += r.notices().size();
                String rel = shared.relativize(f).toString();
                if (!r.errors().isEmpty() && !CONFORMANCE_ALLOWLIST.contains(rel)) {
                    failures.add(r.errors().stream().map(RuleError::format).collect(Collectors.joining("\n")));
                }
                // the corpus holds only Python rules: nothing may be skipped, only options ignored
                for (String n : r.notices()) assertFalse(n.contains("skipped"), rel + ": " + n);
            }
        }
        System.out.println("conformance rule files: " + files + " files, " + rules + " rules loaded, " + notices + " notices");
        assertEquals(List.of(), failures);
        assertTrue(files > 300 && rules > 300, files + " files, " + rules + " rules");
    }
}
