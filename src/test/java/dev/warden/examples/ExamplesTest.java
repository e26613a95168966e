package dev.warden.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.CliRun;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleLoader;
import dev.warden.ruletest.RuleTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples the README and docs/writing-rules.md walk through stay true: the custom rules of
 * {@code examples/rules} pass their own tests ({@code warden test}), and scanning
 * {@code examples/flask-app} with them finds exactly the planted violations.
 *
 * <p>The rule examples of {@code docs/writing-rules.md} are tested the same way: a line
 * {@code <!-- test: NAME -->} before a YAML block and the Python block after it makes
 * {@code NAME.yaml} and {@code NAME.py}, {@code <!-- fixed: NAME -->} before a Python block makes
 * {@code NAME.fixed.py}.
 */
class ExamplesTest {
    private static final Path RULES = Path.of("examples/rules");
    private static final Path APP = Path.of("examples/flask-app");
    private static final String TAINT_RULE = "taint-sql-injection";
    private static final Path GUIDE = Path.of("docs/writing-rules.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern MARKER = java.util.regex.Pattern.compile("<!-- (test|fixed): ([\\w.-]+) -->");
    private static final java.util.regex.Pattern RULE_ID = java.util.regex.Pattern.compile("(?m)^  - id: (\\S+)$");

    @TempDir
    Path tmp;

    /** The search rules of examples/rules; each has a test file of the same name. */
    private static final List<String> SEARCH_RULES = List.of(
            "flask-view-without-auth",
            "requests-outside-http-client",
            "subprocess-shell-with-dynamic-command",
            "yaml-load-without-safe-loader");

    @Test
    void rulesPassTheirTests() throws Exception {
        List<Path> configs = new ArrayList<>();
        for (Path config : RuleTests.configs(List.of(RULES))) {
            RuleLoader.LoadResult loaded = RuleLoader.load(config);
            assertEquals(List.of(), loaded.errors(), config + " loads");
            configs.add(config);
        }
        assertEquals(SEARCH_RULES.size() + 1, configs.size(), configs.toString());
        assertTrue(RuleLoader.load(RULES.resolve(TAINT_RULE + ".yaml")).rules().get(0).isTaint(), TAINT_RULE + " is a taint rule");

        RuleTests.Report report = RuleTests.run(configs, 2);
        String text = RuleTests.toText(report);
        assertTrue(report.allPassed(), text);
        assertEquals(List.of(), report.missingTests(), text);
        assertEquals(List.of(), report.missingFixtests(), text);

        // every rule was checked against findings it must report, in every one of its test files
        Set<String> checked = new TreeSet<>();
        for (RuleTests.ConfigResult result : report.results()) {
            for (RuleTests.Check check : result.checks().values()) {
                checked.add(check.ruleId());
                for (RuleTests.Lines lines : check.matches().values()) {
                    assertTrue(lines.expected().size() >= 3, check.ruleId() + ": " + lines);
                }
            }
        }
        Set<String> want = new TreeSet<>(SEARCH_RULES);
        want.add(TAINT_RULE);
        assertEquals(want, checked, text);
        // and the yaml fix was checked against its .fixed.py
        assertEquals(1, report.fixtests().size(), text);
        assertTrue(report.fixtests().get(0).fixed().endsWith("yaml-load-without-safe-loader.fixed.py"), text);
        assertEquals(SEARCH_RULES.size() + 2, report.passed(), text);
    }

    @Test
    void flaskAppHasExactlyThePlantedFindings() throws Exception {
        CliRun r = CliRun.run("scan", "--json", "--config", RULES.toString(), APP.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(0, doc.get("errors").size(), r.out());

        Map<String, List<String>> found = new TreeMap<>();
        for (JsonNode result : doc.get("results")) {
            String path = Path.of(result.get("path").asText()).getFileName().toString();
            found.computeIfAbsent(result.get("check_id").asText(), k -> new ArrayList<>())
                    .add(path + ":" + result.get("start").get("line").asInt());
        }

        Map<String, List<String>> want = new TreeMap<>();
        // the views without @login_required / @role_required that are not listed as public
        want.put("flask-view-without-auth", List.of("admin.py:27", "app.py:57", "app.py:64"));
        // requests.post, post imported as http_post, a requests.Session() opened with `with`;
        // nothing in http_client.py, which the rule's paths: exclude leaves out
        want.put("requests-outside-http-client", List.of("integrations.py:23", "integrations.py:28", "integrations.py:34"));
        // an f-string, a concatenation held in a variable, a %-format; not the constant `df -h`
        want.put("subprocess-shell-with-dynamic-command", List.of("jobs.py:13", "jobs.py:32", "jobs.py:41"));
        // no loader, and yaml.Loader through `from yaml import load as yaml_load`
        want.put("yaml-load-without-safe-loader", List.of("config.py:26", "config.py:31"));
        // request data reaching cursor.execute through an f-string (taint mode)
        want.put(TAINT_RULE, List.of("app.py:81"));
        assertEquals(want, found, r.out());

        // http_client.py calls requests (it is the wrapper) and was scanned: the rule's paths left it out
        List<String> scanned = new ArrayList<>();
        for (JsonNode p : doc.get("paths").get("scanned")) scanned.add(Path.of(p.asText()).getFileName().toString());
        assertTrue(scanned.contains("http_client.py"), scanned.toString());
        assertEquals(8, scanned.size(), scanned.toString());
    }

    /** A fenced block of the guide: its language, its text, and the marker just before it (or null). */
    private record Block(int line, String lang, String text, String marker, String name) {}

    private static List<Block> guideBlocks() throws Exception {
        List<String> lines = Files.readAllLines(GUIDE, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        List<String[]> expected = new ArrayList<>(); // [marker kind, name] per block still to come
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            Matcher m = MARKER.matcher(l);
            if (m.matches()) {
                assertTrue(expected.isEmpty(), GUIDE + ":" + (i + 1) + ": the previous marker has not got its blocks");
                if (m.group(1).equals("test")) {
                    expected.add(new String[] {"yaml", m.group(2)});
                    expected.add(new String[] {"python", m.group(2)});
                } else {
                    expected.add(new String[] {"fixed", m.group(2)});
                }
            } else if (l.startsWith("```") && l.length() > 3) {
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; !lines.get(i).strip().equals("```"); i++) text.append(lines.get(i)).append('\n');
                String lang = l.substring(3).strip();
                String[] want = expected.isEmpty() ? null : expected.remove(0);
                if (want != null) {
                    assertEquals(want[0].equals("fixed") ? "python" : want[0], lang, GUIDE + ":" + (start + 1));
                }
                blocks.add(new Block(start + 1, lang, text.toString(), want == null ? null : want[0], want == null ? null : want[1]));
            }
        }
        assertTrue(expected.isEmpty(), "a marker at the end of " + GUIDE + " has not got its blocks");
        return blocks;
    }

    @Test
    void guideExamplesPassTheirTests() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Block b : guideBlocks()) {
            if (b.marker() != null) {
                String file = b.name() + switch (b.marker()) {
                    case "yaml" -> ".yaml";
                    case "python" -> ".py";
                    default -> ".fixed.py";
                };
                assertFalse(Files.exists(tmp.resolve(file)), file + " twice in " + GUIDE);
                Files.writeString(tmp.resolve(file), b.text(), StandardCharsets.UTF_8);
                if (b.marker().equals("yaml")) names.add(b.name());
            } else if (b.lang().equals("yaml") && b.text().startsWith("rules:")) {
                // a rule that is not a tested example: the taint example (a copy of the one in
                // examples/rules) and the suppression example (checked below)
                Matcher id = RULE_ID.matcher(b.text());
                assertTrue(id.find(), GUIDE + ":" + b.line());
                switch (id.group(1)) {
                    case TAINT_RULE -> assertEquals(Files.readString(RULES.resolve(TAINT_RULE + ".yaml")), b.text(),
                            GUIDE + ":" + b.line() + " shows " + RULES.resolve(TAINT_RULE + ".yaml"));
                    case "yaml-load" -> assertTrue(b.text().contains("pattern: yaml.load($DATA)"), b.text());
                    default -> throw new AssertionError(GUIDE + ":" + b.line() + ": rule " + id.group(1) + " has no <!-- test: NAME --> marker");
                }
            }
        }
        assertTrue(names.size() >= 12, names.toString());

