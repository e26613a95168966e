package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import dev.warden.python.ast.Expr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The expressions overlapping a few ranges, found without visiting the rest ({@link ExpressionSpans}). */
class ExpressionSpansTest {
    private static final String CODE = """
            import os
            def f(a, b=[1, 2], *args, k=None, **kw):
                x = os.path.join(a, b[0] + g(k, *args, key=kw["z"]), {1: "a", 2: (lambda y: y * 2)(3)})
                return [v for v in x if v] or f"{x!r:>{a}}" + "t" "u"
            class C(Base, metaclass=M):
                @dec(1)
                def m(self): return self.z.w(1)(2)[3:4, ...]
            """;

    private static List<Expr> bruteForce(List<Expr> all, Candidates c) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : all) if (c.anyOverlapping(e.start(), e.end())) out.add(e);
        return out;
    }

    @Test
    void theSameExpressionsAsLookingAtEveryOneInTheSameOrder() {
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", CODE.getBytes(StandardCharsets.UTF_8)).source());
        List<Expr> all = FileFacts.of(file).expressions();
        ExpressionSpans spans = new ExpressionSpans(all);
        Random random = new Random(7);
        int length = CODE.length();
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + random.nextInt(4);
            int[] starts = new int[n], ends = new int[n];
            for (int i = 0; i < n; i++) {
                starts[i] = random.nextInt(length);
                ends[i] = Math.min(length, starts[i] + random.nextInt(trial % 3 == 0 ? 3 : 40));
            }
            Candidates c = Candidates.of(starts, ends);
            assertEquals(bruteForce(all, c), spans.overlapping(c), () -> "candidates " + java.util.Arrays.toString(starts) + " " + java.util.Arrays.toString(ends));
        }
    }

    @Test
    void aFileWhoseRangesDoNotNestIsLeftToTheCaller() {
        // CPython gives the text before a self-documenting field ({family=}) a range that runs over the field
        String code = "raise OSError(f\"no address with {family=} found\")\n";
        ParseResult file = Parser.parse(SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source());
        ExpressionSpans spans = new ExpressionSpans(FileFacts.of(file).expressions());
        assertNull(spans.overlapping(Candidates.of(new int[] {5}, new int[] {6})));
    }
}
