package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Node;
import dev.warden.python.ast.Stmt;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantPropagationTest {
    static Mod.Module parse(String src) {
        return Parser.parse(SourceDecoder.decode("t.py", src.getBytes(StandardCharsets.UTF_8)).source()).module();
    }

    /** Every Load of {@code id} in source order. */
    static List<Expr.Name> loads(Node root, String id) {
        List<Expr.Name> out = new ArrayList<>();
        collect(root, id, out);
        out.sort(Comparator.comparingInt(Expr.Name::start));
        return out;
    }

    private static void collect(Node n, String id, List<Expr.Name> out) {
        if (n instanceof Expr.Name name && name.id().equals(id) && name.ctx() == ExprContext.Load) out.add(name);
        Children.forEach(n, c -> collect(c, id, out));
    }

    /** The values of every Load of {@code id}, in source order (null where unknown). */
    static List<Object> values(String src, String id) {
        Mod.Module m = parse(src);
        ConstantPropagation cp = ConstantPropagation.of(m);
        List<Object> out = new ArrayList<>();
        for (Expr.Name use : loads(m, id)) out.add(simple(cp.valueOf(use)));
        return out;
    }

    /** The value of the single Load of {@code id}. */
    static Object value(String src, String id) {
        List<Object> v = values(src, id);
        assertEquals(1, v.size(), "uses of " + id);
        return v.get(0);
    }

    /** A ConstValue as a plain Java value, for assertions. */
    static Object simple(ConstValue v) {
        if (v == null) return null;
        if (v instanceof ConstValue.Str s) return s.value();
        if (v instanceof ConstValue.Int i) return i.value().longValue();
        if (v instanceof ConstValue.Float f) return f.value();
        if (v instanceof ConstValue.Bytes b) return "b:" + new String(b.value(), StandardCharsets.ISO_8859_1);
        if (v == ConstValue.Singleton.TRUE) return true;
        if (v == ConstValue.Singleton.FALSE) return false;
        if (v == ConstValue.Singleton.NONE) return "None";
        return v;
    }

    static List<Object> list(Object... xs) {
        return java.util.Arrays.asList(xs);
    }

    // ------------------------------------------------------------ positives

    @Test
    void moduleConstant() {
        assertEquals("a", value("x = 'a'\nfoo(x)\n", "x"));
        assertEquals(42L, value("x = 42\nfoo(x)\n", "x"));
        assertEquals(1.5, value("x = 1.5\nfoo(x)\n", "x"));
        assertEquals(true, value("x = True\nfoo(x)\n", "x"));
        assertEquals("None", value("x = None\nfoo(x)\n", "x"));
        assertEquals("b:ab", value("x = b'ab'\nfoo(x)\n", "x"));
        assertEquals(-3L, value("x = -3\nfoo(x)\n", "x"));
    }

    @Test
    void functionLocalConstant() {
        String src = "def test(x):\n    c = 42\n    if x < 0:\n        yield c\n    else:\n        yield x\n";
        assertEquals(42L, value(src, "c"));
        assertEquals(list(null, null), values(src, "x"));
    }

    @Test
    void annotatedAssignment() {
        assertEquals("a", value("x: str = 'a'\nfoo(x)\n", "x"));
        assertEquals("a", value("x: str\nx = 'a'\nfoo(x)\n", "x"));
    }

    @Test
    void chainedAssignment() {
        String src = "x = y = 'a'\nfoo(x, y)\n";
        assertEquals("a", value(src, "x"));
        assertEquals("a", value(src, "y"));
    }

    @Test
    void namesOfConstants() {
        String src = "def test():\n    a = 'h'\n    b = 'i'\n    c = a + b\n    return c\n";
        assertEquals("hi", value(src, "c"));
        assertEquals("foo", value("a = 'foo'\nb = a\nfoo(b)\n", "b"));
    }

    @Test
    void foldingAndUses() {
        String src = "a = 'foo'\nb = a\nc[a] = 1\nd = {1: a}\ndef f():\n    return a\n";
        assertEquals(list("foo", "foo", "foo", "foo"), values(src, "a"));
    }

    @Test
    void intArithmetic() {
        assertEquals(5L, value("n = 2 * 3 - 1\nfoo(n)\n", "n"));
        assertEquals(2L, value("n = 5\nm = n // 2\nfoo(m)\n", "m"));
        assertEquals(-4L, value("m = -7 // 2\nfoo(m)\n", "m"));
        assertEquals(-4L, value("m = 7 // -2\nfoo(m)\n", "m"));
        assertEquals(3L, value("m = 7 // 2\nfoo(m)\n", "m"));
        assertNull(value("m = 7 // 0\nfoo(m)\n", "m"));
        assertNull(value("m = 7 / 2\nfoo(m)\n", "m"));
        assertNull(value("m = 2 ** 3\nfoo(m)\n", "m"));
        assertNull(value("m = True + 1\nfoo(m)\n", "m"));
        assertNull(value("m = 1 + 'a'\nfoo(m)\n", "m"));
    }

    @Test
    void stringOperations() {
        assertEquals("abc", value("s = 'a' + 'b' 'c'\nfoo(s)\n", "s"));
        assertEquals("ababab", value("s = 'ab' * 3\nfoo(s)\n", "s"));
        assertEquals("", value("s = 'ab' * -1\nfoo(s)\n", "s"));
        assertEquals("b:ab", value("s = b'a' + b'b'\nfoo(s)\n", "s"));
        // Semgrep treats every string kind alike: bytes + str folds to a str.
        assertEquals("a\n", value("s = b'a' + '\\n'\nfoo(s)\n", "s"));
        assertEquals("a\n", value("s = u'a' + '\\n'\nfoo(s)\n", "s"));
        assertNull(value("s = 'a' - 'b'\nfoo(s)\n", "s"));
        assertNull(value("s = 'a' * n\nfoo(s)\n", "s"));
    }

    @Test
    void fStrings() {
        assertEquals("hi bob!", value("name = 'bob'\ns = f'hi {name}!'\nfoo(s)\n", "s"));
        assertEquals("'bob'", value("name = 'bob'\ns = f'{name!r}'\nfoo(s)\n", "s"));
        assertEquals("n=3 True None", value("n = 3\ns = f'n={n} {True} {None}'\nfoo(s)\n", "s"));
        assertEquals("plain", value("s = f'plain'\nfoo(s)\n", "s"));
        assertNull(value("s = f'{name}'\nfoo(s)\n", "s"));
        assertNull(value("n = 3\ns = f'{n:>4}'\nfoo(s)\n", "s"));
        assertNull(value("n = 'x'\ns = f'{n!a}'\nfoo(s)\n", "s"));
    }

    @Test
    void moduleConstantInsideFunctions() {
        String src = "import flask\nsomevar = True\n@app.route('/admin')\ndef admin():\n"
                + "    return r.set_cookie('s', secure=somevar, httponly=somevar)\n";
        assertEquals(list(true, true), values(src, "somevar"));
        // A function body usually runs after the module body: position does not matter there.
        assertEquals("x", value("def f():\n    return X\nX = 'x'\n", "X"));
        assertEquals("x", value("X = 'x'\nclass C:\n    def m(self):\n        return lambda: X\n", "X"));
    }

    @Test
    void classBodies() {
        String src = "A = 1\nclass C:\n    b = A\n    x = 2\n    y = x\n    def m(self):\n        return x\n";
        assertEquals(1L, value(src, "A"));
        assertEquals(list(2L, null), values(src, "x"));
        assertNull(value("class C:\n    y = A\nA = 1\n", "A"));
    }

    @Test
    void usesInsideTheDefiningBlock() {
        String src = "def test2(c):\n    if c:\n        a = 'a'\n        foo(a)\n        while d:\n            foo(a)\n    foo(a)\n";
        assertEquals(list("a", "a", null), values(src, "a"));
    }

    @Test
    void evaluate() {
        Mod.Module m = parse("x = 'a'\nfoo(x + 'b', 1 + 2, x.upper(), bar)\n");
        ConstantPropagation cp = ConstantPropagation.of(m);
        Expr.Call call = (Expr.Call) ((Stmt.ExprStmt) m.body().get(1)).value();
        assertEquals("ab", simple(cp.evaluate(call.args().get(0))));
        assertEquals(3L, simple(cp.evaluate(call.args().get(1))));
        assertNull(cp.evaluate(call.args().get(2)));
        assertNull(cp.evaluate(call.args().get(3)));
        assertNull(cp.evaluate(call));
        assertNull(cp.evaluate(null));
        assertNull(cp.valueOf(null));
        // A Name from another tree is not a use of this one.
        Expr.Name foreign = loads(parse("x = 'a'\nfoo(x)\n"), "x").get(0);
        assertNull(cp.valueOf(foreign));
        assertNull(cp.evaluate(((Stmt.ExprStmt) parse("...\n").body().get(0)).value()));
        assertNull(cp.evaluate(((Stmt.ExprStmt) parse("2j\n").body().get(0)).value()));
    }

    // ------------------------------------------------------------ negatives

    @Test
    void reassigned() {
        assertEquals(list(null, null), values("x = 'a'\nfoo(x)\nx = 'b'\nfoo(x)\n", "x"));
        assertEquals(list(null, null), values("x = 'a'\nfoo(x)\nx = 'a'\nfoo(x)\n", "x"));
        assertNull(value("x = 'a'\nx = bar()\nfoo(x)\n", "x"));
        assertNull(value("x = 'a'\nx, y = 1, 2\nfoo(x)\n", "x"));
        assertNull(value("x: str = 'a'\nx: str = 'b'\nfoo(x)\n", "x"));
    }

    @Test
    void augmented() {
        assertNull(value("x = 'a'\nx += 'b'\nfoo(x)\n", "x"));
        String cpEval2 = "s = \"print('safe')\"\ns += argv[1]\neval(s)\n";
        assertNull(value(cpEval2, "s"));
    }

    @Test
    void usedBeforeAssignment() {
        assertEquals(list(null, "a"), values("foo(x)\nx = 'a'\nfoo(x)\n", "x"));
        assertEquals(list(null, "a"), values("def f():\n    foo(x)\n    x = 'a'\n    foo(x)\n", "x"));
        assertNull(value("x = x + 'a'\n", "x"));
    }

    @Test
    void notConstant() {
        assertNull(value("x = bar()\nfoo(x)\n", "x"));
        assertNull(value("x = [1]\nfoo(x)\n", "x"));
        assertNull(value("x = ...\nfoo(x)\n", "x"));
        assertNull(value("x = y\nfoo(x)\n", "x"));
        assertNull(value("foo(x)\n", "x"));
    }

    @Test
    void differentFunction() {
        assertNull(value("def f():\n    x = 'a'\ndef g():\n    foo(x)\n", "x"));
        assertNull(value("def f():\n    x = 'a'\nfoo(x)\n", "x"));
        // Constants of an enclosing function are not propagated into closures.
        assertNull(value("def f():\n    x = 'a'\n    def g():\n        return x\n", "x"));
        assertNull(value("def f():\n    x = 'a'\n    return lambda: x\n", "x"));
    }

    @Test
    void shadowedByLocalBinding() {
        assertNull(value("x = 1\ndef f(x):\n    return x\n", "x"));
        assertNull(value("x = 1\ndef f():\n    for x in y:\n        foo(x)\n", "x"));
        assertEquals(list(null, 1L), values("x = 1\ndef f():\n    x = 2\n    x = 3\n    foo(x)\nfoo(x)\n", "x"));
        assertNull(value("x = 1\nf = lambda x: x\n", "x"));
    }

    @Test
    void global() {
        assertEquals(list(null, null), values("x = 'a'\ndef f():\n    global x\n    x = 'b'\nfoo(x)\ndef g():\n    foo(x)\n", "x"));
        assertNull(value("x = 'a'\ndef f():\n    global x\n    foo(x)\n", "x"));
    }

    @Test
    void nonlocal() {
        String src = "def f():\n    x = 'a'\n    def g():\n        nonlocal x\n        x = 'b'\n    foo(x)\n";
        assertNull(value(src, "x"));
    }

    @Test
    void otherBindings() {
        String[] binders = {
            "for x in y:\n    pass\n",
            "with a as x:\n    pass\n",
            "with a as (x, z):\n    pass\n",
            "try:\n    pass\nexcept E as x:\n    pass\n",
            "if (x := 2):\n    pass\n",
            "[x for x in y]\n",
            "{k: v for k, x in y}\n",
            "import x\n",
            "import x.y\n",
            "from m import x\n",
            "import m as x\n",
            "del x\n",
            "def x():\n    pass\n",
            "class x:\n    pass\n",
            "x, *z = a\n",
            "[*x] = a\n",
            "match v:\n    case [1, *x]:\n        pass\n",
            "match v:\n    case {'k': 1, **x}:\n        pass\n",
            "match v:\n    case C(a=x):\n        pass\n",
            "match v:\n    case 1 | 2 as x:\n        pass\n",
            "type x = int\n",
        };
        for (String binder : binders) {
            String src = "x = 'a'\n" + binder + "foo(x)\n";
            List<Object> v = values(src, "x");
            assertNull(v.get(v.size() - 1), src);
        }
    }

    @Test
    void mustDominateTheUse() {
        assertNull(value("def test3(c):\n    if c:\n        x = 'hi'\n    foo(x)\n", "x"));
        assertNull(value("if c:\n    x = 'hi'\nelse:\n    foo(x)\n", "x"));
        assertNull(value("try:\n    x = 'hi'\nexcept E:\n    foo(x)\n", "x"));
        assertNull(value("for i in y:\n    x = 'hi'\nelse:\n    foo(x)\n", "x"));
        assertEquals("hi", value("try:\n    x = 'hi'\n    foo(x)\nexcept E:\n    pass\n", "x"));
        // Module constants reach functions only when defined directly in the module body.
        assertNull(value("if c:\n    X = 1\ndef f():\n    return X\n", "X"));
    }

    // ------------------------------------------------------------ robustness

    @Test
    void longDefinitionChain() {
        StringBuilder sb = new StringBuilder("a0 = 'v'\n");
        int n = 20_000;
        for (int i = 1; i <= n; i++) sb.append('a').append(i).append(" = a").append(i - 1).append('\n');
        sb.append("foo(a").append(n).append(")\n");
        assertEquals("v", value(sb.toString(), "a" + n));
    }

    @Test
    void longConcatenation() {
        StringBuilder sb = new StringBuilder("s = 'a'");
        int n = 20_000;
        for (int i = 0; i < n; i++) sb.append(" + 'a'");
        sb.append("\nfoo(s)\n");
        assertEquals("a".repeat(n + 1), value(sb.toString(), "s"));
    }

    @Test
    void hugeValuesAreUnknown() {
        assertNull(value("s = 'a' * 100000000\nfoo(s)\n", "s"));
        StringBuilder sb = new StringBuilder("n0 = 99999999999\n");
        for (int i = 1; i <= 20; i++) sb.append('n').append(i).append(" = n").append(i - 1).append(" * n").append(i - 1).append('\n');
        sb.append("foo(n20)\n");
        assertNull(value(sb.toString(), "n20"));
        Mod.Module m = parse("n = 1000000000000000 * 1000000000000000\nfoo(n)\n");
        ConstValue big = ConstantPropagation.of(m).valueOf(loads(m, "n").get(0));
        assertEquals(BigInteger.TEN.pow(30), ((ConstValue.Int) big).value());
    }

    @Test
    void neverThrowsOnBrokenInput() {
        String[] inputs = {"x = \n", "x = 'a' +\nfoo(x)\n", "def f(:\n    x = 1\n", "global\n", "nonlocal x\n",
            "x = (\n", "class C(:\n  x = 1\nfoo(x)\n", "match x:\n    case\n", "lambda: (yield)\n", "f'{'\n", ""};
        for (String src : inputs) {
            Mod.Module m = parse(src);
            ConstantPropagation cp = ConstantPropagation.of(m);
            for (Expr.Name use : loads(m, "x")) cp.valueOf(use);
        }
        assertNotNull(ConstantPropagation.of(null));
        assertNull(ConstantPropagation.of(null).evaluate(null));
    }

    // ------------------------------------------------------------ symbolic propagation

    /** The source text of {@code symbolicValue} of every Load of {@code id}, in source order. */
    static List<String> symbolics(String src, String id) {
        Mod.Module m = parse(src);
        ConstantPropagation cp = ConstantPropagation.of(m);
        byte[] bytes = src.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (Expr.Name use : loads(m, id)) {
            Expr e = cp.symbolicValue(use);
            out.add(e == null ? null : new String(bytes, e.start(), e.end() - e.start(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The source text of the symbolic value of the last Load of {@code id}. */
    static String symbolic(String src, String id) {
        List<String> v = symbolics(src, id);
        return v.get(v.size() - 1);
    }

    @Test
    void symbolicValues() {
        assertEquals("default", symbolic("x = default\nfoo(x)\n", "x"));
        assertEquals("requests.Session()", symbolic("import requests\ns = requests.Session()\ns.get(u)\n", "s"));
        assertEquals("'a'", symbolic("x = 'a'\nfoo(x)\n", "x"));
        assertEquals("os.environ['HOME']", symbolic("h = os.environ['HOME']\nfoo(h)\n", "h"));
        assertEquals("f(a, k=b.c)", symbolic("x = f(a, k=b.c)\nfoo(x)\n", "x"));
        assertEquals("a + b * 2", symbolic("x = a + b * 2\nfoo(x)\n", "x"));
        assertEquals("not a or b < c", symbolic("x = not a or b < c\nfoo(x)\n", "x"));
        assertEquals("g()", symbolic("x: T = g()\nfoo(x)\n", "x"));
        assertEquals("g()", symbolic("x = y = g()\nfoo(x)\n", "x"));
        assertEquals("g()", symbolic("x = y = g()\nfoo(y)\n", "y"));
        // Inside a function, in a nested statement list, and in a class body seeing module values.
        assertEquals("open(p)", symbolic("def f(p):\n    fh = open(p)\n    if c:\n        fh.read()\n", "fh"));
        assertEquals("Base()", symbolic("b = Base()\nclass C:\n    y = b\n", "b"));
        // The result is the assignment's own node.
        Mod.Module m = parse("x = g()\nfoo(x)\n");
        Expr rhs = ((Stmt.Assign) m.body().get(0)).value();
        assertSame(rhs, ConstantPropagation.of(m).symbolicValue(loads(m, "x").get(0)));
    }

    @Test
    void symbolicChains() {
        // Semgrep's documented example: ix -> df.index, df -> pandas.DataFrame(x).
        String src = "import pandas\ndef t():\n    df = pandas.DataFrame(x)\n    ix = df.index\n    ix.set_value(a, b, c)\n";
        assertEquals("df.index", symbolic(src, "ix"));
        assertEquals(list("pandas.DataFrame(x)"), symbolics(src, "df"));
        assertEquals("g()", symbolic("b = g()\na = b\nc = a\nfoo(c)\n", "c"));
        assertEquals("b", symbolic("a = b\nc = a\nfoo(c)\n", "c"));
        // b is re-assigned: the chain stops at the Name b.
        assertEquals("b", symbolic("b = 1\nb = 2\na = b\nfoo(a)\n", "a"));
        // b is mutated before a = b: the chain stops at the Name b.
        assertEquals("b", symbolic("b = g()\nb.x = 1\na = b\nfoo(a)\n", "a"));
        StringBuilder chain = new StringBuilder("a0 = g()\n");
        for (int i = 1; i <= 20; i++) chain.append('a').append(i).append(" = a").append(i - 1).append('\n');
        chain.append("foo(a20)\n");
        assertEquals("g()", symbolic(chain.toString(), "a20"));
        // A very long chain stops after a bounded number of links, on a Name of the chain.
        StringBuilder sb = new StringBuilder("a0 = g()\n");
        int n = 20_000;
        for (int i = 1; i <= n; i++) sb.append('a').append(i).append(" = a").append(i - 1).append('\n');
        sb.append("foo(a").append(n).append(")\n");
        String v = symbolic(sb.toString(), "a" + n);
        assertNotNull(v);
        assertTrue(v.matches("a[0-9]+"), v);
    }

    private static boolean alwaysString(String src, String id) {
        Mod.Module m = parse(src);
        return ConstantPropagation.of(m).alwaysString(loads(m, id).get(0));
    }

    @Test
    void andOrOfStringsIsSomeString() {
        assertTrue(alwaysString("def f(x):\n    a = x >= 1 and 'p' or 'q'\n    g(a)\n", "a"));
        assertFalse(alwaysString("a = c or 'q'\nb = (c and 'p') or a\ng(b)\n", "b"), "c may be anything when truthy");
        assertTrue(alwaysString("b = x and 'p' or 'q'\na = b\ng(a)\n", "a"), "through a name holding one");
        assertFalse(alwaysString("a = x and v or 'q'\ng(a)\n", "a"));
        assertFalse(alwaysString("a = x and 'p' or w\ng(a)\n", "a"));
        assertFalse(alwaysString("a = x >= 1 and 'p'\ng(a)\n", "a"), "the comparison's False is a value too");
    }

    @Test
    void symbolicSameRulesAsConstants() {
        assertNull(symbolic("x = g()\nx = h()\nfoo(x)\n", "x"));
        assertNull(symbolic("foo(x)\nx = g()\n", "x"));
        // Semgrep's documented limitation: nothing crosses an if or a loop.
        assertNull(symbolic("if c:\n    df = g()\nix = df.index\n", "df"));
        assertNull(symbolic("while c:\n    s = g()\nfoo(s)\n", "s"));
        assertNull(symbolic("x = g()\nx += 1\nfoo(x)\n", "x"));
        assertNull(symbolic("def f(x):\n    foo(x)\n", "x"));
        assertNull(symbolic("x = g()\ndef f():\n    global x\n    x = 1\nfoo(x)\n", "x"));
        assertNull(symbolic("(x := g())\nfoo(x)\n", "x"));
        assertNull(symbolic("a, b = g()\nfoo(a)\n", "a"));
        // a for target is not modelled; a with target stands for the context expression, as in
        // Semgrep's own test sym_prop_python_with (`with Session() as s: s.execute()`)
        assertNull(symbolic("for x in g():\n    foo(x)\n", "x"));
        assertEquals("open(f)", symbolic("with open(f) as x:\n    x.read()\n", "x"));
    }

    @Test
    void symbolicNotIntoFunctions() {
        assertNull(symbolic("s = requests.Session()\ndef f():\n    s.get(u)\n", "s"));
        assertNull(symbolic("s = requests.Session()\nh = lambda: s.get(u)\n", "s"));
        assertNull(symbolic("def f():\n    s = g()\n    def h():\n        return s\n", "s"));
        // Constants still reach functions through valueOf.
        assertEquals("a", value("X = 'a'\ndef f():\n    return X\n", "X"));
    }

    @Test
    void symbolicOnlyForSymbolicExpressions() {
        assertNull(symbolic("x = [a, b]\nfoo(x)\n", "x"));
        assertNull(symbolic("x = {'k': v}\nfoo(x)\n", "x"));
        assertNull(symbolic("x = (a, b)\nfoo(x)\n", "x"));
        assertNull(symbolic("x = lambda: 1\nfoo(x)\n", "x"));
        assertNull(symbolic("x = [i for i in y]\nfoo(x)\n", "x"));
        assertNull(symbolic("x = a if c else b\nfoo(x)\n", "x"));
        assertNull(symbolic("x = f(*args)\nfoo(x)\n", "x"));
        assertNull(symbolic("x = f(**kw)\nfoo(x)\n", "x"));
        assertNull(symbolic("x = f([1])\nfoo(x)\n", "x"));
        assertNull(symbolic("x = a[1:2]\nfoo(x)\n", "x"));
        assertNull(symbolic("x = f'{a}'\nfoo(x)\n", "x"));
        assertNull(symbolic("async def f():\n    x = await g()\n    foo(x)\n", "x"));
    }

    @Test
    void symbolicKilledByMutation() {
        assertNull(symbolic("s = Session()\ns.verify = False\ns.get(u)\n", "s"));
        assertNull(symbolic("d = make()\nd['k'] = 1\nfoo(d)\n", "d"));
        assertNull(symbolic("d = make()\nd.a.b += 1\nfoo(d)\n", "d"));
        assertNull(symbolic("d = make()\nd.a: int = 1\nfoo(d)\n", "d"));
        assertNull(symbolic("d = make()\ndel d.a\nfoo(d)\n", "d"));
        assertNull(symbolic("d = make()\nd.a, e = 1, 2\nfoo(d)\n", "d"));
        assertNull(symbolic("d = make()\nfor d.a in y:\n    pass\nfoo(d)\n", "d"));
        assertNull(symbolic("d = make()\nwith m() as d.a:\n    pass\nfoo(d)\n", "d"));
        assertNull(symbolic("l = make()\nl.append(1)\nfoo(l)\n", "l"));
        assertNull(symbolic("l = make()\nl.x[0].update(1)\nfoo(l)\n", "l"));
        // A mutation on a path between the definition and the use.
        assertNull(symbolic("s = Session()\nif c:\n    s.verify = False\ns.get(u)\n", "s"));
        // A mutation in a class body of the defining scope.
        assertNull(symbolic("s = Session()\nclass C:\n    s.verify = False\ns.get(u)\n", "s"));
        // A mutation later in a loop that starts after the definition reaches the next iteration.
        assertEquals(list("Session()", null, null),
            symbolics("s = Session()\nfoo(s)\nwhile c:\n    s.get(u)\n    s.verify = False\n", "s"));
        assertEquals(list("Session()", null, null),
            symbolics("s = Session()\nfoo(s)\nfor i in y:\n    s.get(u)\n    s.close()\n", "s"));
    }

    @Test
    void symbolicNotKilled() {
        // Uses before the mutation, and inside the mutating statement, keep the value.
        assertEquals(list("Session()", "Session()", "Session()", null),
            symbolics("s = Session()\nfoo(s)\ns.verify = s.default\nfoo(s)\n", "s"));
        assertEquals(list("Session()"), symbolics("s = Session()\ns.get(u)\n", "s"));
        // A call whose result is used, or a method of a call's result, mutates no known variable.
        assertEquals("Session()", symbolic("s = Session()\nr = s.get(u)\nfoo(s)\n", "s"));
        assertEquals("Session()", symbolic("s = Session()\ns.get(u).close()\nfoo(s)\n", "s"));
        assertEquals("Session()", symbolic("s = Session()\nfoo(s.get(u))\nfoo(s)\n", "s"));
        // A loop around the definition: each iteration defines the value again.
        assertEquals(list("g()", "g()", null),
            symbolics("while c:\n    s = g()\n    foo(s)\n    s.x = 1\n    foo(s)\n", "s"));
        // Mutations in other functions are not seen (intraprocedural), nor those of other variables.
        assertEquals("Session()", symbolic("s = Session()\ndef f():\n    s.verify = False\ns.get(u)\n", "s"));
        assertEquals("Session()", symbolic("s = Session()\nt = other()\nt.verify = False\ns.get(u)\n", "s"));
        assertEquals("Session()", symbolic("s = Session()\ndef f(s):\n    s.x = 1\ns.get(u)\n", "s"));
    }

    @Test
    void symbolicNeverThrows() {
        String[] inputs = {"x = \n", "x = g(\nfoo(x)\n", "def f(:\n    x = 1\n", "x.a = \n", "x = y\ny = x\nfoo(x)\n", ""};
        for (String src : inputs) {
            Mod.Module m = parse(src);
            ConstantPropagation cp = ConstantPropagation.of(m);
            for (Expr.Name use : loads(m, "x")) cp.symbolicValue(use);
        }
        assertNull(ConstantPropagation.of(null).symbolicValue(null));
    }
}
