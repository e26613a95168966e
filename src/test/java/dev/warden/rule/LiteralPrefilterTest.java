package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prefilter that skips a file when a metavariable-regex's words are all absent from it. */
class LiteralPrefilterTest {
    private static Rule rule(String regex) {
        String yaml = "rules:\n- id: r\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n"
                + "    - pattern: $F(..., $K=$V, ...)\n    - metavariable-regex:\n        metavariable: $K\n        regex: '" + regex + "'\n";
        RuleLoader.LoadResult loaded = RuleLoader.load("r.yaml", yaml);
        assertEquals(List.of(), loaded.errors());
        return loaded.rules().get(0);
    }

    private static Source source(String code) {
        return SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source();
    }

    @Test
    void wordsOfAChoiceAreRequired() {
        assertEquals(List.of("aws_key", "token"), RuleEngine.literalAlternatives("(aws_key|token)"));
        assertEquals(List.of("get", "post"), RuleEngine.literalAlternatives("^(get|post)$"));
        assertEquals(List.of(), RuleEngine.literalAlternatives("^get.*"));
        assertEquals(List.of(), RuleEngine.literalAlternatives("(?i)token"));
        assertEquals(List.of(), RuleEngine.literalAlternatives("(a|b"));

        Rule r = rule("(aws_key|token)");
        assertFalse(RuleEngine.mayMatch(r, source("connect(user='x', password='y')\n")));
        // the bound text must start with a word: a longer keyword still counts
        assertTrue(RuleEngine.mayMatch(r, source("connect(token_v2='y')\n")));
        assertTrue(RuleEngine.mayMatch(r, source("connect(aws_key='y')\n")));
        assertTrue(RuleEngine.mayMatch(rule("(?i)token"), source("connect(user='x')\n")), "case-insensitive: no prefilter");
    }

    @Test
    void theFindingsAreTheSameAsWithoutThePrefilter() {
        Rule r = rule("(aws_key|token)");
        var file = dev.warden.python.Parser.parse(source("connect(token_v2='y')\nconnect(user='x')\nconnect(aws_key=k)\n"));
        List<Finding> found = RuleEngine.run(r, file);
        assertEquals(2, found.size());
    }
}
