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
    void aMetavariablePatternLooksOnlyAtTheCodeEachRangeBinds() {
        // one evaluation of the inner formula around every bound argument: each range keeps only
        // what lies inside its own binding, whatever the other ranges bind
        String yaml = rule("patterns:\n  - pattern: os.chmod($F, $BITS)\n  - metavariable-pattern:\n      metavariable: $BITS\n"
                + "      patterns:\n        - pattern-either:\n            - pattern: <... stat.S_IWOTH ...>\n            - pattern: <... stat.S_IXOTH ...>\n");
        String code = "import os, stat\n"
                + "os.chmod(a, stat.S_IRUSR | stat.S_IWOTH)\n"
                + "os.chmod(b, stat.S_IRUSR)\n"
                + "x = stat.S_IXOTH\n"
                + "os.chmod(c, mode(stat.S_IXOTH))\n";
        assertEquals(List.of("os.chmod(a, stat.S_IRUSR | stat.S_IWOTH)", "os.chmod(c, mode(stat.S_IXOTH))"), findings(yaml, code));
    }

    @Test
    void metavariableRegexIsAppliedWhileMatching() {
        // ten ways to bind $A at one call: only the last passes the regex (a filter applied after
        // matching saw only the first few binding sets of a place)
        String yaml = rule("patterns:\n  - pattern-either:\n    - pattern: f(..., $A, ...)\n    - pattern: g(..., $A, ...)\n"
                + "  - metavariable-regex:\n      metavariable: $A\n      regex: secret\n");
        String code = "f(a0, a1, a2, a3, a4, a5, a6, a7, a8, secret_key)\ng(secret)\nf(public)\nh(secret)\n";
        assertEquals(List.of("f(a0, a1, a2, a3, a4, a5, a6, a7, a8, secret_key)", "g(secret)"), findings(yaml, code));
        // the regex holds from the start of the text only
        assertEquals(List.of(), findings(yaml, "f(my_secret)\n"));
    }

    @Test
    void insideManyRangesKeepsEachEnclosingOneInOrder() {
        // 20 functions (the many-ranges path of `inside`), one nested in another: a call inside both gets
        // the outer function's binding first, as with few ranges; calls outside every function: none
        String yaml = "rules:\n  - id: r\n    languages: [python]\n    severity: INFO\n    message: in $F\n"
                + "    patterns:\n      - pattern-inside: |\n          def $F(...):\n            ...\n      - pattern: foo($X)\n";
        StringBuilder code = new StringBuilder("foo(top)\n");
        for (int i = 0; i < 20; i++) code.append("def f").append(i).append("():\n    foo(").append(i).append(")\n");
        code.append("def outer():\n    def inner():\n        foo(deep)\n    return inner\nfoo(bottom)\n");
        RuleLoader.LoadResult loaded = RuleLoader.load("r.yaml", yaml);
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.toString().getBytes(StandardCharsets.UTF_8)).source());
        List<String> messages = new ArrayList<>();
        for (Finding f : RuleEngine.run(loaded.rules().get(0), file)) messages.add(file.source().text(f.start(), f.end()) + " " + f.message());
        assertEquals(21, messages.size(), messages::toString);
        assertEquals("foo(0) in f0", messages.get(0));
        assertEquals("foo(deep) in outer", messages.get(20));
    }

    @Test
    void aSelectiveDefinitionInsideIsLookedInFirst() {
        // the inside (a written default, a written name) is found first and the other terms only looked for within it:
        // the same findings as looking everywhere
        String dict = rule("patterns:\n  - pattern-inside: |\n      def $F(..., $D={}, ...):\n        ...\n"
                + "  - pattern-not-inside: |\n      $D = {}\n      ...\n  - pattern: $D[...] = ...\n");
        String code = "def f(a, d={}):\n    d[1] = a\n    e = {}\n    e[2] = a\n"
                + "def g(a, d=None):\n    d[3] = a\n"
                + "def h(d={}):\n    d = {}\n    d[4] = 1\n"
                + "d = {}\nd[5] = 0\n";
        assertEquals(List.of("d[1] = a"), findings(dict, code));
        String init = rule("patterns:\n  - pattern-inside: |\n      def __init__(...):\n        ...\n  - pattern: return ...\n");
        assertEquals(List.of("return 1"), findings(init, "class A:\n    def __init__(self):\n        return 1\n    def f(self):\n        return 2\n"));
    }

    @Test
    void insideManyRangesJoinsOnTheSharedMetavariable() {
        // 20 functions, each calling itself when even, its neighbour when odd: $F must be the same
        // function name on both sides (identifiers compared as strings), also when written with a
        // compatibility character (NFKC: the name is the same, the text is not)
        String yaml = rule("patterns:\n  - pattern-inside: |\n      def $F(...):\n        ...\n  - pattern: $F(...)\n");
        StringBuilder code = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String callee = "f" + (i % 2 == 0 ? i : i + 1) + "()";
            code.append("def f").append(i).append("():\n    ").append(callee).append("\n");
            if (i % 2 == 0) expected.add(callee);
        }
        code.append("def \uFB03():\n    ffi()\n");
        expected.add("ffi()");
        assertEquals(expected, findings(yaml, code.toString()));
    }

    @Test
    void aRegexFindsByteRangesInAsciiAndOtherText() {
        // ASCII text needs no offset table; in other text a character may be several bytes
        String yaml = rule("pattern-regex: tok_[a-z]+\n");
        assertEquals(List.of("tok_abc", "tok_de"), findings(yaml, "x = 'tok_abc'\ny = 'tok_de'\n"));
        assertEquals(List.of("tok_abc", "tok_de"), findings(yaml, "x = '\u00e9\u6f22tok_abc'\ny = '\ud83d\ude00 tok_de'\n"));
    }

    @Test
    void aDefinitionNameIsFoundHoweverItIsSpaced() {
        String defs = rule("patterns:\n  - pattern: |\n      def $F(...):\n        ...\n  - focus-metavariable: $F\n");
        assertEquals(List.of("h", "g", "f2"), findings(defs, "def h():\n    pass\ndef  g():\n    pass\ndef \\\n f2():\n    pass\n"));
        String classes = rule("patterns:\n  - pattern: |\n      class $C:\n        ...\n  - focus-metavariable: $C\n");
        assertEquals(List.of("K", "L"), findings(classes, "class K:\n    pass\nclass\tL:\n    pass\n"));
    }

    @Test
    void aFilteredAttributeNameChoosesItsTargets() {
        // os.$M(...) with $M one of two names: those calls, also through an import of the module or of the name
        String names = rule("patterns:\n  - pattern: os.$M($F, ...)\n  - metavariable-pattern:\n      metavariable: $M\n"
                + "      pattern-either:\n        - pattern: chmod\n        - pattern: lchmod\n");
        String code = "import os\nimport os as o\nfrom os import chmod as ch\n"
                + "os.chmod(a, 1)\nos.chown(a, 1)\no.lchmod(b, 2)\nch(c, 3)\nos.path.chmod(d)\n";
        assertEquals(List.of("os.chmod(a, 1)", "o.lchmod(b, 2)", "ch(c, 3)"), findings(names, code));
        // $X.$F with a regex on $F: the attributes whose name starts as the regex does, and passes it
        String regex = rule("patterns:\n  - pattern: $X.$F\n  - metavariable-regex:\n      metavariable: $F\n      regex: is_[a-z]+$\n");
        assertEquals(List.of("a.is_ok", "b.c.is_x"), findings(regex, "a.is_ok\na.isok\nb.c.is_x\nd.is_X\n"));
    }

    @Test
    void anAssignmentPatternStartsOnlyAtAssignmentsOfTheRightShape() {
        String yaml = rule("pattern: |\n  $D = request.$W[...]\n  ...\n  open($D)\n");
        String code = "d = request.args['f']\nopen(d)\n"
                + "e = request.args\nopen(e)\n"
                + "g = other.args['f']\nopen(g)\n";
        assertEquals(List.of(1), lines(yaml, code));
        // an imported alias is matched by the full dotted name
        String full = rule("pattern: |\n  $D = flask.request.$W[...]\n  ...\n  open($D)\n");
        assertEquals(List.of(2), lines(full, "from flask import request as rq\nd = rq.args['f']\nopen(d)\n"));
        String call = rule("pattern: |\n  $D = request.$W(...)\n  ...\n  open($D)\n");
        assertEquals(List.of(1, 5), lines(call, "d = request.get('f')\nopen(d)\nc: str = other.get('f')\nopen(c)\n"
                + "e: str = request.get('g')\nopen(e)\nf = request.get\nopen(f)\n"));
        String subscript = rule("pattern: |\n  $D[...] = ...\n");
        assertEquals(List.of(1, 3), lines(subscript, "d[k] = 1\nd = 2\nx.y[0]: int = 3\na = b[1] = 4\n"));
        String shapes = rule("pattern: |\n  $X = $A + $B\n");
        assertEquals(List.of(1, 3), lines(shapes, "x = a + b\ny = f(a)\nz = 'a' + 'b'\n"));
    }

    @Test
    void callPatternsFindCallsByTheLastNameOfTheirCallee() {
        String yaml = rule("pattern: os.system(...)\n");
        String code = "import os\nos.system('a')\nfrom os import system as run\nrun('b')\nsystem('c')\nos.path.system('d')\nx.run('e')\n";
        // an alias is a call of an imported name; `os.path.system` ends in the name but is another function
        assertEquals(List.of(2, 4), lines(yaml, code));
        String method = rule("pattern: $X.execute(...)\n");
        assertEquals(List.of(1, 3), lines(method, "c.execute(q)\nexecute(q)\ndb.cursor().execute(q)\nc.executemany(q)\n"));
        // a wildcard import may bring any name in
        assertEquals(List.of(2), lines(rule("pattern: os.system(...)\n"), "from os import *\nsystem('x')\n"));
    }

    @Test
    void callPatternsOnAFixedReceiverFindItsCallsAndAliases() {
        String yaml = rule("pattern: subprocess.$F(...)\n");
        String code = "import subprocess\nsubprocess.run(a)\nimport subprocess as sp\nsp.call(b)\n"
                + "from subprocess import Popen\nPopen(c)\nx.subprocess.run(d)\nother.run(e)\n";
        assertEquals(List.of(2, 4, 6), lines(yaml, code));
    }

    @Test
    void metavariablePatternOfPlainNamesIsAppliedWhileMatching() {
        String yaml = rule("patterns:\n  - pattern-either:\n    - patterns:\n      - pattern: os.$M($F, $B)\n"
                + "  - metavariable-pattern:\n      metavariable: $M\n      patterns:\n        - pattern-either:\n"
                + "          - pattern: chmod\n          - pattern: lchmod\n");
        String code = "import os\nos.chmod(p, 0o777)\nos.rename(p, q)\nos.lchmod(p, 1)\nos.chmodx(p, 2)\n";
        assertEquals(List.of(2, 4), lines(yaml, code));
    }

    @Test
    void aSequenceStartingWithACallStartsAtStatementsHoldingSuchACall() {
        String yaml = rule("pattern: |\n  logger.$F(...)\n  ...\n  raise\n");
        String code = "def f():\n    try:\n        g()\n    except E:\n        x = logger.error('a')\n        raise\n"
                + "def h():\n    try:\n        g()\n    except E:\n        other.error('a')\n        raise\n";
        assertEquals(List.of(5), lines(yaml, code));
        assertEquals(List.of(), lines(yaml, "raise\n"));
    }

    @Test
    void withSymbolicPropagationANameStandsOnlyForItsKnownValue() {
        String yaml = rule("options:\n  symbolic_propagation: true\npattern: subprocess.$F(...)\n");
        String code = "import subprocess\nx = subprocess\nx.run(a)\nf = subprocess.run\nf(b)\n"
                + "y = other\ny.run(c)\ng = other.run\ng(d)\nsubprocess.Popen(e)\n";
        assertEquals(List.of(3, 5, 10), lines(yaml, code));
        String dotted = rule("options:\n  symbolic_propagation: true\npattern: os.environ\n");
        assertEquals(List.of(2, 3), lines(dotted, "import os\ne = os.environ\nprint(e)\nf = other.environ\nprint(f)\n"));
    }

    @Test
    void anyDefinitionIsLookedForOnlyInsideItsInsides() {
        // `def $F(...): ...` alone matches every function: the inside is found first, and the
        // functions are looked for only within it, with the same findings
        String yaml = rule("patterns:\n  - pattern: |\n      def $F(...):\n        ...\n  - pattern-inside: |\n      class $C(...):\n        ...\n"
                + "  - pattern-not-inside: |\n      def $G(...):\n        ...\n        def $F(...):\n          ...\n");
        String code = "def a():\n    pass\nclass K:\n    def b(self):\n        def c():\n            pass\n    async def d(self):\n        pass\n";
        assertEquals(List.of(4, 7), lines(yaml, code));
    }

    @Test
    void literalPatternsMatchNamesAndExpressionsHoldingThem() {
        String yaml = rule("pattern: print(\"hello\")\n");
        String code = "print('hello')\ns = 'hel' + 'lo'\nprint(s)\nt = 'hello'\nprint(t)\nprint('bye')\n";
        assertEquals(List.of(1, 3, 5), lines(yaml, code));
        String dotted = rule("pattern: os.environ\n");
        assertEquals(List.of(2, 4), lines(dotted, "import os\nx = os.environ\nfrom os import environ\ny = environ\n"));
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
    void conditionsOnAnInsidesMetavariablesFilterItsMatchesButNotTheNegations() {
        // $METHOD is bound by the inside only: its regex drops inside matches before $CMD is looked
        // for in them (os.listdir is never a candidate region, but a call inside os.spawnv is);
        // a pattern-not-inside is still evaluated whole (narrowed, it would remove less)
        String yaml = rule("patterns:\n  - pattern-inside: os.$METHOD($MODE, $CMD, ...)\n  - pattern: $CMD\n"
                + "  - metavariable-regex:\n      metavariable: $METHOD\n      regex: (spawnl|spawnv)\n");
        String code = "os.listdir(a, b)\nos.spawnl(m, cmd)\nos.spawnv(m, os.listdir(x, y))\nos.system(m, z)\n";
        assertEquals(List.of("cmd", "os.listdir(x, y)"), findings(yaml, code));
        String negated = rule("patterns:\n  - pattern: run($X)\n  - pattern-not-inside: wrap($W, ...)\n"
                + "  - metavariable-regex:\n      metavariable: $X\n      regex: bad\n");
        assertEquals(List.of("run(bad)"), findings(negated, "wrap(ok, run(bad2))\nrun(bad)\nwrap(bad, run(bad3))\n"));
    }

    @Test
    void aJoinOnAMetavariableBoundToOtherCodeThanANameKeepsOnlyTheSameCode() {
        // 20 classes (the many-regions join): $A is each class's name in the inside and a base in the
        // pattern; a base written as an attribute is never the same code as a class name, even one
        // as long as its text, while a plain base is, and so is a name spelled otherwise (NFKC)
        String yaml = rule("patterns:\n  - pattern-inside: |\n      class $A(...):\n        ...\n      ...\n"
                + "  - pattern: |\n      class $C(..., $A, ...):\n        ...\n");
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 20; i++) code.append("class K").append(i).append(":\n    pass\n");
        code.append("class Child(m.K1, K2):\n    pass\n");        // line 41: K2
        code.append("class Other(m.K1, mK1, ab.c):\n    pass\n"); // no class named mK1; ab.c is as long as K12
        code.append("class Late(K19):\n    pass\n");            // line 45
        code.append("class Wide(\uFF2B3):\n    pass\n");        // line 47: a fullwidth K, the name K3 once normalized
        assertEquals(List.of(41, 45, 47), lines(yaml, code.toString()));
    }

    @Test
    void nothingLeftAfterThePositiveTermsMeansNoFinding() {
        String yaml = rule("patterns:\n  - pattern: never_called(...)\n  - pattern-not-inside: |\n      def $F(...):\n        ...\n");
        assertEquals(List.of(), findings(yaml, "def f():\n    g()\n"));
    }
}
