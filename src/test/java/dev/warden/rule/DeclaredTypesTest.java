package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeclaredTypesTest {
    private static final String CODE = """
            limit: int = 10
            def f(a: str, b, *, c: typing.List):
                x: bytes = b""
                def g(a: float):
                    return a
                return a, b, c, x, limit
            a = 1
            """;

    private static int at(String needle, int occurrence) {
        int i = -1;
        for (int k = 0; k <= occurrence; k++) i = CODE.indexOf(needle, i + 1);
        return i;
    }

    @Test
    void annotationsDeclareTypesInTheirScope() {
        DeclaredTypes types = new DeclaredTypes(Parser.parse(SourceDecoder.decode("t.py", CODE.getBytes(StandardCharsets.UTF_8)).source()).module());
        int ret = at("return a, b", 0);
        assertEquals("str", types.of("a", ret + 7));
        assertNull(types.of("b", ret + 10));
        assertEquals("List", types.of("c", ret + 13));
        assertEquals("bytes", types.of("x", ret + 16));
        assertEquals("int", types.of("limit", ret + 19));
        assertEquals("float", types.of("a", at("return a\n", 0) + 7), "the innermost function's parameter wins");
        assertNull(types.of("a", at("a = 1", 0)), "outside f, a is not declared");
    }
}
