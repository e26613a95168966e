package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import dev.warden.python.ast.Mod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Deferring function bodies must not change an answer: the analysis that walks a body only when
 * asked about it answers every question as the one that walks everything at once, whatever order
 * the questions come in.
 */
class ConstantPropagationDeferredTest {
    private static final String SAMPLE = """
            X = "a"
            Y = X + "b"
            G = 1
            def f(p=X):
                z = Y
                def inner():
                    return z + X
                return z, G, inner()
            class C:
                K = "k" + X
                def m(self):
                    global G
                    G = 2
                    w = self.K
                    w.append(1)
                    return w
                def n(self, q=K):
                    v = "s" * 3
                    for i in range(3):
                        v = v + str(i)
                    return v
            async def g():
                a = f"{X}-{Y}"
                nonlocal_free = lambda: a
                return [a for _ in range(2)]
            H = G
            """;

    @Test
    void sampleAnswersAsTheFullWalk() {
        compare(ConstantPropagationTest.parse(SAMPLE), new Random(1));
    }

    @Test
    void aGlobalStatementInADeferredBodyStillUnsetsTheModuleConstant() {
        Mod.Module m = ConstantPropagationTest.parse("G = 'x'\ndef f():\n    global G\n    G = 'y'\nprint(G)\n");
        Expr.Name use = ConstantPropagationTest.loads(m, "G").get(0);
        assertNull(ConstantPropagation.of(m).valueOf(use));
    }

    /** Python files of this repository and, when present, of the shared conformance corpus. */
    @Test
    void filesAnswerAsTheFullWalk() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : new String[] {"examples", "src/main/resources/rules", "tools", "../shared/conformance"}) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(p -> p.toString().endsWith(".py")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 10, "too few files: " + files.size());
        Random random = new Random(7);
        for (Path p : files) {
            Mod.Module m = Parser.parse(SourceDecoder.decode(p.toString(), Files.readAllBytes(p)).source()).module();
            compare(m, random);
        }
    }

    /** Equal constants: records compare arrays by identity, so bytes and code points are compared here. */
    static boolean same(dev.warden.python.ast.ConstValue a, dev.warden.python.ast.ConstValue b) {
        if (a instanceof dev.warden.python.ast.ConstValue.Bytes x && b instanceof dev.warden.python.ast.ConstValue.Bytes y) return java.util.Arrays.equals(x.value(), y.value());
        if (a instanceof dev.warden.python.ast.ConstValue.Str x && b instanceof dev.warden.python.ast.ConstValue.Str y) return x.value().equals(y.value()) && java.util.Arrays.equals(x.codePoints(), y.codePoints());
        return java.util.Objects.equals(a, b);
    }

    /** Asks both analyses about every name and expression of {@code m}, in a shuffled order. */
    private static void compare(Mod.Module m, Random random) {
        ConstantPropagation all = ConstantPropagation.of(m, false);
        ConstantPropagation deferred = ConstantPropagation.of(m, true);
        List<Expr> exprs = new ArrayList<>();
        Children.walk(m, n -> {
            if (n instanceof Expr e) exprs.add(e);
        });
        Collections.shuffle(exprs, random);
        for (Expr e : exprs) {
            String where = e.getClass().getSimpleName() + " at " + e.start();
            if (e instanceof Expr.Name n && n.ctx() == ExprContext.Load) {
                assertTrue(same(all.valueOf(n), deferred.valueOf(n)), "valueOf " + where);
                assertSame(all.symbolicValue(n), deferred.symbolicValue(n), "symbolicValue " + where);
            }
            assertTrue(same(all.evaluate(e), deferred.evaluate(e)), "evaluate " + where);
            assertEquals(all.alwaysString(e), deferred.alwaysString(e), "alwaysString " + where);
        }
    }
}
