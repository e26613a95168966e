package dev.warden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.match.Match;
import dev.warden.match.SemgrepPattern;
import dev.warden.python.Parser;
import dev.warden.python.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Suppressions}: the comment forms, where they apply, rule ids, unused comments, and the scanner's use of them. */
class SuppressionsTest {
    private static Suppressions of(String code) {
        byte[] b = code.getBytes(StandardCharsets.UTF_8);
        return Suppressions.of(Parser.parse(new Source("t.py", b, b.length)));
    }

    /** Whether a finding of {@code rule} on 1-based {@code line} of {@code code} is suppressed. */
    private static boolean suppressed(String code, String rule, int line) { return of(code).suppresses(rule, line); }

    @Test
    void bareNosemgrepTrailingTheCodeSuppressesEveryRuleOnThatLine() {
        String code = "x = 1\nos.system(cmd)  # nosemgrep\ny = 2\n";
        assertTrue(suppressed(code, "any-rule", 2));
        assertTrue(suppressed(code, "a.b.c", 2));
        assertFalse(suppressed(code, "any-rule", 1));
        assertFalse(suppressed(code, "any-rule", 3));
    }

    @Test
    void commentAloneOnTheLineAboveSuppressesTheNextLineOnly() {
        String code = "# nosemgrep\nos.system(cmd)\nos.system(cmd)\n";
        assertTrue(suppressed(code, "r", 2));
        assertFalse(suppressed(code, "r", 3));
        String indented = "def f():\n    # nosemgrep: r\n    os.system(cmd)\n";
        assertTrue(suppressed(indented, "r", 3));
        String blankBetween = "# nosemgrep\n\nos.system(cmd)\n";
        assertFalse(suppressed(blankBetween, "r", 3));
    }

    @Test
    void trailingCommentDoesNotReachTheNextLine() {
        String code = "f(x)  # nosemgrep\nos.system(cmd)\n";
        assertTrue(suppressed(code, "r", 1));
        assertFalse(suppressed(code, "r", 2));
    }

    @Test
    void aboveFormNeedsTheKeywordFirstInlineFormAfterASpace() {
        // Semgrep's previous-line form: nothing but punctuation before the keyword
        assertTrue(suppressed("#nosemgrep\nf()\n", "r", 2));
        assertTrue(suppressed("## -- nosemgrep\nf()\n", "r", 2));
        assertFalse(suppressed("# see ticket 12, nosemgrep\nf()\n", "r", 2));
        // inline: after whitespace anywhere in the comment, also behind another tool's directive
        assertTrue(suppressed("f()  # noqa: E501  # nosemgrep\n", "r", 1));
        assertTrue(suppressed("f()  # type: ignore nosem\n", "r", 1));
        assertFalse(suppressed("f()  # xnosemgrep\n", "r", 1));
        assertFalse(suppressed("f()  # nosemantics\n", "r", 1));
        assertFalse(suppressed("f()  # nosemgrep_later\n", "r", 1));
    }

    @Test
    void onlyRealCommentsCount() {
        assertFalse(suppressed("f('# nosemgrep')\n", "r", 1));
        assertFalse(suppressed("s = '''\n# nosemgrep\n'''\nf()\n", "r", 3));
        assertFalse(suppressed("s = '''\n# nosemgrep\n'''\nf()\n", "r", 4));
    }

    @Test
    void keywordInAnyCaseAndTheShortForm() {
        assertTrue(suppressed("f()  # NOSEMGREP\n", "r", 1));
        assertTrue(suppressed("f()  # NoSemGrep: r\n", "r", 1));
        assertTrue(suppressed("f()  # nosem\n", "r", 1));
        assertTrue(suppressed("# NOSEM: r\nf()\n", "r", 2));
        assertTrue(suppressed("f()  # nosemgrep=r\n", "r", 1));
    }

    @Test
    void idListsNameOnlyThoseRules() {
        String code = "f()  # nosemgrep: rule-a, rule-b\n";
        assertTrue(suppressed(code, "rule-a", 1));
        assertTrue(suppressed(code, "rule-b", 1));
        assertFalse(suppressed(code, "rule-c", 1));
        assertFalse(suppressed(code, "rule", 1));
        assertEquals(List.of("rule-a", "rule-b"), of(code).comments().get(0).ids());
        // no space after the colon, and a remark after an id (its first word is the id)
        assertEquals(List.of("a", "b"), of("f()  # nosemgrep:a,b\n").comments().get(0).ids());
        assertEquals(List.of("rule-a"), of("f()  # nosemgrep: rule-a because it is a test fixture\n").comments().get(0).ids());
        assertEquals(List.of("rule-a"), of("f()  # nosemgrep: \"rule-a\"\n").comments().get(0).ids());
        // an empty list is every rule
        assertTrue(suppressed("f()  # nosemgrep:\n", "anything", 1));
        // ids are case-sensitive
        assertFalse(suppressed("f()  # nosemgrep: Rule-A\n", "rule-a", 1));
    }

    @Test
    void idsMayBeADottedSuffixOfTheRuleId() {
        String rule = "python.lang.security.audit.dangerous-system-call";
        assertTrue(suppressed("f()  # nosemgrep: dangerous-system-call\n", rule, 1));
        assertTrue(suppressed("f()  # nosemgrep: audit.dangerous-system-call\n", rule, 1));
        assertTrue(suppressed("f()  # nosemgrep: " + rule + "\n", rule, 1));
        assertFalse(suppressed("f()  # nosemgrep: system-call\n", rule, 1));
        assertFalse(suppressed("f()  # nosemgrep: python.lang\n", rule, 1));
        assertTrue(Suppressions.idMatches("a.b", "b"));
        assertFalse(Suppressions.idMatches("ab", "b"));
        assertFalse(Suppressions.idMatches("a.b", ""));
    }

