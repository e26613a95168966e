package dev.warden.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.match.Match;
import dev.warden.match.SemgrepPattern;
import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import dev.warden.rule.Finding;
import dev.warden.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Autofix: rendering {@code fix:} templates and {@code fix-regex:}, and applying edits. */
class FixesTest {

    private static Rule rule(String fix, Rule.FixRegex fixRegex) {
        return new Rule("r", "m", "WARNING", List.of("python"), Map.of(), null, List.of(), List.of(),
                fix, fixRegex, null, null, null);
    }

    /** Runs the pattern on the code and applies the fix of every match; returns the fixed text. */
    private static String fixAll(String pattern, String code, String fix, Rule.FixRegex fixRegex) throws Exception {
        Source source = SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source();
        ParseResult parsed = Parser.parse(source);
        Rule rule = rule(fix, fixRegex);
        List<Fixes.Edit> edits = new ArrayList<>();
        for (Match m : SemgrepPattern.compile(pattern).matches(parsed)) {
            Fixes.Edit e = Fixes.edit(new Finding(rule, m.start(), m.end(), m.bindings(), "m"), source);
            if (e != null) edits.add(e);
        }
        Fixes.Applied applied = Fixes.apply(code, edits);
        assertTrue(applied.skipped().isEmpty(), "no overlapping edits expected: " + applied.skipped());
        return applied.text();
    }

    private static String fix(String pattern, String code, String fix) throws Exception {
        return fixAll(pattern, code, fix, null);
    }

    private static String fixRegex(String pattern, String code, String regex, String replacement, Integer count) throws Exception {
        return fixAll(pattern, code, null, new Rule.FixRegex(java.util.regex.Pattern.compile(regex), replacement, count));
    }

    @Test
    void templateSubstitutesMetavariables() throws Exception {
        assertEquals("sys.exit(1)\n", fix("exit($X)", "exit(1)\n", "sys.exit($X)"));
        assertEquals("x = bar.f(a, b)\n", fix("foo.$F($...ARGS)", "x = foo.f(a, b)\n", "bar.$F($...ARGS)"));
    }

    @Test
    void longerNamesAreSubstitutedFirst() throws Exception {
        assertEquals("g(2, 1)\n", fix("f($A, $AB)", "f(1, 2)\n", "g($AB, $A)"));
    }

    @Test
    void substitutedTextIsNotScannedAgain() throws Exception {
        assertEquals("g('$Y', 2)\n", fix("f($X, $Y)", "f('$Y', 2)\n", "g($X, $Y)"));
    }

    @Test
    void trailingNewlineOfBlockScalarIsDropped() throws Exception {
        assertEquals("f(autoescape=True)\n", fix("False", "f(autoescape=False)\n", "True\n"));
    }

    @Test
    void continuationLinesAreIndentedToTheMatchColumn() throws Exception {
        String code = "def f():\n  to_replace()\n";
        assertEquals("def f():\n  foo()\n  def def def\n", fix("to_replace(...)", code, "foo()\ndef def def"));
        String code2 = "def v(u, p):\n    u.set_password(p)\n";
        assertEquals("def v(u, p):\n    if check(p, user=u):\n        u.set_password(p)\n",
                fix("$M.set_password($X)", code2, "if check($X, user=$M):\n    $M.set_password($X)\n"));
    }

    @Test
    void multiLineFixesKeepTheFilesCrlfLineEndings() throws Exception {
        String code = "def v(u, p):\r\n    u.set_password(p)\r\n    done()\r\n";
        assertEquals("def v(u, p):\r\n    if check(p, user=u):\r\n        u.set_password(p)\r\n    done()\r\n",
                fix("$M.set_password($X)", code, "if check($X, user=$M):\n    $M.set_password($X)\n"));
        // bound code spanning CRLF lines keeps them as they are, without doubling the CR
        assertEquals("g(1,\r\n  2)\r\n", fix("f($...A)", "f(1,\r\n  2)\r\n", "g($...A)"));
        assertEquals("x = (a + \r\n     b)\r\n", fixRegex("a + 1", "x = (a + 1)\r\n", "1", "\\n     b", null));
    }

    @Test
    void multiLineFixesKeepLfLineEndings() throws Exception {
        assertEquals("if c:\n    go()\nend()\n", fix("stop()", "stop()\nend()\n", "if c:\n    go()"));
    }

