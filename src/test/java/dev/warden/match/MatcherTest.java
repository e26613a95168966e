package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.pattern.PatternException;
import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Semgrep's pattern semantics, one behaviour per test: what must match, and what must not. */
class MatcherTest {
    /** The matched source texts of a pattern in a file. */
    static List<String> matches(String pattern, String code) {
        try {
            ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
            List<String> out = new ArrayList<>();
            for (Match m : SemgrepPattern.compile(pattern).matches(file)) out.add(file.source().text(m.start(), m.end()));
            return out;
        } catch (PatternException e) {
            throw new AssertionError(e);
        }
    }

    static void assertMatches(String pattern, String code, String... expected) {
        assertEquals(List.of(expected), matches(pattern, code), () -> "pattern: " + pattern + "\ncode:\n" + code);
    }

    // ---- unification ------------------------------------------------------------------------

    @Test
    void sameMetavariableMeansSameCode() {
        assertMatches("$X == $X", "a == a\na == b\nf(x).y == f(x).y\n", "a == a", "f(x).y == f(x).y");
    }

    @Test
    void bindingsIgnoreParenthesesAndPositions() {
        assertMatches("$X + $X", "(a.b) + a.b\n", "(a.b) + a.b");
    }

    @Test
    void anonymousMetavariableDoesNotUnify() {
        assertMatches("$_ == $_", "a == b\n", "a == b");
    }

    // ---- statement sequences --------------------------------------------------------------

    @Test
    void dotsSearchEachNestedBlockOnce() {
        // a 40-deep elif chain before the statement sought: searching its blocks once each is a few
        // thousand steps; visiting a block at depth d 2^d times spent the step budget, and the
        // attempt was abandoned before reaching `target()`
        StringBuilder code = new StringBuilder("def f(x):\n    if x == 0:\n        pass\n");
        for (int i = 1; i < 40; i++) code.append("    elif x == ").append(i).append(":\n        pass\n");
        code.append("    target()\n");
        List<String> found = matches("def $F(...):\n  ...\n  target()", code.toString());
        assertEquals(1, found.size(), found::toString);
    }

    @Test
    void deepSearchForACallLooksOnlyWhereACallIs() {
        // the target's range must hold an expression of the pattern's kind: at its very start too
        String code = "if foo(1):\n    pass\nif x and foo(2):\n    pass\nif x and y:\n    pass\nif a < b:\n    pass\n";
        assertMatches("if <... foo(...) ...>:\n  ...", code, "if foo(1):\n    pass", "if x and foo(2):\n    pass");
        assertMatches("if <... $A and $B ...>:\n  ...", code, "if x and foo(2):\n    pass", "if x and y:\n    pass");
        assertMatches("if <... $A < $B ...>:\n  ...", code, "if a < b:\n    pass");
    }

    @Test
    void deepSearchForAnIndexedCallFindsItThroughAliases() {
        // the call index says where random.$F(...) can be: also an aliased module and an imported function
        String code = "import random as r\nfrom random import choice\nx = f(r.randint(1))\ny = g(choice(s))\nz = h(other.randint(2))\n";
        assertMatches("$X = <... random.$F(...) ...>", code, "x = f(r.randint(1))", "y = g(choice(s))");
    }

    @Test
    void deepSearchForABoundNameNeedsItsWholeSpelling() {
        assertMatches("$X = 1\n...\nfoo(<... $X ...>)", "a = 1\nfoo(ab)\nfoo(g(a))\n", "a = 1\nfoo(ab)\nfoo(g(a))");
        assertMatches("$X = 1\n...\nfoo(<... $X ...>)", "a = 1\nfoo(ab)\nfoo(b.a_)\n");
        // identifiers compare in NFKC form: a fullwidth spelling is the same name
        assertMatches("$X = 1\n...\nfoo(<... $X ...>)", "x = 1\nfoo(\uff58)\n", "x = 1\nfoo(\uff58)");
        // a statement pattern `<... $X ...>` searches the whole statement
        assertMatches("def $F(...):\n  ...\n<... $F ...>", "def g():\n    pass\nx = [h(k(g))]\n",
                "def g():\n    pass\nx = [h(k(g))]");
    }

