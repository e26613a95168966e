package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.Source;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BindingFilterTest {
    private static Source source(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new Source("t.py", b, b.length);
    }

    @Test
    void aRegexJudgesTheTextAsWrittenAndRemembersItsVerdicts() {
        Pattern regex = Pattern.compile("ffi$");
        BindingFilter filter = BindingFilter.regex(regex);
        // a name written as its id: judged by the id; the same text again: the same verdict
        Source plain = source("ffi = 1");
        Expr.Name ffi = new Expr.Name("ffi", ExprContext.Store, 0, 3);
        assertTrue(filter.allows(ffi, plain, 0, 3));
        assertTrue(BindingFilter.regex(regex).allows(ffi, plain, 0, 3));
        // a name spelled with a compatibility character (its id is normalised): judged by what is written
        Source ligature = source("\uFB03 = 1");
        Expr.Name written = new Expr.Name("ffi", ExprContext.Store, 0, 3);
        assertFalse(filter.allows(written, ligature, 0, 3));
        // a string binding is its own text
        assertTrue(filter.allows("ffi", plain, -1, -1));
        assertFalse(filter.allows("ffix", plain, -1, -1));
    }
}
