package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.ruletest.RuleTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Warden's built-in rules load from the classpath, are well described, and pass their own tests. */
class BuiltinRulesTest {
    private static final Path DIR = Path.of("src/main/resources/rules");

    @Test
    void everyRuleFileIsListedAndHasItsTest() throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> files.add(n.substring(0, n.length() - ".yaml".length())));
        }
        assertEquals(files, BuiltinRules.NAMES, "BuiltinRules.NAMES lists the files of " + DIR);
        for (String name : files) assertTrue(Files.isRegularFile(DIR.resolve(name + ".py")), name + ".py is missing");
    }

    @Test
    void rulesLoadWithIdsMessagesAndMetadata() {
        RuleLoader.LoadResult r = BuiltinRules.load();
        assertEquals(List.of(), r.errors());
        assertEquals(BuiltinRules.NAMES.size(), r.rules().size());
        assertTrue(r.rules().size() >= 5);
        for (Rule rule : r.rules()) {
            String name = rule.id().substring("warden.python.".length());
            assertEquals("warden.python." + name, rule.id());
            assertTrue(BuiltinRules.NAMES.contains(name), rule.id());
            assertFalse(rule.message().isBlank(), rule.id());
            assertTrue(List.of("ERROR", "WARNING", "INFO").contains(rule.severity()), rule.id() + ": " + rule.severity());
            Map<String, Object> meta = rule.metadata();
            assertTrue(meta.get("cwe") instanceof List<?> cwe && !cwe.isEmpty() && cwe.get(0).toString().startsWith("CWE-"), rule.id() + " cwe");
            assertTrue(meta.get("owasp") instanceof List<?> owasp && !owasp.isEmpty() && owasp.get(0).toString().matches("A\\d\\d:2021 - .+"), rule.id() + " owasp");
            assertFalse(rule.isTaint(), rule.id());
        }
        assertTrue(BuiltinRules.isBuiltin(Path.of("auto")));
        assertTrue(BuiltinRules.isBuiltin(Path.of("builtin")));
        assertFalse(BuiltinRules.isBuiltin(Path.of("./auto")));
    }

    @Test
    void rulesPassTheirTests() throws Exception {
        RuleTests.Report report = RuleTests.run(List.of(DIR), 2);
        assertTrue(report.allPassed(), RuleTests.toText(report));
        assertEquals(BuiltinRules.NAMES.size(), report.passed(), RuleTests.toText(report));
        assertEquals(List.of(), report.missingTests());
    }
}