    @Test
    void callAfterDotsIsFoundWhereverTheCallIs() {
        // the search after `...` visits only statements holding a call named like the pattern's:
        // in nested blocks, a with item, an assignment, a decorator
        String code = "x = g()\nif c:\n    for i in y:\n        open(x)\n";
        assertMatches("$X = g()\n...\nopen($X)", code, code.strip());
        assertMatches("$X = g()\n...\nwith open($X) as $F:\n  ...", "x = g()\nwith open(x) as f:\n    pass\n",
                "x = g()\nwith open(x) as f:\n    pass");
        assertMatches("$X = g()\n...\n$Y = h.open($X)", "x = g()\nz = 1\ny = h.open(x)\n", "x = g()\nz = 1\ny = h.open(x)");
        assertMatches("$X = g()\n...\n@deco($X)\ndef $F():\n  ...", "x = g()\n@deco(x)\ndef f():\n    pass\n",
                "x = g()\n@deco(x)\ndef f():\n    pass");
        // no such call after the first statement: no match (an earlier one does not count)
        assertMatches("$X = g()\n...\nopen($X)", "open(x)\nx = g()\nclose(x)\n");
    }

    @Test
    void dotsSkipStatementsBetween() {
        String code = "open_it()\nx = 1\ny = 2\nclose_it()\n";
        assertMatches("open_it()\n...\nclose_it()", code, code.strip());
        assertMatches("open_it()\nclose_it()", code);
    }

    @Test
    void dotsReachIntoNestedBlocks() {
        assertMatches("a()\n...\nb()", "a()\nif c:\n    b()\n", "a()\nif c:\n    b()");
        assertMatches("a()\n...\nb()", "a()\ndef f():\n    b()\n", "a()\ndef f():\n    b()");
    }

    @Test
    void aMetavariableIsOneVariableNotOneSpelling() {
        String code = "x = 1\ndef f():\n    x = 2\n    y = x\n";
        // the module's x and f's local x are different variables: only f's own pair matches
        assertMatches("$A = $B\n...\n$C = $A", code, "x = 2\n    y = x");
        assertMatches("$A = $B\n...\n$C = $A", "x = 1\ndef f():\n    y = x\n", "x = 1\ndef f():\n    y = x");
    }

    @Test
    void defWithDotsBodyMatchesAnyBody() {
        assertMatches("def $F(...):\n    ...", "def f(a, b=1):\n    x = 1\n    return x\n",
                "def f(a, b=1):\n    x = 1\n    return x");
    }

    @Test
    void statementMetavariableAloneStandsForTheWholeBlock() {
        String same = "if c:\n    a()\n    b()\nelse:\n    a()\n    b()\n";
        String differ = "if c:\n    a()\n    b()\nelse:\n    a()\n";
        assertMatches("if $E:\n    $S\nelse:\n    $S", same, same.strip());
        assertMatches("if $E:\n    $S\nelse:\n    $S", differ);
    }

    // ---- arguments --------------------------------------------------------------------------

    @Test
    void keywordArgumentsMatchInAnyOrder() {
        assertMatches("f(a=1, b=2)", "f(b=2, a=1)\nf(a=1, b=3)\n", "f(b=2, a=1)");
    }

    @Test
    void keywordBetweenDotsMatchesAnywhere() {
        assertMatches("subprocess.call(..., shell=True, ...)",
                "import subprocess\nsubprocess.call(cmd, shell=True)\nsubprocess.call(shell=True)\nsubprocess.call(cmd)\n",
                "subprocess.call(cmd, shell=True)", "subprocess.call(shell=True)");
    }

    @Test
    void aNamedKeywordMustBeAmongTheCallsKeywords() {
        // a call without a keyword of that name is not even tried; order and other keywords do not matter
        assertMatches("$F(..., host=$H, ...)", "f(host=1)\ng(1, port=2, host=3)\nh(1)\nk(**opts)\nm(hostname=4)\n",
                "f(host=1)", "g(1, port=2, host=3)");
    }

    @Test
    void withoutDotsNoExtraArgumentsAreAllowed() {
        assertMatches("f($X)", "f(1)\nf(1, 2)\nf(1, k=2)\nf()\n", "f(1)");
    }

    @Test
    void positionalDotsMatchAnyRun() {
        assertMatches("f(..., 5)", "f(5)\nf(1, 2, 5)\nf(5, 1)\n", "f(5)", "f(1, 2, 5)");
        assertMatches("f(1, ...)", "f(1)\nf(1, 2, 3)\nf(2, 1)\n", "f(1)", "f(1, 2, 3)");
    }

