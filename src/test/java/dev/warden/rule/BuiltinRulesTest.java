package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.ruletest.RuleTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        assertTrue(r.rules().size() >= 30, "rules: " + r.rules().size());
        Set<String> ids = new HashSet<>();
        int total = 0;
        for (String name : BuiltinRules.NAMES) {
            RuleLoader.LoadResult file = BuiltinRules.loadFile(name);
            assertEquals(List.of(), file.errors(), name);
            assertFalse(file.rules().isEmpty(), name);
            total += file.rules().size();
            for (Rule rule : file.rules()) {
                assertTrue(rule.id().matches("warden\\.python\\." + name + "\\.[a-z0-9]+(-[a-z0-9]+)*"), rule.id() + " in " + name + ".yaml");
                assertTrue(ids.add(rule.id()), "duplicate id " + rule.id());
                assertFalse(rule.message().isBlank(), rule.id());
                assertTrue(List.of("ERROR", "WARNING", "INFO").contains(rule.severity()), rule.id() + ": " + rule.severity());
                Map<String, Object> meta = rule.metadata();
                assertTrue(meta.get("cwe") instanceof List<?> cwe && !cwe.isEmpty()
                        && cwe.stream().allMatch(c -> c.toString().matches("CWE-\\d+: .+")), rule.id() + " cwe");
                assertTrue(meta.get("owasp") instanceof List<?> owasp && !owasp.isEmpty()
                        && owasp.stream().allMatch(o -> o.toString().matches("A\\d\\d:2021 - .+")), rule.id() + " owasp");
                assertEquals("security", meta.get("category"), rule.id());
                for (String key : List.of("confidence", "likelihood", "impact")) {
                    assertTrue(List.of("LOW", "MEDIUM", "HIGH").contains(String.valueOf(meta.get(key))), rule.id() + " " + key);
                }
                assertTrue(meta.get("references") instanceof List<?> refs && !refs.isEmpty()
                        && refs.stream().allMatch(u -> u.toString().startsWith("https://")), rule.id() + " references");
            }
        }
        assertEquals(total, r.rules().size());
        assertTrue(BuiltinRules.isBuiltin(Path.of("auto")));
        assertTrue(BuiltinRules.isBuiltin(Path.of("builtin")));
        assertTrue(BuiltinRules.isBuiltin(Path.of("builtin:crypto")));
        assertFalse(BuiltinRules.isBuiltin(Path.of("./auto")));
        assertFalse(BuiltinRules.isBuiltin(Path.of("rules/builtin:x")));
    }

    @Test
    void rulesAreSelectedByIdPrefix() {
        List<Rule> all = BuiltinRules.load().rules();
        List<String> weak = BuiltinRules.select(all, "warden.python.crypto.weak-").stream().map(Rule::id).sorted().toList();
        assertEquals(List.of("warden.python.crypto.weak-cipher", "warden.python.crypto.weak-hash", "warden.python.crypto.weak-key-size"), weak);
        // the warden.python. part may be left out; a topic selects its whole file
        assertEquals(BuiltinRules.loadFile("crypto").rules().stream().map(Rule::id).toList(),
                BuiltinRules.select(all, "crypto").stream().map(Rule::id).toList());
        assertEquals(List.of("warden.python.tls.verify-false"),
                BuiltinRules.select(all, "tls.verify-false").stream().map(Rule::id).toList());
        assertEquals(List.of(), BuiltinRules.select(all, ""));

        RuleLoader.LoadResult none = BuiltinRules.load(Path.of("builtin:warden.python.nosuch"));
        assertEquals(List.of(), none.rules());
        assertEquals(1, none.errors().size());
        assertTrue(none.errors().get(0).format().contains("no built-in rule id starts with `warden.python.nosuch`"), none.errors().get(0).format());
        assertEquals(all.size(), BuiltinRules.load(Path.of("builtin")).rules().size());
    }

    @Test
    void rulesPassTheirTests() throws Exception {
        RuleTests.Report report = RuleTests.run(List.of(DIR), 2);
        assertTrue(report.allPassed(), RuleTests.toText(report));
        long fixTests;
        try (Stream<Path> s = Files.list(DIR)) {
            fixTests = s.filter(p -> p.getFileName().toString().endsWith(".fixed.py")).count();
        }
        assertTrue(fixTests >= 1, "the yaml.load fix is tested");
        assertEquals(BuiltinRules.load().rules().size() + fixTests, report.passed(), RuleTests.toText(report));
        assertEquals(List.of(), report.missingTests());
    }

    /** Every metavariable a message names is bound in every finding, so no `$X` reaches the user. */
    @Test
    void messagesAreFullyInterpolated() throws Exception {
        java.util.regex.Pattern leftover = java.util.regex.Pattern.compile("\\$[A-Z_][A-Z0-9_]*");
        int findings = 0;
        for (String name : BuiltinRules.NAMES) {
            Path test = DIR.resolve(name + ".py");
            dev.warden.python.ParseResult file = dev.warden.python.Parser.parse(
                    dev.warden.python.SourceDecoder.decode(test.toString(), Files.readAllBytes(test)).source());
            for (Rule rule : BuiltinRules.loadFile(name).rules()) {
                for (Finding f : dev.warden.scan.RuleRunner.run(rule, file)) {
                    findings++;
                    assertFalse(leftover.matcher(f.message()).find(), rule.id() + ": " + f.message());
                }
            }
        }
        assertTrue(findings > 100, "the rules found their test cases: " + findings);
    }
}
