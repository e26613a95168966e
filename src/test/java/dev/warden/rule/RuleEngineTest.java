package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Formula evaluation where it only tries terms around the ranges already found: the findings
 * must be exactly those of evaluating every term over the whole file.
 */
class RuleEngineTest {
    /** The source texts of the findings of the one rule of a YAML text in some code. */
    static List<String> findings(String yaml, String code) {
        RuleLoader.LoadResult loaded = RuleLoader.load("r.yaml", yaml);
        assertTrue(loaded.errors().isEmpty(), () -> loaded.errors().toString());
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
        List<String> out = new ArrayList<>();
        for (Finding f : RuleEngine.run(loaded.rules().get(0), file)) out.add(file.source().text(f.start(), f.end()));
        return out;
    }

    /** The first lines of the findings. */
    static List<Integer> lines(String yaml, String code) {
        RuleLoader.LoadResult loaded = RuleLoader.load("r.yaml", yaml);
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
        List<Integer> out = new ArrayList<>();
        for (Finding f : RuleEngine.run(loaded.rules().get(0), file)) out.add(file.source().lines().line(f.start()));
        return out;
    }

    static String rule(String body) {
        return "rules:\n  - id: r\n    languages: [python]\n    severity: INFO\n    message: m\n" + body.indent(4);
    }

    @Test
    void aSecondPositiveTermMayEncloseOrLieWithinTheFirst() {
        String code = "a.bar(foo(1))\nfoo(2)\nb.bar(3)\n";
        String outerFirst = rule("patterns:\n  - pattern: $Y.bar(...)\n  - pattern: foo($X)\n");
        String innerFirst = rule("patterns:\n  - pattern: foo($X)\n  - pattern: $Y.bar(...)\n");
        assertEquals(List.of("foo(1)"), findings(outerFirst, code));
        assertEquals(List.of("foo(1)"), findings(innerFirst, code));
    }

    @Test
    void aStatementSequenceInsideEnclosesFindingsFurtherDownTheBlock() {
        String yaml = rule("patterns:\n  - pattern: open(...)\n  - pattern-inside: |\n      $P = request.args\n      ...\n");
        String code = "open(a)\n"
                + "def f():\n    p = request.args\n    x = 1\n    if x:\n        open(p)\n    open(q)\n"
                + "def g():\n    open(r)\n";
        assertEquals(List.of("open(p)", "open(q)"), findings(yaml, code));
    }

    @Test
    void notInsideRemovesWhatASingleStatementOrASequenceEncloses() {
        String yaml = rule("patterns:\n  - pattern: |\n      def $FF(...):\n        ...\n"
                + "  - pattern-not-inside: |\n      class $C:\n        ...\n"
                + "  - pattern-not-inside: |\n      x = 1\n      ...\n");
        String code = "def before():\n    pass\nclass K:\n    def method(self):\n        pass\n"
                + "def mid():\n    pass\nx = 1\ndef f():\n    def g():\n        pass\n";
        assertEquals(List.of("def before():\n    pass", "def mid():\n    pass"), findings(yaml, code));
    }

    @Test
    void aCompoundPatternOnlyStartsWhereItsNestedStatementsCanBe() {
        // the inside needs a nested def, the not-inside a nested class, each within the def it starts at
        String yaml = rule("patterns:\n  - pattern: g()\n"
                + "  - pattern-inside: |\n      def $F(...):\n        ...\n        def $G(...):\n          ...\n        ...\n"
                + "  - pattern-not-inside: |\n      def $F(...):\n        ...\n        class $C:\n          ...\n        ...\n");
        String code = "def a():\n    g()\n"
                + "def b():\n    def inner():\n        pass\n    g()\n"
                + "def c():\n    def inner():\n        pass\n    class K:\n        pass\n    g()\n"
                + "def d():\n    if x:\n        def deep():\n            pass\n    g()\n";
        assertEquals(List.of(6, 17), lines(yaml, code));
    }

    @Test
    void filterConditionsAndNegationsGiveTheSameFindingsInEitherOrder() {
        // metavariable-regex runs before pattern-not-inside now; the outcome must not change
        String yaml = rule("patterns:\n  - pattern: $X.$FUNC\n  - pattern-not-inside: $X.$FUNC(...)\n"
                + "  - metavariable-regex:\n      metavariable: $FUNC\n      regex: is_.*\n");
        String code = "if a.is_ok:\n    a.is_ok()\n    b.other\n    c.is_x\n";
        assertEquals(List.of("a.is_ok", "c.is_x"), findings(yaml, code));
    }

    @Test
    void nothingLeftAfterThePositiveTermsMeansNoFinding() {
        String yaml = rule("patterns:\n  - pattern: never_called(...)\n  - pattern-not-inside: |\n      def $F(...):\n        ...\n");
        assertEquals(List.of(), findings(yaml, "def f():\n    g()\n"));
    }
}