    @Test
    void ellipsisMetavariableBindsTheRun() {
        assertMatches("f($...A, 1, $...A)", "f(2, 1, 2)\nf(2, 1, 3)\n", "f(2, 1, 2)");
    }

    // ---- import aliasing --------------------------------------------------------------------

    @Test
    void onlyNamesImportedAsTheModuleStandForIt() {
        // an imported name is tried for a module's pattern only when its import names that module
        // (or something inside it); any other import is not an alias of it
        String code = "import os\nimport requests as r\nfrom requests import get\nimport requests.api as ra\n"
                + "os.stat(u)\nr.get(u)\nget(u)\nra.post(u)\nos.path.get(u)\n";
        assertMatches("requests.$M(u)", code, "r.get(u)", "get(u)");
        assertMatches("requests.api.$M(u)", code, "ra.post(u)");
        assertMatches("requests.get(u)", code, "r.get(u)", "get(u)");
    }

    @Test
    void patternMatchesThroughImportAliases() {
        String code = "import subprocess as sp\nfrom subprocess import call\nfrom subprocess import call as c\n"
                + "sp.call(x)\ncall(x)\nc(x)\nsubprocess.call(x)\n";
        assertMatches("subprocess.call(...)", code, "sp.call(x)", "call(x)", "c(x)", "subprocess.call(x)");
    }

    @Test
    void fromImportOfAModuleResolvesAttributes() {
        assertMatches("os.path.join(...)", "from os import path\npath.join(a, b)\n", "path.join(a, b)");
    }

    @Test
    void patternWrittenWithAnAliasOnlyMatchesTheRealThing() {
        // `sp` in a pattern is just `sp`: it does not stand for what a file imports as sp
        assertMatches("sp.call(...)", "import subprocess\nsubprocess.call(x)\n");
        assertMatches("c(...)", "from subprocess import call\ncall(x)\n");
        // a name matches as written, imported or not (Semgrep matches `OpenAI(...)` after `from openai import OpenAI`)
        assertMatches("call(...)", "from subprocess import call\ncall(x)\n", "call(x)");
    }

    @Test
    void callsAreFoundByTheNamesTheirCalleeEndsWithThroughAliasesAndWildcardImports() {
        String code = "import os\nfrom os import system as run\nrun('a')\nos.system('b')\nsystem('c')\nx.system('d')\nos.popen('e')\n";
        assertMatches("os.system(...)", code, "run('a')", "os.system('b')");
        assertMatches("os.system(...)", "from os import *\nsystem('c')\npopen('d')\n", "system('c')");
        assertMatches("$D.append(...)", "a.append(1)\nappend(2)\na.extend(3)\nb.c.append(4)\n", "a.append(1)", "b.c.append(4)");
        assertMatches("os.$M($F, ...)", "from os import chmod\nimport os as o\nchmod(p, 1)\no.chown(p)\nx.os.stat(p)\nsys.exit(1)\n",
                "chmod(p, 1)", "o.chown(p)");
    }

    @Test
    void theIndexesByNameServeFilesWithAWildcardImport() {
        // `from os import *` brings names in under their own names: the indexes by a callee's or a
        // dotted name's last name still hold every candidate (by its receiver they would not)
        String code = "from os import *\nsystem('c')\nx = getenv('A')\nv = environ['B']\n"
                + "def f():\n    y = popen('b')\n    return y\nprint(getenv('C'))\n";
        assertMatches("os.system(...)", code, "system('c')");
        assertMatches("os.environ", code, "environ");
        assertMatches("$X = os.getenv(...)", code, "x = getenv('A')");
        assertMatches("$Y = os.popen(...)\n...\nreturn $Y", code, "y = popen('b')\n    return y");
        assertMatches("def $F():\n    ...\n    os.popen(...)\n    ...", code, "def f():\n    y = popen('b')\n    return y");
        assertMatches("print(<... os.getenv(...) ...>)", code, "print(getenv('C'))");
    }

    @Test
    void aReturnOfACallStartsWhereTheCallIndexAllows() {
        String code = "from os.path import join as j\nimport os\n"
                + "def f(a):\n    return j(a, 'x')\ndef g(a):\n    return os.path.join(a)\ndef h(a):\n    return split(a)\n"
                + "def k(a):\n    return str(os.path.join(a))\n";
        assertMatches("return os.path.join(...)", code, "return j(a, 'x')", "return os.path.join(a)");
        assertMatches("return os.path.join($A, ...)\n", code, "return j(a, 'x')", "return os.path.join(a)");
    }

