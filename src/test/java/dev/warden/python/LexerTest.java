package dev.warden.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

    static Tokens lex(String src) { return lex(src, false); }

    static Tokens lex(String src, boolean meta) {
        byte[] b = src.getBytes(StandardCharsets.UTF_8);
        return Lexer.lex(new Source("t.py", b, b.length), meta);
    }

    /** Tokens as "KIND" or "KIND:text", space separated; keywords and operators by kind only. */
    static String dump(String src) { return dump(lex(src)); }

    static String dump(Tokens t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            if (i > 0) sb.append(' ');
            TokenKind k = t.kind(i);
            sb.append(k.name());
            if (k == TokenKind.INDENT) sb.append(':').append(t.end(i) - t.start(i));
            else if (k.text == null && k != TokenKind.NEWLINE && t.end(i) > t.start(i)) sb.append(':').append(t.text(i));
        }
        return sb.toString();
    }

    static String spans(String src) {
        Tokens t = lex(src);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(t.kind(i).name()).append('@').append(t.start(i)).append('-').append(t.end(i));
        }
        return sb.toString();
    }

    static void assertNoErrors(Tokens t) {
        assertTrue(t.errors().isEmpty(), () -> "unexpected errors: " + t.errors());
    }

    // ---------------------------------------------------------------------------------------
    // Names and keywords

    @Test
    void namesAndKeywords() {
        assertEquals("NAME:x EQUAL NAME:yield_ NEWLINE ENDMARKER", dump("x = yield_"));
        assertEquals("IF NOT NAME:a AND NAME:b OR NONE IS TRUE IN FALSE COLON PASS NEWLINE ENDMARKER",
                dump("if not a and b or None is True in False: pass"));
        String all = "False None True and as assert async await break class continue def del elif else except "
                + "finally for from global if import in is lambda nonlocal not or pass raise return try while with yield";
        Tokens t = lex(all);
        for (int i = 0; i < 35; i++) {
            assertTrue(t.kind(i).isKeyword(), t.text(i));
            assertEquals(t.kind(i).text, t.text(i));
        }
        assertEquals("NAME:match NAME:case NAME:type NAME:_ NAME:Async NAME:iff NAME:d NAME:nonlocals NEWLINE ENDMARKER",
                dump("match case type _ Async iff d nonlocals"));
    }

    @Test
    void unicodeIdentifiers() {
        Tokens t = lex("héllo = ñ_1 + 名前 + ℘x");
        assertNoErrors(t);
        assertEquals("NAME:héllo EQUAL NAME:ñ_1 PLUS NAME:名前 PLUS NAME:℘x NEWLINE ENDMARKER", dump(t));
        assertEquals(0, t.start(0));
        assertEquals(6, t.end(0)); // UTF-8 byte offsets
    }

    @Test
    void metavariables() {
        assertEquals("NAME:$X LPAR NAME:$...ARGS COMMA NAME:$_y RPAR NEWLINE ENDMARKER", dump(lex("$X($...ARGS, $_y)", true)));
        Tokens t = lex("$X", false);
        assertEquals("invalid syntax", t.errors().get(0).message());
        Tokens u = lex("$ + 1", true);
        assertEquals(1, u.errors().size());
        assertEquals(TokenKind.ERRORTOKEN, u.kind(0));
        assertEquals("ELLIPSIS NEWLINE ENDMARKER", dump(lex("...", true)));
    }

    // ---------------------------------------------------------------------------------------
    // Numbers

    @Test
    void numbers() {
        String src = "0 00 0_0 123 1_000 0x1F 0XdEaD_bEeF 0o17 0O7_7 0b1010 0B1_0 1.5 1. .5 1e10 1E-5 1.5e+3 "
                + "1_0.0_1e1_0 1j 1.5J 1e5j 0j 09.5 00.5 0e1";
        Tokens t = lex(src);
        assertNoErrors(t);
        String[] parts = src.split(" ");
        for (int i = 0; i < parts.length; i++) {
            assertEquals(TokenKind.NUMBER, t.kind(i), parts[i]);
            assertEquals(parts[i], t.text(i));
        }
        assertEquals("NUMBER:1 IF NAME:x ELSE NAME:y NEWLINE ENDMARKER", dump("1if x else y"));
        assertEquals("NUMBER:1 ELSE NEWLINE ENDMARKER", dump("1else"));
        assertEquals("NUMBER:0x1f OR NUMBER:2 NEWLINE ENDMARKER", dump("0x1for 2"));
        assertEquals("NAME:x DOT NAME:real NEWLINE ENDMARKER", dump("x.real"));
        assertEquals("NUMBER:1 DOT NAME:real NEWLINE ENDMARKER", dump("1 .real"));
    }

    // ---------------------------------------------------------------------------------------
    // Strings

    @Test
    void strings() {
        String src = "'a' \"b\" '' \"\" '''c''' \"\"\"d\"\"\" r'\\d' u'x' U'x' b'x' B\"x\" br'x' Rb'x' bR'x' RB'x' rB'x' "
                + "'it\\'s' \"q\\\"\" '\\\\' '''a'b''c''' '''x\\''''";
        Tokens t = lex(src);
        assertNoErrors(t);
        String[] parts = src.split(" ");
        for (int i = 0; i < parts.length; i++) {
            assertEquals(TokenKind.STRING, t.kind(i), parts[i]);
            assertEquals(parts[i], t.text(i));
        }
        assertEquals("STRING:'''a\nb\n''' NEWLINE ENDMARKER", dump("'''a\nb\n'''"));
        assertEquals("STRING:'a\\\nb' NEWLINE ENDMARKER", dump("'a\\\nb'"));
        assertEquals("STRING:'a\\\r\nb' NEWLINE ENDMARKER", dump("'a\\\r\nb'"));
        assertEquals("STRING:r'\\' NAME:x STRING:' NEWLINE ENDMARKER".length() > 0 ? "STRING:r'\\'' NEWLINE ENDMARKER" : "",
                dump("r'\\''"));
        // ur is not a prefix: NAME ur then a string
        assertEquals("NAME:ur STRING:'x' NEWLINE ENDMARKER", dump("ur'x'"));
        assertEquals("NAME:bu STRING:'x' NEWLINE ENDMARKER", dump("bu'x'"));
    }

    // ---------------------------------------------------------------------------------------
    // f-strings

    @Test
    void fstringBasic() {
        assertEquals("FSTRING_START:f' FSTRING_MIDDLE:a LBRACE NAME:x RBRACE FSTRING_MIDDLE:b FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'a{x}b'"));
        assertEquals("FSTRING_START:f' LBRACE NAME:x RBRACE FSTRING_END:' NEWLINE ENDMARKER", dump("f'{x}'"));
        assertEquals("FSTRING_START:f' FSTRING_END:' NEWLINE ENDMARKER", dump("f''"));
        assertEquals("FSTRING_START:rF\" FSTRING_MIDDLE:\\d LBRACE NAME:x RBRACE FSTRING_END:\" NEWLINE ENDMARKER",
                dump("rF\"\\d{x}\""));
        assertEquals("FSTRING_START:Fr''' FSTRING_MIDDLE:a\n LBRACE NAME:x RBRACE FSTRING_END:''' NEWLINE ENDMARKER",
                dump("Fr'''a\n{x}'''"));
    }

    @Test
    void fstringDoubledBracesAndEscapes() {
        assertEquals("FSTRING_START:f' FSTRING_MIDDLE:a{{b}}c FSTRING_END:' NEWLINE ENDMARKER", dump("f'a{{b}}c'"));
        assertEquals("FSTRING_START:f' FSTRING_MIDDLE:{{ LBRACE NAME:x RBRACE FSTRING_MIDDLE:}} FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{{{x}}}'"));
        assertEquals("FSTRING_START:f' FSTRING_MIDDLE:\\N{DASH} LBRACE NAME:x RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'\\N{DASH}{x}'"));
        assertEquals("FSTRING_START:f' FSTRING_MIDDLE:\\' FSTRING_END:' NEWLINE ENDMARKER", dump("f'\\''"));
        assertEquals("FSTRING_START:f' FSTRING_MIDDLE:\\ LBRACE NAME:x RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'\\{x}'"));
        assertEquals("FSTRING_START:rf' FSTRING_MIDDLE:\\ LBRACE NAME:x RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("rf'\\{x}'"));
    }

    @Test
    void fstringConversionDebugAndSpec() {
        assertEquals("FSTRING_START:f' LBRACE NAME:x EXCLAMATION NAME:r COLON FSTRING_MIDDLE:> LBRACE NAME:w RBRACE "
                        + "RBRACE FSTRING_END:' NEWLINE ENDMARKER", dump("f'{x!r:>{w}}'"));
        assertEquals("FSTRING_START:f' LBRACE NAME:x EQUAL RBRACE FSTRING_END:' NEWLINE ENDMARKER", dump("f'{x=}'"));
        assertEquals("FSTRING_START:f' LBRACE NAME:x EQUAL EXCLAMATION NAME:s COLON FSTRING_MIDDLE:10 RBRACE FSTRING_END:' "
                + "NEWLINE ENDMARKER", dump("f'{x=!s:10}'"));
        assertEquals("FSTRING_START:f' LBRACE NAME:x COLON RBRACE FSTRING_END:' NEWLINE ENDMARKER", dump("f'{x:}'"));
        assertEquals("FSTRING_START:f' LBRACE NUMBER:3 NOTEQUAL NUMBER:4 RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{3!=4}'"));
        // ':' inside brackets of the field is not a format spec
        assertEquals("FSTRING_START:f' LBRACE NAME:x LSQB NUMBER:1 COLON NUMBER:2 RSQB RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{x[1:2]}'"));
        assertEquals("FSTRING_START:f' LBRACE LPAR LAMBDA COLON NUMBER:1 RPAR LPAR RPAR RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{(lambda: 1)()}'"));
        // ':=' at the top of a field starts a format spec, as in CPython
        assertEquals("FSTRING_START:f' LBRACE NAME:x COLON FSTRING_MIDDLE:=5 RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{x:=5}'"));
        // format specs hold nested fields; '{' there always opens one
        assertEquals("FSTRING_START:f' LBRACE NAME:x COLON LBRACE LBRACE NAME:y RBRACE RBRACE RBRACE FSTRING_END:' "
                + "NEWLINE ENDMARKER", dump("f'{x:{{y}}}'"));
        assertEquals("FSTRING_START:f' LBRACE NAME:x COLON FSTRING_MIDDLE:a LBRACE NAME:b RBRACE FSTRING_MIDDLE:c RBRACE "
                + "FSTRING_END:' NEWLINE ENDMARKER", dump("f'{x:a{b}c}'"));
        assertEquals("FSTRING_START:f' LBRACE LBRACE NAME:a COLON NUMBER:1 RBRACE RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{ {a: 1} }'"));
    }

    @Test
    void fstringNesting() {
        Tokens t = lex("f'{f'{x}'}' f\"{'a' + f'''{y:{z}}'''}\"");
        assertNoErrors(t);
        assertEquals("FSTRING_START:f' LBRACE FSTRING_START:f' LBRACE NAME:x RBRACE FSTRING_END:' RBRACE FSTRING_END:' "
                + "FSTRING_START:f\" LBRACE STRING:'a' PLUS FSTRING_START:f''' LBRACE NAME:y COLON LBRACE NAME:z RBRACE "
                + "RBRACE FSTRING_END:''' RBRACE FSTRING_END:\" NEWLINE ENDMARKER", dump(t));
        // newlines inside a replacement field are fine, even in a single-quoted f-string
        assertEquals("FSTRING_START:f' LBRACE NAME:x PLUS NUMBER:1 RBRACE FSTRING_END:' NEWLINE ENDMARKER",
                dump("f'{x\n+ 1}'"));
        assertEquals("FSTRING_START:f''' FSTRING_MIDDLE:a\n LBRACE NAME:x PLUS NUMBER:1 RBRACE FSTRING_MIDDLE:b "
                + "FSTRING_END:''' NEWLINE ENDMARKER", dump("f'''a\n{x\n+1}b'''"));
        assertEquals("FSTRING_START:f' LBRACE NAME:x RBRACE FSTRING_END:' NAME:y NEWLINE ENDMARKER", dump("f'{x}' y"));
    }

    @Test
    void fstringSpans() {
        assertEquals("FSTRING_START@0-2 FSTRING_MIDDLE@2-5 LBRACE@5-6 NAME@6-7 RBRACE@7-8 FSTRING_END@8-9 NEWLINE@9-9 "
                + "ENDMARKER@9-9", spans("f'a{{{x}'"));
    }

    // ---------------------------------------------------------------------------------------
    // Lines, indentation, comments

    @Test
    void newlines() {
        assertEquals("NAME@0-1 NEWLINE@1-2 NAME@2-3 NEWLINE@3-5 NAME@5-6 NEWLINE@6-7 NAME@7-8 NEWLINE@8-8 ENDMARKER@8-8",
                spans("x\ny\r\nz\rw"));
        assertEquals("NAME NEWLINE ENDMARKER", spans("x  ").replaceAll("@\\S+", ""));
        assertEquals("NEWLINE@3-3", spans("x  ").split(" ")[1]);
        assertEquals("ENDMARKER@0-0", spans(""));
        assertEquals("ENDMARKER@3-3", spans("\n\n\n"));
        assertEquals("LPAR NUMBER COMMA NUMBER RPAR NEWLINE ENDMARKER", dump("(1,\n\n 2)\n").replaceAll(":\\S+", ""));
        assertEquals("NAME:x EQUAL NUMBER:1 PLUS NUMBER:2 NEWLINE ENDMARKER", dump("x = 1 + \\\n  2\n"));
        assertEquals("NAME:x NEWLINE NAME:y NEWLINE ENDMARKER", dump("x\n\n   \n  # c\n\ny\n"));
    }

    @Test
    void comments() {
        Tokens t = lex("# a\nx = 1  # b\n  # c\r\n#d");
        assertEquals("NAME:x EQUAL NUMBER:1 NEWLINE ENDMARKER", dump(t));
        assertEquals(4, t.commentCount());
        assertEquals("# a", t.source().text(t.commentStart(0), t.commentEnd(0)));
        assertEquals("# b", t.source().text(t.commentStart(1), t.commentEnd(1)));
        assertEquals("# c", t.source().text(t.commentStart(2), t.commentEnd(2)));
        assertEquals("#d", t.source().text(t.commentStart(3), t.commentEnd(3)));
        assertEquals("NAME@0-1 NEWLINE@5-5 ENDMARKER@5-5", spans("x # c"));
    }

    @Test
    void indentation() {
        assertEquals("IF NAME:x COLON NEWLINE INDENT:3 IF NAME:y COLON NEWLINE INDENT:1 NAME:z NEWLINE DEDENT DEDENT "
                + "NAME:w NEWLINE ENDMARKER", dump("if x:\n   if y:\n\tz\nw\n"));
        assertEquals("IF@0-2 NAME@3-4 COLON@4-5 NEWLINE@5-6 INDENT@6-8 NAME@8-9 NEWLINE@9-10 DEDENT@10-10 NAME@10-11 "
                + "NEWLINE@11-11 ENDMARKER@11-11", spans("if x:\n  y\nz"));
        assertEquals("IF NAME:x COLON NEWLINE INDENT:2 NAME:y NEWLINE DEDENT ENDMARKER", dump("if x:\n  y"));
        // blank and comment lines do not count; form feed resets the column
        assertEquals("IF NAME:x COLON NEWLINE INDENT:4 NAME:a NEWLINE NAME:b NEWLINE DEDENT ENDMARKER",
                dump("if x:\n    a\n\n  # c\n\f    b\n"));
        // indentation inside brackets is ignored
        assertEquals("NAME:f LPAR NUMBER:1 COMMA NUMBER:2 RPAR NEWLINE ENDMARKER", dump("f(1,\n        2)\n"));
        Tokens t = lex("if a:\n" + " ".repeat(1) + "if b:\n" + "  c\n");
        assertNoErrors(t);
    }

    @Test
    void deepIndentationLimit() {
        StringBuilder sb = new StringBuilder("x\n");
        for (int i = 0; i < 101; i++) sb.append(" ".repeat(i)).append("if x:\n");
        Tokens t = lex(sb.toString());
        PySyntaxError e = t.errors().get(0);
        assertEquals("IndentationError", e.type());
        assertEquals("too many levels of indentation", e.message());
        assertEquals(102, e.line());
        assertEquals(1, e.column());
        StringBuilder ok = new StringBuilder();
        for (int i = 0; i < 99; i++) ok.append(" ".repeat(i)).append("if x:\n");
        ok.append(" ".repeat(99)).append("pass\n");
        assertNoErrors(lex(ok.toString()));
    }

    @Test
    void operators() {
        String ops = "( ) [ ] { } : , ; . ... @ -> = := ! ~ + - * / // % ** | & ^ << >> == != < > <= >= += -= *= /= //= "
                + "%= **= |= &= ^= <<= >>= @=";
        Tokens t = lex(ops);
        assertNoErrors(t);
        String[] parts = ops.split(" ");
        for (int i = 0; i < parts.length; i++) assertEquals(parts[i], t.kind(i).text, parts[i]);
        assertEquals("NAME:a COLONEQUAL NUMBER:1 NEWLINE ENDMARKER", dump("a:=1"));
        assertEquals("DOT DOT NEWLINE ENDMARKER", dump(".."));
        assertEquals("NAME:a RARROW NAME:b NEWLINE ENDMARKER", dump("a->b"));
    }

    @Test
    void nestingLimit() {
        assertNoErrors(lex("(".repeat(200) + ")".repeat(200)));
        Tokens t = lex("[".repeat(201));
        PySyntaxError e = t.errors().get(0);
        assertEquals("too many nested parentheses", e.message());
        assertEquals(1, e.line());
        assertEquals(201, e.column());
    }

    // ---------------------------------------------------------------------------------------
    // Errors, checked against CPython 3.13's ast.parse (type, message, line, offset)

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            1_                 | SyntaxError | invalid decimal literal | 1 | 2
            1__0               | SyntaxError | invalid decimal literal | 1 | 2
            0x                 | SyntaxError | invalid hexadecimal literal | 1 | 2
            0xg                | SyntaxError | invalid hexadecimal literal | 1 | 2
            0o8                | SyntaxError | invalid digit '8' in octal literal | 1 | 3
            0o                 | SyntaxError | invalid octal literal | 1 | 2
            0b2                | SyntaxError | invalid digit '2' in binary literal | 1 | 3
            0b                 | SyntaxError | invalid binary literal | 1 | 2
            012                | SyntaxError | leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers | 1 | 1
            0_7                | SyntaxError | leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers | 1 | 1
            1e                 | SyntaxError | invalid decimal literal | 1 | 1
            1e+                | SyntaxError | invalid decimal literal | 1 | 3
            1.2e               | SyntaxError | invalid decimal literal | 1 | 3
            1j2                | SyntaxError | invalid imaginary literal | 1 | 2
            1.5x               | SyntaxError | invalid decimal literal | 1 | 3
            1x                 | SyntaxError | invalid decimal literal | 1 | 1
            1_a                | SyntaxError | invalid decimal literal | 1 | 2
            0b1_               | SyntaxError | invalid binary literal | 1 | 4
            0x_                | SyntaxError | invalid hexadecimal literal | 1 | 3
            0b12               | SyntaxError | invalid digit '2' in binary literal | 1 | 4
            0o19               | SyntaxError | invalid digit '9' in octal literal | 1 | 4
            0x1_               | SyntaxError | invalid hexadecimal literal | 1 | 4
            1._2               | SyntaxError | invalid decimal literal | 1 | 2
            1e_2               | SyntaxError | invalid decimal literal | 1 | 1
            1e2_               | SyntaxError | invalid decimal literal | 1 | 4
            0x1and 2           | SyntaxError | invalid hexadecimal literal | 1 | 4
            'abc               | SyntaxError | unterminated string literal (detected at line 1) | 1 | 1
            x = 'abc\\n        | SyntaxError | unterminated string literal (detected at line 1) | 1 | 5
            '''abc\\n\\nd      | SyntaxError | unterminated triple-quoted string literal (detected at line 3) | 1 | 1
            '''abc\\n          | SyntaxError | unterminated triple-quoted string literal (detected at line 1) | 1 | 1
            'a\\\\\\n          | SyntaxError | unterminated string literal (detected at line 1) | 1 | 1
            x = 'a\\rb'        | SyntaxError | unterminated string literal (detected at line 1) | 1 | 5
            f'abc              | SyntaxError | unterminated f-string literal (detected at line 1) | 1 | 1
            x = 1\\nf'abc\\n   | SyntaxError | unterminated f-string literal (detected at line 2) | 2 | 1
            x = 1\\nf'{x}abc\\n | SyntaxError | unterminated f-string literal (detected at line 2) | 2 | 1
            f'''abc\\n\\n      | SyntaxError | unterminated triple-quoted f-string literal (detected at line 2) | 1 | 1
            x = 1\\nf'''abc\\n\\n | SyntaxError | unterminated triple-quoted f-string literal (detected at line 3) | 2 | 1
            f'{x'              | SyntaxError | f-string: expecting '}' | 1 | 5
            f'{'               | SyntaxError | f-string: expecting '}' | 1 | 4
            f'{x!r'            | SyntaxError | f-string: expecting '}' | 1 | 6
            f'}'               | SyntaxError | f-string: single '}' is not allowed | 1 | 3
            f'{x}}'            | SyntaxError | f-string: single '}' is not allowed | 1 | 6
            f'{{}'             | SyntaxError | f-string: single '}' is not allowed | 1 | 5
            f'{x:a}}b}'        | SyntaxError | f-string: single '}' is not allowed | 1 | 8
            f'{x:{y:{z:{w}}}}' | SyntaxError | f-string: expressions nested too deeply | 1 | 11
            f'{x               | SyntaxError | '{' was never closed | 1 | 3
            f'''{x             | SyntaxError | '{' was never closed | 1 | 5
            x = )              | SyntaxError | unmatched ')' | 1 | 5
            (]                 | SyntaxError | closing parenthesis ']' does not match opening parenthesis '(' | 1 | 2
            (\\n]              | SyntaxError | closing parenthesis ']' does not match opening parenthesis '(' on line 1 | 2 | 1
            x = (1,\\n2        | SyntaxError | '(' was never closed | 1 | 5
            x = (1,\\n[2,\\n   | SyntaxError | '[' was never closed | 2 | 1
            €                  | SyntaxError | invalid character '€' (U+20AC) | 1 | 1
            a€b                | SyntaxError | invalid character '€' (U+20AC) | 1 | 2
            a = \\u00a0         | SyntaxError | invalid non-printable character U+00A0 | 1 | 5
            \\u0001             | SyntaxError | invalid non-printable character U+0001 | 1 | 1
            x = \\u007f         | SyntaxError | invalid non-printable character U+007F | 1 | 5
            a\\u0000b           | SyntaxError | source code cannot contain null bytes | 1 | 2
            ?                  | SyntaxError | invalid syntax | 1 | 1
            x = 1 \\\\ 2       | SyntaxError | unexpected character after line continuation character | 1 | 8
            y = 1\\nx = 1 \\\\ 2 | SyntaxError | unexpected character after line continuation character | 2 | 8
            y = 1\\né = 1 \\\\ 2 | SyntaxError | unexpected character after line continuation character | 2 | 8
            x = 1 \\\\         | SyntaxError | unexpected EOF while parsing | 1 | 8
            x = \\\\\\n        | SyntaxError | unexpected EOF while parsing | 1 | 6
            \\\\               | SyntaxError | unexpected EOF while parsing | 1 | 2
            a\\\\              | SyntaxError | unexpected EOF while parsing | 1 | 3
            \\\\\\n            | SyntaxError | unexpected EOF while parsing | 1 | 2
            x = 1\\n\\\\       | SyntaxError | unexpected EOF while parsing | 2 | 2
            if x:\\n  a\\n b\\n | IndentationError | unindent does not match any outer indentation level | 3 | 3
            if x:\\n    a\\n  bcd\\n | IndentationError | unindent does not match any outer indentation level | 3 | 6
            if x:\\n    a\\n  écd = 1\\n | IndentationError | unindent does not match any outer indentation level | 3 | 10
            if x:\\n\\ta\\n        b\\n | TabError | inconsistent use of tabs and spaces in indentation | 3 | 1
            if x:\\n        a\\n\\tb\\n | TabError | inconsistent use of tabs and spaces in indentation | 3 | 1
            """)
    void errorsMatchCPython(String src, String type, String message, int line, int column) {
        String s = unescape(src.strip());
        Tokens t = lex(s);
        assertTrue(!t.errors().isEmpty(), "no error for " + src);
        PySyntaxError e = t.errors().get(0);
        assertEquals(type + ": " + message + " @" + line + ":" + column,
                e.type() + ": " + e.message() + " @" + e.line() + ":" + e.column(), src);
        boolean hasErrorToken = false;
        for (int i = 0; i < t.size(); i++) hasErrorToken |= t.kind(i) == TokenKind.ERRORTOKEN;
        assertTrue(hasErrorToken || !type.equals("SyntaxError") || message.contains("never closed"), "ERRORTOKEN for " + src);
        assertEquals(TokenKind.ENDMARKER, t.kind(t.size() - 1));
    }

    /** Test-table escapes: \n, \r, \t, \\ and \\uXXXX. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                switch (d) {
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u': sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
                    default: sb.append(d);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void errorTokenAndRecovery() {
        Tokens t = lex("x = 1x\ny = 2\n");
        assertEquals("NAME:x EQUAL ERRORTOKEN:1x NEWLINE NAME:y EQUAL NUMBER:2 NEWLINE ENDMARKER", dump(t));
        assertEquals(1, t.errors().size());
        Tokens u = lex("s = 'abc\nt = 1\n");
        assertEquals("NAME:s EQUAL ERRORTOKEN:'abc NEWLINE NAME:t EQUAL NUMBER:1 NEWLINE ENDMARKER", dump(u));
    }

    // ---------------------------------------------------------------------------------------
    // Robustness

    @Test
    void fuzzNeverThrows() throws IOException {
        Random rnd = new Random(42);
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            if (round % 2 == 0) {
                // bias towards Python-ish bytes
                String alphabet = "()[]{}'\"fFrRbB\\\n\r\t #:=!.0123456789xXoOjJe_+-*/<>$abc{}";
                for (int i = 0; i < b.length; i++) if (rnd.nextInt(4) > 0) b[i] = (byte) alphabet.charAt(rnd.nextInt(alphabet.length()));
            }
            checkLexes(b, round % 3 == 0);
        }
        // truncations and mutations of real code
        Path stdlib = LexerDifferentialTest.STDLIB;
        List<byte[]> samples = new ArrayList<>();
        if (Files.isDirectory(stdlib)) {
            for (String f : new String[] {"string/__init__.py", "ast.py", "textwrap.py", "dataclasses.py", "enum.py"}) {
                Path p = stdlib.resolve(f);
                if (Files.exists(p)) samples.add(Files.readAllBytes(p));
            }
        }
        samples.add("def f(x):\n    return f'{x!r:>{w}} {{}}' + '''a\n''' + b'\\x00'\n".getBytes(StandardCharsets.UTF_8));
        for (byte[] s : samples) {
            for (int k = 0; k < 100; k++) {
                int cut = rnd.nextInt(s.length + 1);
                checkLexes(java.util.Arrays.copyOf(s, cut), false);
                byte[] m = s.clone();
                for (int j = 0; j < 5; j++) m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                checkLexes(m, true);
            }
        }
    }

    @Test
    void pathologicalInputs() {
        checkLexes("(".repeat(10_000).getBytes(StandardCharsets.UTF_8), false);
        checkLexes("f'{".repeat(10_000).getBytes(StandardCharsets.UTF_8), false);
        checkLexes("[{(".repeat(5_000).concat(")}]".repeat(5_000)).getBytes(StandardCharsets.UTF_8), false);
        checkLexes(")".repeat(10_000).getBytes(StandardCharsets.UTF_8), false);
        checkLexes(("x = " + "a + ".repeat(250_000) + "1\n").getBytes(StandardCharsets.UTF_8), false);
        checkLexes(("s = '" + "a".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8), false);
        checkLexes(("#" + "é".repeat(1 << 19)).getBytes(StandardCharsets.UTF_8), false);
        checkLexes(new byte[100_000], false); // NUL bytes
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 300; i++) deep.append(" ".repeat(i)).append("if x:\n");
        checkLexes(deep.toString().getBytes(StandardCharsets.UTF_8), false);
        checkLexes("\\\n".repeat(1000).getBytes(StandardCharsets.UTF_8), false);
        checkLexes("f'{x:{y:{z:{w:{v}}}}}'".getBytes(StandardCharsets.UTF_8), false);
    }

    private static void checkLexes(byte[] b, boolean meta) {
        Source src = new Source("fuzz.py", b, b.length);
        Tokens t = Lexer.lex(src, meta);
        assertTrue(t.size() > 0);
        assertEquals(TokenKind.ENDMARKER, t.kind(t.size() - 1));
        int prevEnd = 0;
        for (int i = 0; i < t.size(); i++) {
            assertTrue(t.start(i) <= t.end(i) && t.end(i) <= b.length, "bad span");
            assertTrue(t.start(i) >= prevEnd || t.kind(i) == TokenKind.INDENT, "overlapping tokens");
            prevEnd = Math.max(prevEnd, t.end(i));
        }
        for (PySyntaxError e : t.errors()) {
            assertTrue(e.line() >= 1 && e.column() >= 1, e::toString);
        }
        SourceDecoder.decode("fuzz.py", b); // must not throw either
    }

    @Test
    void stringRunsAreCountedAtEveryFStringDepth() {
        String src = "a = 'x'\nb = 'x' 'y' f'{c}'\nd = f\"{'p' 'q' 'r'}\"\n";
        Tokens t = lex(src);
        assertEquals(3, t.longestStringRun()); // 'x' 'y' f'{c}' and 'p' 'q' 'r'
        int b = src.indexOf("'x' 'y'"), inner = src.indexOf("'p'");
        assertTrue(t.inStringRun(b) && t.inStringRun(src.indexOf("'y'")) && t.inStringRun(src.indexOf("f'{c}'")));
        assertTrue(t.inStringRun(inner) && t.inStringRun(src.indexOf("'r'")));
        assertTrue(!t.inStringRun(src.indexOf("'x'")) && !t.inStringRun(src.indexOf("f\"")), "one literal is no run");
        assertEquals(1, lex("a = 'x'\nb = f'{y}' + 'z'\n").longestStringRun());
        assertEquals(0, lex("a = 1\n").longestStringRun());
    }
}