    /** The fix of a finding over all of {@code code}, with bindings given as [start, end) pairs by name. */
    private static String fixWithBindings(String code, String template, Object... nameStartEnd) {
        Source source = SourceDecoder.decode("t.py", code.getBytes(StandardCharsets.UTF_8)).source();
        Map<String, dev.warden.match.Binding> bindings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameStartEnd.length; i += 3) {
            bindings.put((String) nameStartEnd[i],
                    new dev.warden.match.Binding((Integer) nameStartEnd[i + 1], (Integer) nameStartEnd[i + 2], null));
        }
        Fixes.Edit e = Fixes.edit(new Finding(rule(template, null), 0, code.length(), bindings, "m"), source);
        return Fixes.apply(code, List.of(e)).text();
    }

    @Test
    void emptyEllipsisMetavariableTakesItsCommaAlong() {
        String template = "foo($...BEFORE, bar =  False, $...AFTER)";
        assertEquals("foo(bar =  False)", fixWithBindings("foo(bar=True)", template, "$...BEFORE", -1, -1, "$...AFTER", -1, -1));
        assertEquals("foo(x, bar =  False)", fixWithBindings("foo(x, bar=True)", template, "$...BEFORE", 4, 5));
        assertEquals("foo(x, bar =  False, baz=True)",
                fixWithBindings("foo(x, bar=True, baz=True)", template, "$...BEFORE", 4, 5, "$...AFTER", 17, 25));
        assertEquals("foo(bar =  False, baz=True)",
                fixWithBindings("foo(bar=True, baz=True)", template, "$...BEFORE", 4, 4, "$...AFTER", 14, 22));
    }

    @Test
    void quotedMetavariableKeepsTheLiteralsQuotes() throws Exception {
        assertEquals("bar('another string')\n", fix("foo(\"$VAR\")", "foo('another string')\n", "bar(\"$VAR\")"));
    }

    @Test
    void binaryOperationFixIsParenthesized() throws Exception {
        assertEquals("(bar() + 2) * 4\n", fix("foo()", "foo() * 4\n", "bar() + 2"));
    }

    @Test
    void fixRegexReplacesAllOrCountMatchesWithGroups() throws Exception {
        assertEquals("foo([a][b]AcA)\n", fixRegex("foo($A)", "foo(AaAbAcA)\n", "A([a-z])", "[\\1]", 2));
        assertEquals("foo([a][b][c]A)\n", fixRegex("foo($A)", "foo(AaAbAcA)\n", "A([a-z])", "[\\1]", 4));
        assertEquals("foo([a][b][c]A)\n", fixRegex("foo($A)", "foo(AaAbAcA)\n", "A([a-z])", "[$1]", null));
        assertEquals("f(54321)\n", fixRegex("f($X)", "f(12345)\n", "(1)(2)(3)(4)(5)", "\\5\\4\\3\\2\\1", 5));
        assertEquals("f(x, timeout=30)\n", fixRegex("f(...)", "f(x)\n", "(.*)\\)$", "\\1, timeout=30)", null));
        assertEquals("f(<1>)\n", fixRegex("f(...)", "f(1)\n", "(?<n>\\d)", "<\\g<n>>", null));
    }

    @Test
    void fixRegexThatChangesNothingGivesNoEdit() throws Exception {
        Source source = SourceDecoder.decode("t.py", "f(1)\n".getBytes(StandardCharsets.UTF_8)).source();
        Rule r = rule(null, new Rule.FixRegex(java.util.regex.Pattern.compile("zzz"), "y", null));
        assertNull(Fixes.edit(new Finding(r, 0, 4, Map.of(), "m"), source));
        assertNull(Fixes.edit(new Finding(rule(null, null), 0, 4, Map.of(), "m"), source));
    }

    @Test
    void applySortsEditsAndSkipsOverlaps() {
        List<Fixes.Edit> edits = List.of(new Fixes.Edit(6, 9, "Z"), new Fixes.Edit(0, 3, "X"), new Fixes.Edit(2, 5, "Y"));
        Fixes.Applied r = Fixes.apply("abcdefghij", edits);
        assertEquals("XdefZj", r.text());
        assertEquals(List.of(new Fixes.Edit(2, 5, "Y")), r.skipped());
    }

    @Test
    void applyDropsDuplicatesAndUsesByteOffsets() {
        Fixes.Applied r = Fixes.apply("é = x\n", List.of(new Fixes.Edit(5, 6, "y"), new Fixes.Edit(5, 6, "y")));
        assertEquals("é = y\n", r.text());
        assertTrue(r.skipped().isEmpty());
        Fixes.AppliedBytes b = Fixes.apply("ab".getBytes(StandardCharsets.UTF_8), 2, List.of(new Fixes.Edit(1, 1, "+")));
        assertEquals("a+b", b.text());
    }
}