    @Test
    void wardenIgnoreFormsWithTheSamePlacement() {
        assertTrue(suppressed("f()  # warden: ignore\n", "r", 1));
        assertTrue(suppressed("f()  # Warden:ignore\n", "r", 1));
        assertTrue(suppressed("# warden: ignore[r, s]\nf()\n", "s", 2));
        assertTrue(suppressed("f()  # warden: ignore[python.x.r]\n", "python.x.r", 1));
        assertTrue(suppressed("f()  # warden: ignore[r]\n", "python.x.r", 1));
        assertFalse(suppressed("f()  # warden: ignore[r, s]\n", "t", 1));
        assertFalse(suppressed("f()  # warden: ignored\n", "r", 1));
        assertFalse(suppressed("f()  # warden ignore\n", "r", 1));
        assertFalse(suppressed("# see warden: ignore\nf()\n", "r", 2));
        Suppressions.Comment c = of("f()  # warden: ignore[ a ,b ]\n").comments().get(0);
        assertEquals(Suppressions.Syntax.WARDEN, c.syntax());
        assertEquals(List.of("a", "b"), c.ids());
    }

    @Test
    void commentsAreLocatedAndKeptAsWritten() {
        Suppressions s = of("x = 'é'  # nosemgrep: r   \n");
        Suppressions.Comment c = s.comments().get(0);
        assertEquals(1, c.line());
        assertEquals(10, c.column()); // characters, not bytes
        assertEquals("# nosemgrep: r", c.text());
        assertFalse(c.previousLineForm());
        assertTrue(of("  # nosemgrep\nf()\n").comments().get(0).previousLineForm());
        assertEquals(List.of(), of("# just a comment\nf()  # TODO\n").comments());
    }

    @Test
    void unusedAreTheCommentsThatSuppressedNothing() {
        Suppressions s = of("""
                # nosemgrep: r
                f()
                g()  # nosemgrep: other
                h()  # warden: ignore
                # nosemgrep
                """);
        assertEquals(4, s.comments().size());
        assertEquals(4, s.unused().size());
        assertTrue(s.suppresses("r", 2));
        assertFalse(s.suppresses("r", 3)); // names another rule: stays unused
        assertTrue(s.suppresses("r", 4));
        List<Integer> unusedLines = new ArrayList<>();
        for (Suppressions.Comment c : s.unused()) unusedLines.add(c.line());
        assertEquals(List.of(3, 5), unusedLines);
    }

    // ---------------------------------------------------------------- through the scanner

    @TempDir
    Path dir;

    private Scanner.Result scan(Suppressions.Log log) throws Exception {
        Files.writeString(dir.resolve("a.py"), """
                import os
                os.system(a)  # nosemgrep
                # nosemgrep: os-call
                os.system(b)
                os.system(c)  # warden: ignore[other]
                os.system(d)
                """);
        Files.writeString(dir.resolve("b.py"), "x = 1  # nosemgrep\n"); // no check can match here
        SemgrepPattern p = SemgrepPattern.compile("os.system($X)");
        Scanner.FileMatcher m = new Scanner.FileMatcher() {
            @Override
            public List<Match> matches(dev.warden.python.ParseResult file) { return p.matches(file); }

            @Override
            public boolean mayMatch(Source source) { return p.mayMatch(source); }
        };
        Scanner s = new Scanner(List.of(new Scanner.Check("python.os-call", m)), 2).suppressions(log);
        return s.scan(List.of(dir.resolve("a.py"), dir.resolve("b.py")));
    }

    private static List<String> args(Scanner.Result r) {
        List<String> out = new ArrayList<>();
        for (Scanner.Finding f : r.findings()) {
            Map<String, dev.warden.match.Binding> b = f.match().bindings();
            out.add(f.source().text(b.get("$X").start(), b.get("$X").end()));
        }
        return out;
    }

    @Test
    void scannerDropsSuppressedFindingsByDefault() throws Exception {
        Suppressions.Log log = Suppressions.Log.standard();
        Scanner.Result r = scan(log);
        assertEquals(List.of("c", "d"), args(r));
        assertEquals(2, log.ignoredCount());
        assertEquals(List.of(), log.unused()); // not tracked
    }

    @Test
    void disabledKeepsThemMarkedIgnored() throws Exception {
        Suppressions.Log log = new Suppressions.Log(true, false);
        Scanner.Result r = scan(log);
        assertEquals(List.of("a", "b", "c", "d"), args(r));
        List<Boolean> ignored = new ArrayList<>();
        for (Scanner.Finding f : r.findings()) ignored.add(log.isIgnored(f));
        assertEquals(List.of(true, true, false, false), ignored);
    }

    @Test
    void unusedCommentsAreListedAlsoInFilesNoCheckMatched() throws Exception {
        Suppressions.Log log = new Suppressions.Log(false, true);
        scan(log);
        List<String> got = new ArrayList<>();
        for (Suppressions.Located u : log.unused()) got.add(u.unusedMessage());
        assertEquals(List.of(
                dir.resolve("a.py") + ":5: unused suppression: # warden: ignore[other]",
                dir.resolve("b.py") + ":1: unused suppression: # nosemgrep"), got);
    }
}
