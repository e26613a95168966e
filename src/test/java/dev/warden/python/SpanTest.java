package dev.warden.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Stmt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpanTest {
    @Test
    void spansUseUtf8ByteColumnsAcrossLines() {
        String code = "s = 'é'\nx = (1 +\n     2)\n";
        Source source = SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source();
        ParseResult r = Parser.parse(source);
        Stmt.Assign first = (Stmt.Assign) r.module().body().get(0);
        // 'é' is two bytes in UTF-8, so the string literal ends at byte column 8, not 7
        assertEquals(new Span(1, 4, 1, 8, 4, 8), source.span(first.value()));
        Stmt.Assign second = (Stmt.Assign) r.module().body().get(1);
        Expr.BinOp sum = (Expr.BinOp) second.value();
        assertEquals(new Span(2, 5, 3, 6, 14, 24), source.span(sum));
        assertEquals("1 +\n     2", source.text(sum.start(), sum.end()));
    }
}
