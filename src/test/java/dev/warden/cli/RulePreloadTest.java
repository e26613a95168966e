package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.warden.rule.Rule;
import dev.warden.rule.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePreloadTest {

    @Test
    void findsTheConfigsOfAScanCommandLine() {
        assertEquals(List.of(Path.of("a.yaml"), Path.of("dir"), Path.of("b.yml"), Path.of("c.yaml")),
                RulePreload.configsOfScan(new String[] {"scan", "-c", "a.yaml", "--json", "--config", "dir", "--config=b.yml", "-cc.yaml", "src"}));
        assertEquals(List.of(Path.of("builtin")), RulePreload.configsOfScan(new String[] {"scan", "src"}), "no config: the built-in rules");
        assertEquals(List.of(), RulePreload.configsOfScan(new String[] {"scan", "-e", "eval(...)", "src"}), "a pattern, no rules");
        assertEquals(List.of(Path.of("r.yaml")), RulePreload.configsOfScan(new String[] {"scan", "-c", "r.yaml", "--", "-c", "x"}));
        assertEquals(List.of(), RulePreload.configsOfScan(new String[] {"test", "-c", "r.yaml"}));
        assertEquals(List.of(), RulePreload.configsOfScan(new String[0]));
    }

    @Test
    void aPreloadedConfigIsTheSameRulesAsOneLoadedWhereUsed(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - id: no-eval
                    pattern: eval(...)
                    message: eval
                    languages: [python]
                    severity: ERROR
                  - id: bad
                    pattern: eval(
                    message: broken
                    languages: [python]
                    severity: ERROR
                """);
        RulePreload.start(new String[] {"scan", "--config", rules.toString(), dir.toString()});
        RuleLoader.LoadResult preloaded = RulePreload.take(rules);
        assertNotNull(preloaded);
        RuleLoader.LoadResult loaded = RuleLoader.load(rules);
        assertEquals(loaded.rules().stream().map(Rule::id).toList(), preloaded.rules().stream().map(Rule::id).toList());
        assertEquals(loaded.errors().toString(), preloaded.errors().toString(), "the bad rule's error, with its position");
        assertNull(RulePreload.take(rules), "taken once: a second scan in the same JVM loads its own");
        assertNull(RulePreload.take(dir.resolve("other.yaml")));
    }
}
