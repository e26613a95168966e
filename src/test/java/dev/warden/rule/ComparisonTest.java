package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComparisonTest {

    private static boolean eval(String expr) {
        return Comparison.parse(expr).test(name -> null);
    }

    private static boolean eval(String expr, Object... bindings) {
        Map<String, Object> env = new HashMap<>();
        for (int i = 0; i < bindings.length; i += 2) env.put((String) bindings[i], bindings[i + 1]);
        return Comparison.parse(expr).test(env::get);
    }

    private static Object value(String expr) {
        return Comparison.parse(expr).evaluate(name -> null);
    }

    /** Binds each metavariable to the value of its source text, as the rule engine does. */
    private static boolean evalText(String expr, String... bindings) {
        Map<String, Object> env = new HashMap<>();
        for (int i = 0; i < bindings.length; i += 2) env.put(bindings[i], Comparison.valueOf(bindings[i + 1], false, null));
        return Comparison.parse(expr).test(env::get);
    }

    // ---------------------------------------------------------------- literals

    @Test
    void integerLiterals() {
        assertEquals(BigInteger.valueOf(42), value("42"));
        assertEquals(BigInteger.valueOf(255), value("0xff"));
        assertEquals(BigInteger.valueOf(255), value("0XFF"));
        assertEquals(BigInteger.valueOf(0650), value("0o650"));
        assertEquals(BigInteger.valueOf(5), value("0b101"));
        assertEquals(BigInteger.valueOf(1_000_000), value("1_000_000"));
        assertEquals(new BigInteger("123456789012345678901234567890"), value("123456789012345678901234567890"));
    }

    @Test
    void floatLiterals() {
        assertEquals(1.5, value("1.5"));
        assertEquals(0.5, value(".5"));
        assertEquals(2.0, value("2."));
        assertEquals(1e10, value("1e10"));
        assertEquals(2.5e-3, value("2.5E-3"));
        assertEquals(1000.25, value("1_000.25"));
    }

    @Test
    void stringLiterals() {
        assertEquals("abc", value("'abc'"));
        assertEquals("abc", value("\"abc\""));
        assertEquals("a'b", value("\"a'b\""));
        assertEquals("a\nb", value("'a\\nb'"));
        assertEquals("a\\nb", value("r'a\\nb'"));
        assertEquals("ab", value("'a' 'b'"));
        assertEquals("x", value("'''x'''"));
    }

    @Test
    void booleanNoneAndLists() {
        assertEquals(Boolean.TRUE, value("True"));
        assertEquals(Boolean.FALSE, value("False"));
        assertEquals(null, value("None"));
        assertEquals(List.of(BigInteger.ONE, "a"), value("[1, 'a',]"));
        assertEquals(List.of(), value("[]"));
    }

    // ---------------------------------------------------------------- arithmetic

    @Test
    void arithmeticOperators() {
        assertEquals(BigInteger.valueOf(5), value("2 + 3"));
        assertEquals(BigInteger.valueOf(-1), value("2 - 3"));
        assertEquals(BigInteger.valueOf(6), value("2 * 3"));
        assertEquals(2.5, value("5 / 2"));
        assertEquals(2.0, value("4 / 2"));
        assertEquals(BigInteger.valueOf(2), value("5 // 2"));
        assertEquals(BigInteger.valueOf(-3), value("-5 // 2"));
        assertEquals(BigInteger.ONE, value("5 % 2"));
        assertEquals(BigInteger.ONE, value("-5 % 2"));
        assertEquals(BigInteger.valueOf(-1), value("5 % -2"));
        assertEquals(BigInteger.valueOf(1024), value("2 ** 10"));
        assertEquals(0.5, value("2 ** -1"));
        assertEquals(-1.5, value("-1.5"));
        assertEquals(1.5, value("+1.5"));
        assertEquals(BigInteger.valueOf(-6), value("~5"));
    }

    @Test
    void floatArithmeticFollowsPython() {
        assertEquals(3.5, value("1.5 + 2"));
        assertEquals(2.0, value("7.0 // 3"));
        assertEquals(1.0, value("-5.0 % 3"));
        assertEquals(0.25, value("0.5 ** 2"));
    }

    @Test
    void bitwiseOperators() {
        assertEquals(BigInteger.valueOf(0755), value("0o700 | 0o055"));
        assertEquals(BigInteger.valueOf(0100), value("0o755 & 0o100"));
        assertEquals(BigInteger.valueOf(6), value("5 ^ 3"));
        assertEquals(BigInteger.valueOf(8), value("1 << 3"));
        assertEquals(BigInteger.valueOf(2), value("8 >> 2"));
    }

    @Test
    void sequenceOperators() {
        assertEquals("abcd", value("'ab' + 'cd'"));
        assertEquals("ababab", value("'ab' * 3"));
        assertEquals(List.of(BigInteger.ONE, BigInteger.TWO), value("[1] + [2]"));
    }

    @Test
    void precedence() {
        assertEquals(BigInteger.valueOf(7), value("1 + 2 * 3"));
        assertEquals(BigInteger.valueOf(9), value("(1 + 2) * 3"));
        assertEquals(BigInteger.valueOf(-4), value("-2 ** 2"));
        assertEquals(BigInteger.valueOf(512), value("2 ** 3 ** 2"));
        assertEquals(BigInteger.valueOf(2), value("10 - 4 - 4"));
        assertEquals(BigInteger.valueOf(7), value("1 | 2 + 4"));
        assertTrue(eval("1 + 1 == 2 and not 3 < 2"));
        assertTrue(eval("True or False and False"));
        assertFalse(eval("(True or False) and False"));
        assertTrue(eval("not 1 == 2"));
    }

    @Test
    void divisionByZeroIsFalse() {
        assertFalse(eval("1 / 0 == 1"));
        assertFalse(eval("1 % 0 == 0"));
        assertThrows(IllegalStateException.class, () -> value("1 // 0"));
    }

    // ---------------------------------------------------------------- comparisons

    @Test
    void comparisonOperators() {
        assertTrue(eval("1 == 1"));
        assertTrue(eval("1 != 2"));
        assertTrue(eval("1 < 2"));
        assertTrue(eval("2 <= 2"));
        assertTrue(eval("3 > 2"));
        assertTrue(eval("2 >= 2"));
        assertFalse(eval("2 > 2"));
        assertFalse(eval("3 <= 2"));
    }

    @Test
    void chainedComparisons() {
        assertTrue(eval("1 < 2 < 3"));
        assertFalse(eval("1 < 3 < 2"));
        assertTrue(eval("1 < $X <= 10", "$X", 10L));
        assertFalse(eval("1 < $X <= 10", "$X", 11L));
        assertTrue(eval("1 == 1.0 != 2"));
        // a false link stops evaluation, so a later type error does not matter
        assertFalse(eval("2 < 1 < 'a'"));
    }

    @Test
    void typeMixing() {
        assertTrue(eval("1 == 1.0"));
        assertTrue(eval("1 < 1.5"));
        assertTrue(eval("True == 1"));
        assertTrue(eval("True + 1 == 2"));
        assertFalse(eval("1 == '1'"));
        assertTrue(eval("1 != '1'"));
        assertFalse(eval("1 < 'a'"));      // TypeError in Python: the comparison is false
        assertFalse(eval("not 1 < 'a'"));  // the error makes the whole expression false
        assertTrue(eval("9007199254740993 > 9007199254740992.0"));
        assertTrue(eval("'abc' < 'abd'"));
        assertTrue(eval("'B' < 'a'"));
        assertTrue(eval("[1, 2] < [1, 3]"));
        assertTrue(eval("[1, 2] == [1, 2.0]"));
        assertTrue(eval("None == None"));
        assertFalse(eval("None == 0"));
    }

    @Test
    void inAndNotIn() {
        assertTrue(eval("2 in [1, 2, 3]"));
        assertFalse(eval("4 in [1, 2, 3]"));
        assertTrue(eval("4 not in [1, 2, 3]"));
        assertTrue(eval("2.0 in [1, 2]"));
        assertFalse(eval("'2' in [1, 2]"));
        assertTrue(eval("'bc' in 'abcd'"));
        assertTrue(eval("'x' not in 'abcd'"));
        assertFalse(eval("1 in 'abc'"));
        assertTrue(eval("$X in [80, 443]", "$X", 443L));
    }

    @Test
    void isOperator() {
        assertTrue(eval("None is None"));
        assertTrue(eval("$X is not None", "$X", 1L));
        assertFalse(eval("1 is True"));
    }

    @Test
    void booleanOperatorsReturnOperands() {
        assertEquals(BigInteger.valueOf(3), value("0 or 3"));
        assertEquals(BigInteger.ZERO, value("0 and 3"));
        assertEquals(Boolean.TRUE, value("not ''"));
        assertTrue(eval("$X > 1 or $Y", "$X", 0L, "$Y", "nonempty"));
        // short-circuit: the right side is not evaluated
        assertTrue(eval("True or 1 < 'a'"));
        assertFalse(eval("False and $UNBOUND > 1"));
    }

    // ---------------------------------------------------------------- metavariables

    @Test
    void metavariableValueTypes() {
        assertTrue(eval("$X == 5", "$X", 5L));
        assertTrue(eval("$X == 5", "$X", 5));
        assertTrue(eval("$X == 5", "$X", BigInteger.valueOf(5)));
        assertTrue(eval("$X < 1.5", "$X", 1.25));
        assertTrue(eval("$X == 'abc'", "$X", "abc"));
        assertTrue(eval("$X == False", "$X", Boolean.FALSE));
        assertTrue(eval("$A == $B", "$A", 2L, "$B", 2.0));
        assertTrue(eval("$ARG < 1024 and $ARG % 2 == 0", "$ARG", 80L));
        assertFalse(eval("$ARG < 1024 and $ARG % 2 == 0", "$ARG", 443L));
        assertFalse(eval("$ARG < 1024 and $ARG % 2 == 0", "$ARG", 8080L));
    }

    @Test
    void unboundMetavariableIsFalse() {
        assertFalse(eval("$X > 1"));
        assertFalse(eval("$X == None"));
        assertFalse(eval("not $X"));
        assertFalse(eval("$X > 1 or $Y > 1", "$X", 0L));
        assertThrows(IllegalStateException.class, () -> Comparison.parse("$X").evaluate(n -> null));
    }

    @Test
    void metavariablesAreListed() {
        assertEquals(List.of("$A", "$B"), Comparison.parse("str($A) == str($B) or $A > 1").metavariables());
    }

    // ---------------------------------------------------------------- functions

    @Test
    void intFunction() {
        assertTrue(eval("int('42') == 42"));
        assertTrue(eval("int(' -7 ') == -7"));
        assertTrue(eval("int(3.9) == 3"));
        assertTrue(eval("int(-3.9) == -3"));
        assertTrue(eval("int(True) == 1"));
        assertTrue(eval("int('0o600') == 384"));
        assertTrue(eval("int('ff', 16) == 255"));
        assertTrue(eval("int($X) > 122", "$X", "150"));
        assertFalse(eval("int('abc') == 0"));
        assertFalse(eval("int('1.5') == 1"));
    }

    @Test
    void strFunction() {
        assertTrue(eval("str(42) == '42'"));
        assertTrue(eval("str(1.0) == '1.0'"));
        assertTrue(eval("str(0.1) == '0.1'"));
        assertTrue(eval("str(1e16) == '1e+16'"));
        assertTrue(eval("str(1.5e-7) == '1.5e-07'"));
        assertTrue(eval("str(True) == 'True'"));
        assertTrue(eval("str(None) == 'None'"));
        assertTrue(eval("str([1, 'a']) == \"[1, 'a']\""));
        assertTrue(eval("str($X) == 'abc'", "$X", "abc"));
        assertTrue(eval("str($X) + 'x' == '5x'", "$X", 5L));
    }

    @Test
    void floatBoolLenAbsMinMax() {
        assertTrue(eval("float('1.5') == 1.5"));
        assertTrue(eval("float(2) == 2.0"));
        assertTrue(eval("float('inf') > 10 ** 100"));
        assertFalse(eval("float('x') == 0"));
        assertTrue(eval("bool(1)"));
        assertFalse(eval("bool('')"));
        assertFalse(eval("bool()"));
        assertTrue(eval("len('abc') == 3"));
        assertTrue(eval("len([1, 2]) == 2"));
        assertFalse(eval("len(5) == 1"));
        assertTrue(eval("abs(-3) == 3"));
        assertTrue(eval("min(3, 1, 2) == 1"));
        assertTrue(eval("max([3, 1, 2]) == 3"));
    }

    @Test
    void regexFunctions() {
        assertTrue(eval("re.match('ab+', 'abbbc')"));
        assertFalse(eval("re.match('b+', 'abbbc')"));        // anchored at the start
        assertTrue(eval("re.search('b+', 'abbbc')"));
        assertFalse(eval("re.fullmatch('ab+', 'abbbc')"));
        assertTrue(eval("re.match('(?P<x>a)(?P=x)', 'aa')"));
        assertTrue(eval("re.match('[^a-z]', 'X')"));
        assertTrue(eval("re.match('a{', 'a{')"));             // literal brace as in Python
        assertTrue(eval("re.match('^sha1$', $X)", "$X", "sha1"));
        assertFalse(eval("re.match('(', 'x')"));             // invalid regex: false
        assertFalse(eval("re.match('a', 1)"));
        assertTrue(eval("not re.match('[0-9]+', $X)", "$X", "abc"));
    }

    @Test
    void dateFunctions() {
        double expected = LocalDate.of(2023, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        assertEquals(expected, value("strptime('2023-01-01')"));
        assertEquals(expected, value("strptime('01/01/2023', '%m/%d/%Y')"));
        double today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        assertEquals(today, value("today()"));
        assertTrue(eval("strptime('1906-12-09') < today()"));
        assertFalse(eval("strptime('3000-01-15') < today()"));
        assertFalse(eval("strptime('this is not a date') < today()"));
        assertFalse(eval("strptime('2023-02-30') < today()"));
        assertTrue(eval("today() - strptime('2000-01-01') > 365 * 24 * 3600"));
        assertTrue(eval("strptime($X) < strptime('2020-01-01')", "$X", "2019-12-31"));
    }

    // ---------------------------------------------------------------- parse errors

    @ParameterizedTest
    @ValueSource(strings = {"", "1 +", "(1 + 2", "$", "1 ==", "foo(1)", "x > 1", "1 = 1", "'abc", "1 2",
            "len()", "today(1)", "re.match('a')", "not", "1 not 2", "0x", "1__0", "[1, 2", "$X $Y", "1 @ 2"})
    void parseErrors(String expr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Comparison.parse(expr));
        assertTrue(e.getMessage().contains("column"), e.getMessage());
    }

    @Test
    void parseErrorNamesTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Comparison.parse("$X > 1 && $Y"));
        assertTrue(e.getMessage().contains("column 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Comparison.parse("$X < foo($Y)"));
        assertTrue(e.getMessage().contains("column 6") && e.getMessage().contains("foo"), e.getMessage());
    }

    // ---------------------------------------------------------------- valueOf (strip / base)

    @Test
    void valueOfLiterals() {
        assertEquals(BigInteger.valueOf(42), Comparison.valueOf("42", false, null));
        assertEquals(BigInteger.valueOf(511), Comparison.valueOf("0o777", false, null));
        assertEquals(BigInteger.valueOf(511), Comparison.valueOf("0x1ff", false, null));
        assertEquals(BigInteger.valueOf(-3), Comparison.valueOf("-3", false, null));
        assertEquals(BigInteger.valueOf(1000), Comparison.valueOf("1_000", false, null));
        assertEquals(1.5, Comparison.valueOf("1.5", false, null));
        assertEquals(Boolean.FALSE, Comparison.valueOf("False", false, null));
        assertEquals("abc", Comparison.valueOf("'abc'", false, null));
        assertEquals("2147483648", Comparison.valueOf("\"2147483648\"", false, null));
        assertEquals("raw", Comparison.valueOf("b'raw'", false, null));
        assertEquals("f\"{x}\"", Comparison.valueOf("f\"{x}\"", false, null));
        assertEquals("stat.S_IRWXU | print(\"GOTCHA\")", Comparison.valueOf("stat.S_IRWXU | print(\"GOTCHA\")", false, null));
        assertEquals("x", Comparison.valueOf("x", false, null));
    }

    @Test
    void valueOfStrip() {
        assertEquals(BigInteger.valueOf(2147483648L), Comparison.valueOf("\"2147483648\"", true, null));
        assertEquals(BigInteger.valueOf(12), Comparison.valueOf("'12'", true, null));
        assertEquals(BigInteger.valueOf(12), Comparison.valueOf("`12`", true, null));
        assertEquals(1.25, Comparison.valueOf("'1.25'", true, null));
        assertEquals("abc", Comparison.valueOf("'abc'", true, null));
        assertEquals("abc", Comparison.valueOf("abc", true, null));
        // the int-overflow example from the docs
        Comparison c = Comparison.parse("$ARG > 2147483647");
        assertTrue(c.test(n -> Comparison.valueOf("\"2147483648\"", true, null)));
        assertFalse(c.test(n -> Comparison.valueOf("\"2147483646\"", true, null)));
        assertFalse(c.test(n -> Comparison.valueOf("\"2147483648\"", false, null))); // str > int: false
    }

    @Test
    void valueOfBase() {
        assertEquals(BigInteger.valueOf(0700), Comparison.valueOf("0700", false, 8));
        assertEquals(BigInteger.valueOf(0700), Comparison.valueOf("0o700", false, 8));
        assertEquals(BigInteger.valueOf(255), Comparison.valueOf("ff", false, 16));
        assertEquals(BigInteger.valueOf(255), Comparison.valueOf("0xFF", false, 16));
        assertEquals(BigInteger.valueOf(5), Comparison.valueOf("0b101", false, 2));
        assertEquals(BigInteger.valueOf(10), Comparison.valueOf("'12'", true, 8));
        assertEquals(BigInteger.valueOf(511), Comparison.valueOf("0x1ff", false, 8)); // not octal: read as a literal
        Comparison c = Comparison.parse("$ARG > 0o600");
        assertTrue(c.test(n -> Comparison.valueOf("0o700", false, 8)));
        assertFalse(c.test(n -> Comparison.valueOf("0o400", false, 8)));
    }

    // ---------------------------------------------------------------- conformance comparisons

    @Test
    void conformanceDateComparison() {
        Comparison c = Comparison.parse("strptime($X) < today()");
        assertFalse(c.test(n -> Comparison.valueOf("\"3000-01-15\"", false, null)));
        assertTrue(c.test(n -> Comparison.valueOf("\"1906-12-09\"", false, null)));
        assertFalse(c.test(n -> Comparison.valueOf("\"this is not a date\"", false, null)));
    }

    @Test
    void conformanceStringInComparison() {
        for (String s : List.of("a", "b", "c", "ab", "bc", "abc")) {
            assertTrue(evalText("str($A) in \"abc\"", "$A", s), s);
            assertFalse(evalText("str($B) not in \"abc\"", "$B", s), s);
        }
        for (String s : List.of("ac", "abcd")) assertFalse(evalText("str($A) in \"abc\"", "$A", s), s);
        for (String s : List.of("ac", "abcd", "x", "xyz")) assertTrue(evalText("str($B) not in \"abc\"", "$B", s), s);
        // baz("$C") / qux("$D"): the bound string content is a literal, not a regex
        assertFalse(eval("str($C) in \"abc\"", "$C", ".*"));
        assertTrue(eval("str($D) in \".*\"", "$D", ".*"));
    }

    @Test
    void conformanceKeySizes() {
        assertTrue(evalText("$SIZE < 2048", "$SIZE", "1024"));
        assertFalse(evalText("$SIZE < 2048", "$SIZE", "2048"));
        assertTrue(evalText("$SIZE < 3072", "$SIZE", "2048"));
        assertFalse(evalText("$SIZE < 2048", "$SIZE", "size")); // unevaluated code
        assertTrue(evalText("$KEYLENGTH < 999999", "$KEYLENGTH", "4096"));
        assertFalse(evalText("$KEYLENGTH < 999999", "$KEYLENGTH", "int(key_size)"));
        assertTrue(eval("int($X) > 122", "$X", Comparison.valueOf("150", false, null)));
        assertTrue(evalText("$ARG > 10", "$ARG", "11"));
        assertFalse(evalText("$ARG > 10", "$ARG", "3"));
    }

    @Test
    void conformanceFilePermissions() {
        String first = "$BITS >= 0o650 and $BITS < 0o100000";
        String second = "$BITS >= 0o100650";
        for (String flagged : List.of("0o777", "511", "0x1ff", "0o776", "0o775", "0o774", "0o767", "0o757", "0o747", "0o654")) {
            assertTrue(evalText(first, "$BITS", flagged), flagged);
        }
        for (String flagged : List.of("0o100777", "0o100775", "0o100774", "0o100767")) {
            assertTrue(evalText(second, "$BITS", flagged), flagged);
        }
        for (String ok : List.of("423", "0x1a1", "0o644", "0o444", "stat.S_IRWXU | print(\"GOTCHA\")", "stat.S_IRWXU")) {
            assertFalse(evalText(first, "$BITS", ok), ok);
            assertFalse(evalText(second, "$BITS", ok), ok);
        }
        assertTrue(evalText("$MOD == 0o111", "$MOD", "0o111"));
        assertFalse(evalText("$MOD == 0o111", "$MOD", "stat.S_IXOTH"));
    }

    @Test
    void conformanceCsrfAndAttributeOverride() {
        assertTrue(evalText("$REQUIRE_CSRF == False", "$REQUIRE_CSRF", "False"));
        assertFalse(evalText("$REQUIRE_CSRF == False", "$REQUIRE_CSRF", "True"));
        assertFalse(evalText("$CHECK_ORIGIN == False", "$CHECK_ORIGIN", "'False'"));
        assertTrue(evalText("str($F1) == str($F2)", "$F1", "name", "$F2", "name"));
        assertFalse(evalText("str($F1) == str($F2)", "$F1", "name", "$F2", "other"));
        assertTrue(evalText("$A == $A", "$A", "request.args"));
    }
}
