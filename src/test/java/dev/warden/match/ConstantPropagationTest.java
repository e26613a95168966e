package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