    @Test
    void anAssignmentStartsWhereTheAssignedCallCanMatch() {
        String pattern = "$R = requests.get(...)\n...\n$R.json()";
        String code = "from requests import get as fetch\n"
                + "a = fetch(u)\na.json()\n"
                + "b: Resp = requests.get(u)\nb.json()\n"
                + "c = other(u)\nc.json()\n"
                + "d = requests.post(u)\nd.json()\n";
        assertMatches(pattern, code, "a = fetch(u)\na.json()", "b: Resp = requests.get(u)\nb.json()");
    }

    @Test
    void withSymbolicPropagationAVariableCalleeMayStandForTheFunction() throws PatternException {
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py",
                "import os\nf = os.system\nf('ls')\ng('x')\n".getBytes(StandardCharsets.UTF_8)).source());
        List<Match> found = SemgrepPattern.compile("os.system(...)").matches(file, new MatchOptions(true, false, true), false);
        assertEquals(1, found.size());
        assertEquals("f('ls')", file.source().text(found.get(0).start(), found.get(0).end()));
    }

    @Test
    void symbolicAndConstantValuesComeFromEachWayOfDefiningAName() throws PatternException {
        // `x = v`, `x: T = v` and `with v as x` define; a value symbolic propagation cannot carry
        // (a list) and a loop variable do not
        String code = "import os\n"
                + "a = os.system\na('1')\n"
                + "b: object = os.system\nb('2')\n"
                + "with os.system as c:\n    c('3')\n"
                + "d = [os.system][0]\nd('4')\n"
                + "for e in [os.system]:\n    e('5')\n"
                + "K: str = 'ls'\nos.popen(K)\n";
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
        List<String> calls = new ArrayList<>();
        for (Match m : SemgrepPattern.compile("os.system(...)").matches(file, new MatchOptions(true, false, true), false)) {
            calls.add(file.source().text(m.start(), m.end()));
        }
        assertEquals(List.of("a('1')", "b('2')", "c('3')"), calls);
        assertMatches("os.popen('ls')", code, "os.popen(K)");
    }

    @Test
    void aDefaultWrittenAsALiteralMatchesOnlyThatKindOfLiteralPositionalOrKeywordOnly() throws PatternException {
        String code = "EMPTY = {}\n"
                + "def a(x, d={}):\n    pass\n"
                + "def b(x, d=EMPTY):\n    pass\n"
                + "def outer():\n    local = {}\n    def g(x, d=local):\n        pass\n"
                + "def c(x, d=[]):\n    pass\n"
                + "def e(x, *, d={}, k=1):\n    pass\n"
                + "def f(x):\n    pass\n";
        String pattern = "def $F(..., $D={}, ...):\n  ...";
        assertMatches(pattern, code, "def a(x, d={}):\n    pass", "def e(x, *, d={}, k=1):\n    pass");
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
        List<String> symbolic = new ArrayList<>();
        for (Match m : SemgrepPattern.compile(pattern).matches(file, new MatchOptions(true, false, true), false)) {
            symbolic.add(file.source().text(m.start(), m.end()).lines().findFirst().orElseThrow());
        }
        // a variable's value is not followed into a default (symbolic propagation or not)
        assertEquals(List.of("def a(x, d={}):", "def e(x, *, d={}, k=1):"), symbolic);
        assertMatches("def $F(..., $D={...}, ...):\n  ...", code, "def a(x, d={}):\n    pass", "def e(x, *, d={}, k=1):\n    pass");
    }

    // ---- decorators and definitions -----------------------------------------------------------

    @Test
    void decoratorsMatchInAnyOrderAmongOthers() {
        String code = "@other\n@login_required\ndef view(request):\n    pass\n";
        assertMatches("@login_required\ndef $F(...):\n    ...", code, code.strip());
        assertMatches("@login_required\n@other\ndef $F(...):\n    ...", code, code.strip());
        assertMatches("@missing\ndef $F(...):\n    ...", code);
    }

    @Test
    void decoratorMetavariableAndCallEquivalence() {
        assertMatches("@$D\ndef f():\n    ...", "@app.route\ndef f():\n    pass\n", "@app.route\ndef f():\n    pass");
        assertMatches("@app.route(...)\ndef $F():\n    ...", "@app.route\ndef f():\n    pass\n", "@app.route\ndef f():\n    pass");
    }

    @Test
    void classHeaderWithDots() {
        String code = "class A(Base, Mixin):\n    x = 1\nclass B:\n    pass\n";
        assertMatches("class $C(..., Mixin, ...):\n    ...", code, "class A(Base, Mixin):\n    x = 1");
        assertMatches("class $C:\n    ...", code, "class A(Base, Mixin):\n    x = 1", "class B:\n    pass");
    }

    @Test
    void parameterPatterns() {
        String code = "def f(request, x=1): pass\ndef g(x, request): pass\n";
        assertMatches("def $F(request, ...):\n    ...", code, "def f(request, x=1): pass");
        assertMatches("def $F(..., request, ...):\n    ...", code, "def f(request, x=1): pass", "def g(x, request): pass");
    }

    // ---- constants and literals ---------------------------------------------------------------

    @Test
    void constantPropagationWithinAFunction() {
        String code = "def f():\n    x = \"abc\"\n    foo(x)\ndef g(x):\n    foo(x)\n";
        assertMatches("foo(\"abc\")", code, "foo(x)");
    }

    @Test
    void anyStringAndRegexStrings() {
        String code = "foo('a')\nfoo(\"b\" \"c\")\nfoo(1)\nfoo(f'{x}')\n";
        assertMatches("foo(\"...\")", code, "foo('a')", "foo(\"b\" \"c\")");
        assertMatches("foo(\"=~/^b/\")", code, "foo(\"b\" \"c\")");
    }

    @Test
    void stringConcatenationIsOneString() {
        assertMatches("x = \"ab\"", "x = \"a\" \"b\"\nx = \"a\" + \"b\"\n", "x = \"a\" \"b\"", "x = \"a\" + \"b\"");
    }

    @Test
    void dotsStringsWrittenTogetherMatchAnImplicitConcatenation() {
        String code = "a = \"x\"\nb = \"x\" \"y\"\nc = (\"x\"\n     f\"{y}\"\n     \"z\")\nd = \"......\"\n";
        // at least as many literals, whatever they hold; one literal (even one spelling the dots) is not a concatenation
        assertMatches("\"...\" \"...\"", code, "\"x\" \"y\"", "\"x\"\n     f\"{y}\"\n     \"z\"");
        assertMatches("\"...\" \"...\" \"...\"", code, "\"x\"\n     f\"{y}\"\n     \"z\"");
        // one f-string is one literal, not a concatenation holding one
        assertMatches("f\"...\"", "a = f\"{y}\"\nb = \"x\" f\"{y}\"\n", "f\"{y}\"");
    }

    @Test
    void operatorsDecideBeforeOperandsAreBound() {
        String code = "a = x is (not y)\nb = x is not y\nc = x == (not y)\nd = x is (not y) is z\n";
        assertMatches("$S is (not ...)", code, "x is (not y)");
        assertMatches("$A + $B", "a = 1 + 2\nb = 1 - 2\nc = -1\n", "1 + 2");
    }

    @Test
    void anElseInThePatternNeedsOneInTheTarget() {
        String code = "if a:\n    f()\nelse:\n    f()\nif b:\n    f()\nif c:\n    f()\nelif c:\n    g()\n";
        assertMatches("if $X:\n    $S\nelse:\n    $S\n", code, "if a:\n    f()\nelse:\n    f()");
        assertMatches("if $X:\n    ...\nelif $X:\n    ...\n", code, "if c:\n    f()\nelif c:\n    g()");
    }

    @Test
    void dotsConcatenationInsideAnFStringField() {
        // the only concatenations are inside replacement fields: the file is not skipped for them
        assertMatches("\"...\" \"...\"", "x = f\"{'a' 'b'}\"\ny = [f\"{1}\" 'c']\n", "'a' 'b'", "f\"{1}\" 'c'");
        assertMatches("\"...\" \"...\"", "x = f\"{'a'}\"\ny = ['a', 'b']\n");
    }

    @Test
    void fromImportPatternNeedsItsModuleWord() {
        byte[] code = "import os\nfrom json import loads\n".getBytes(StandardCharsets.UTF_8);
        dev.warden.python.Source source = new dev.warden.python.Source("t.py", code, code.length);
        try {
            assertFalse(SemgrepPattern.compile("from anthropic import $X").mayMatch(source));
            assertTrue(SemgrepPattern.compile("from json import $X").mayMatch(source));
        } catch (PatternException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void patternsNeedTheKeywordsTheirCodeIsWrittenWith() throws PatternException {
        byte[] code = "def f(x):\n    if x is not None:\n        return [y for y in x]\n".getBytes(StandardCharsets.UTF_8);
        dev.warden.python.Source source = new dev.warden.python.Source("t.py", code, code.length);
        assertFalse(SemgrepPattern.compile("try:\n  ...\nfinally:\n  ...\n  break\n").mayMatch(source));
        assertFalse(SemgrepPattern.compile("$X in $Y").mayMatch(noIn()));
        assertTrue(SemgrepPattern.compile("$X in $Y").mayMatch(source));
        assertFalse(SemgrepPattern.compile("lambda: $X").mayMatch(source));
        assertFalse(SemgrepPattern.compile("del $X[$K]").mayMatch(source));
        assertTrue(SemgrepPattern.compile("$X is not None").mayMatch(source));
        assertTrue(SemgrepPattern.compile("if $C:\n  return $V\n").mayMatch(source));
        assertTrue(SemgrepPattern.compile("[$E for $V in $L]").mayMatch(source));
        // not required: `else` (an elif is one), `except`/`finally` under `...`, `from`/`as` of imports
        byte[] elif = "if a:\n    pass\nelif b:\n    pass\n".getBytes(StandardCharsets.UTF_8);
        dev.warden.python.Source elifSource = new dev.warden.python.Source("e.py", elif, elif.length);
        assertTrue(SemgrepPattern.compile("if $A:\n  ...\nelse:\n  if $B:\n    ...\n").mayMatch(elifSource));
        byte[] imp = "import os.path\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(SemgrepPattern.compile("from os import path").mayMatch(new dev.warden.python.Source("i.py", imp, imp.length)));
    }

    private static dev.warden.python.Source noIn() {
        byte[] code = "x = a + b\n".getBytes(StandardCharsets.UTF_8);
        return new dev.warden.python.Source("n.py", code, code.length);
    }

    // ---- where expressions are found ------------------------------------------------------------

    @Test
    void expressionsAreFoundEverywhere() {
        String code = "@deco(eval(a))\ndef f(x=eval(b)):\n    g = lambda: eval(c)\n    [eval(d) for _ in y]\n    s = f\"{eval(e)}\"\n";
        assertMatches("eval(...)", code, "eval(a)", "eval(b)", "eval(c)", "eval(d)", "eval(e)");
    }

    @Test
    void deepExpressionOperator() {
        assertMatches("foo(<... 42 ...>)", "foo(bar(1 + 42))\nfoo(bar(1))\n", "foo(bar(1 + 42))");
    }

    @Test
    void associativeAndCommutativeOperators() {
        assertMatches("A & B", "if B & C & A: pass\n", "B & C & A");
        assertMatches("A and $X", "if A and B and C: pass\nif B and A: pass\n", "A and B and C");
    }

    // ---- bounded work and errors -------------------------------------------------------------

    @Test
    void manyDotsOnALongChainStayBounded() {
        StringBuilder code = new StringBuilder("x = a0");
        for (int i = 1; i < 400; i++) code.append(" & a").append(i);
        String target = code.append('\n').toString();
        // the step budget makes the search give up instead of exploring 400^8 assignments;
        // the timeout only guards against a hang, it measures nothing
        List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> matches("$A & $B & $C & $D & $E & $F & $G & zzz", target));
        assertTrue(found.isEmpty());
    }

    @Test
    void invalidPatternsNameTheirPosition() {
        PatternException e = assertThrows(PatternException.class, () -> SemgrepPattern.compile("foo(\n  x y)"));
        assertEquals(2, e.line());
        assertEquals(5, e.column());
    }

    @Test
    void attrExprFalseKeepsDecoratorsOutOfExpressionPatterns() throws Exception {
        String code = "@wrap(\"x\")\ndef f():\n    pass\ny = wrap(\"x\")\n";
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
        SemgrepPattern p = SemgrepPattern.compile("wrap(...)");
        assertEquals(2, p.matches(file, MatchOptions.DEFAULTS, false).size());
        List<Match> withoutDecorators = p.matches(file, new MatchOptions(true, false, false, false), false);
        assertEquals(1, withoutDecorators.size());
        assertEquals(code.lastIndexOf("wrap("), withoutDecorators.get(0).start());
    }
}
