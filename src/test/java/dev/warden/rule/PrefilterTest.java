package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words a file needs for a rule to match, compiled once per rule ({@link Prefilter}). */
class PrefilterTest {
    private static Rule rule(String body) {
        String yaml = "rules:\n- id: r\n  languages: [python]\n  severity: ERROR\n  message: m\n" + body;
        RuleLoader.LoadResult loaded = RuleLoader.load("r.yaml", yaml);
        assertEquals(List.of(), loaded.errors());
        return loaded.rules().get(0);
    }

    private static boolean admits(Rule r, String code) {
        Source source = SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source();
        return r.prefilter().admits(source);
    }

    @Test
    void anAlternativeNeedingMoreWordsThanAnotherIsDropped() {
        Rule r = rule("  pattern-either:\n"
                + "    - pattern: open(request.$W)\n"
                + "    - pattern: request.$W\n"
                + "    - pattern: open(..., request.$W.get(...))\n");
        // every alternative needs `request`; the ones that also need `open` or `get` add nothing
        assertInstanceOf(Prefilter.Words.class, r.prefilter());
        assertEquals(1, ((Prefilter.Words) r.prefilter()).hashes().length);
        assertTrue(admits(r, "x = request.args\n"));
        assertFalse(admits(r, "open(path)\n"));
    }

    @Test
    void eitherNeedsOneAlternativeAndConjunctionsEveryPositiveTerm() {
        Rule r = rule("  pattern-either:\n"
                + "    - patterns:\n"
                + "        - pattern: subprocess.call($X)\n"
                + "        - pattern-not: subprocess.call(\"...\")\n"
                + "        - pattern-not-inside: shlex.quote(...)\n"
                + "    - pattern: os.system(...)\n");
        assertTrue(admits(r, "import subprocess\nsubprocess.call(cmd)\n"), "negations need nothing");
        assertTrue(admits(r, "os.system(cmd)\n"));
        assertFalse(admits(r, "subprocess.run(cmd)\n"), "call is missing");
        assertFalse(admits(r, "call(cmd)\nos.path\n"), "neither alternative has all its words");
    }

    @Test
    void anAlternativeWithoutWordsLetsEveryFileThrough() {
        Rule r = rule("  pattern-either:\n    - pattern: eval(...)\n    - pattern-regex: 'exec\\('\n");
        assertSame(Prefilter.NONE, r.prefilter());
        assertTrue(admits(r, "x = 1\n"));
    }

    @Test
    void aChoiceOfWordsInAMetavariableRegexIsNeeded() {
        Rule r = rule("  patterns:\n    - pattern: $F(..., $K=$V, ...)\n"
                + "    - metavariable-regex:\n        metavariable: $K\n        regex: '^(password|token)$'\n");
        assertTrue(admits(r, "connect(token_v2='y')\n"), "a word starting with a choice");
        assertFalse(admits(r, "connect(user='x')\n"));
    }

    @Test
    void aTaintRuleNeedsASourceAndASink() {
        Rule r = rule("  mode: taint\n"
                + "  pattern-sources:\n    - pattern: flask.request.$W\n    - pattern: sys.argv\n"
                + "  pattern-sinks:\n    - pattern: os.system(...)\n");
        assertTrue(admits(r, "import sys, os\nos.system(sys.argv[1])\n"));
        assertFalse(admits(r, "import sys\nprint(sys.argv)\n"), "no sink");
        assertFalse(admits(r, "import os\nos.system('ls')\n"), "no source");
    }

    @Test
    void eachConjunctionCarriesItsOwn() {
        Rule r = rule("  pattern-either:\n"
                + "    - patterns:\n        - pattern: yaml.load($X)\n        - pattern-not: yaml.load($X, Loader=...)\n"
                + "    - patterns:\n        - pattern: pickle.loads($X)\n");
        Formula.Or either = (Formula.Or) r.formula();
        for (Formula alternative : either.alternatives()) {
            Formula.And and = (Formula.And) alternative;
            String code = and.terms().get(0) instanceof Formula.Pattern p && p.text().startsWith("yaml")
                    ? "import yaml\nyaml.load(s)\n" : "import pickle\npickle.loads(s)\n";
            Source source = SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source();
            assertTrue(and.prefilter().admits(source));
            Source other = SourceDecoder.decode("t.py", "json.loads(s)\n".getBytes(StandardCharsets.UTF_8)).source();
            assertFalse(and.prefilter().admits(other));
        }
    }
}
