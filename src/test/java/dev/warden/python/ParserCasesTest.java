package dev.warden.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.python.ast.AstDumper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per snippet of src/test/resources/parser/{cases,errors}.py: the tree (or the syntax
 * error) must be exactly what CPython 3.13 gave for it, as recorded by tools/gen_parser_cases.py.
 */
class ParserCasesTest {
    @TestFactory
    Stream<DynamicTest> snippetsMatchCPython() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/parser/expected.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String source = c.get("source").asText();
            String expected = c.get("expected").asText();
            String name = c.get("file").asText() + ": " + source.lines().findFirst().orElse("").strip();
            tests.add(DynamicTest.dynamicTest(name, () -> assertEquals(expected, parseAndDescribe(source), source)));
        }
        return tests.stream();
    }

    static String parseAndDescribe(String source) {
        SourceDecoder.Decoded d = SourceDecoder.decode("<test>", source.getBytes(StandardCharsets.UTF_8));
        if (d.error() != null) return describe(d.error());
        ParseResult r = Parser.parse(d.source());
        if (!r.errors().isEmpty()) return describe(r.errors().get(0));
        assertFalse(r.module() == null);
        return AstDumper.dump(r.module(), d.source().lines());
    }

    private static String describe(PySyntaxError e) {
        return e.type() + ": " + e.message() + " (line " + e.line() + ", column " + e.column() + ")";
    }
}