        RuleTests.Report report = RuleTests.run(List.of(tmp), 2);
        String text = RuleTests.toText(report);
        assertTrue(report.allPassed(), text);
        assertEquals(List.of(), report.missingTests(), text);
        assertEquals(List.of(), report.missingFixtests(), text);
        assertEquals(names.size(), report.results().size(), text);
        assertEquals(1, report.fixtests().size(), text);
        for (RuleTests.ConfigResult r : report.results()) {
            for (RuleTests.Check c : r.checks().values()) {
                for (RuleTests.Lines lines : c.matches().values()) assertFalse(lines.expected().isEmpty(), c.ruleId() + " in " + r.config());
            }
        }
    }

    @Test
    void guideSuppressionExampleReportsOnlyTheMisspeltLine() throws Exception {
        String rule = null, target = null;
        for (Block b : guideBlocks()) {
            if (b.lang().equals("yaml") && b.marker() == null && b.text().contains("  - id: yaml-load\n")) rule = b.text();
            if (b.lang().equals("python") && b.marker() == null && b.text().contains("nosemgrep: yaml-lod")) target = b.text();
        }
        assertTrue(rule != null && target != null, "the suppression example of " + GUIDE);
        Path config = Files.writeString(tmp.resolve("yaml-load.yaml"), rule);
        Path settings = Files.writeString(tmp.resolve("settings.py"), target);
        CliRun r = CliRun.run("scan", "--json", "--report-unused-suppressions", "--config", config.toString(), settings.toString());
        assertEquals(0, r.status(), r.err());
        List<Integer> lines = new ArrayList<>();
        for (JsonNode result : JSON.readTree(r.out()).get("results")) lines.add(result.get("start").get("line").asInt());
        assertEquals(List.of(7), lines, r.out());
        assertTrue(r.err().contains("settings.py:7: unused suppression: # nosemgrep: yaml-lod"), r.err());
        assertEquals(4, target.split("= yaml\\.load\\(").length - 1, "four yaml.load calls, three of them suppressed");
    }
}
