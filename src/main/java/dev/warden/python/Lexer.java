package dev.warden.python;

import java.util.ArrayList;

/**
 * Python 3.13 tokenizer over the UTF-8 bytes of a {@link Source}, following CPython's tokenizer
 * (Parser/lexer) token for token, including PEP 701 f-strings. One pass, no per-token objects,
 * never throws: every problem is recorded as a {@link PySyntaxError} in the token list's error list,
 * an {@link TokenKind#ERRORTOKEN} is emitted, and lexing goes on.
 */
public final class Lexer {
    /** CPython's MAXLEVEL: nesting of (, [ and {. Keeps the parser's recursion bounded. */
    static final int MAX_LEVEL = 200;
    /** CPython's MAXINDENT. */
    static final int MAX_INDENT = 100;
    private static final int TABSIZE = 8;
    private static final int ALTTABSIZE = 1;
    /** CPython's MAX_EXPR_NESTING: replacement fields nested in format specs. */
    private static final int MAX_EXPR_NESTING = 3;

    private static final int EOF = -1;
    /** Errors recorded per file at most (garbage input would otherwise record one per byte). */
    static final int MAX_ERRORS = 1000;

    // Mode stack entry kinds.
    private static final int M_FSTRING = 0;
    private static final int M_FIELD = 1;

    private final byte[] b;
    private final int n;
    private final Source source;
    private final Tokens out;
    private final boolean metavariables;

    private int pos;
    private int cur; // cursor for number scanning (CPython tok->cur)

    // Indentation.
    private final int[] indStack = new int[MAX_INDENT + 1];
    private final int[] altIndStack = new int[MAX_INDENT + 1];
    private int indent;
    private boolean atBol = true;
    private boolean blankline;
    private boolean lineHasTokens;

    // Brackets.
    private byte[] brChar = new byte[64];
    private int[] brPos = new int[64];
    private int level;

    // Mode stack (f-strings and their replacement fields).
    private int[] mKind = new int[16];
    /** FSTRING: quote char. FIELD: bracket level of its '{' (level after the push). */
    private int[] mA = new int[16];
    /** FSTRING: quote size (1 or 3). FIELD: 1 when in the format spec. */
    private int[] mB = new int[16];
    /** FSTRING: start offset of the prefix; FIELD: number of enclosing fields in the same f-string. */
    private int[] mC = new int[16];
    /** FSTRING: 1 when raw. */
    private int[] mD = new int[16];
    /** FSTRING: bracket level when the f-string started. */
    private int[] mE = new int[16];
    private int modes;

    private Lexer(Source source, boolean metavariables) {
        this.source = source;
        this.b = source.bytes();
        this.n = source.length();
        this.out = new Tokens(source, new ArrayList<>());
        this.metavariables = metavariables;
    }

    /** Tokenizes {@code source}; {@code metavariables} enables Semgrep's {@code $X} and {@code $...X}. */
    public static Tokens lex(Source source, boolean metavariables) {
        Lexer lx = new Lexer(source, metavariables);
        lx.run();
        return lx.out;
    }

    // ------------------------------------------------------------------------------------------
    // Driver

    private void run() {
        while (true) {
            if (modes > 0 && (mKind[modes - 1] == M_FSTRING || mB[modes - 1] == 1)) {
                fstringLiteral();
                continue;
            }
            if (atBol) {
                atBol = false;
                indentation();
            }
            // Skip spaces.
            int p = pos;
            while (p < n) {
                byte c = b[p];
                if (c == ' ' || c == '\t' || c == '\f') p++;
                else break;
            }
            pos = p;
            if (p >= n) {
                endOfFile();
                return;
            }
            int c = b[p] & 0xff;
            if (c == '#') {
                int e = p + 1;
                while (e < n && b[e] != '\n' && b[e] != '\r') e++;
                out.addComment(p, e);
                pos = e;
                continue;
            }
            if (c == '\n' || c == '\r') {
                int e = p + 1;
                if (c == '\r' && e < n && b[e] == '\n') e++;
                atBol = true;
                if (!blankline && level == 0) {
                    out.add(TokenKind.NEWLINE, p, e);
                    lineHasTokens = false;
                }
                pos = e;
                continue;
            }
            lineHasTokens = true;
            if (isIdentStartAscii(c)) {
                name(p, c);
            } else if (c >= '0' && c <= '9') {
                number(p);
            } else if (c == '"' || c == '\'') {
                string(p, p, false, false);
            } else if (c >= 0x80) {
                nonAsciiName(p);
            } else {
                operator(p, c);
            }
        }
    }

    private void endOfFile() {
        if (level > 0) {
            int bp = brPos[level - 1];
            errAt("SyntaxError", "'" + (char) brChar[level - 1] + "' was never closed", bp, bp + 1);
            level = 0;
            modes = 0;
        }
        if (lineHasTokens) {
            out.add(TokenKind.NEWLINE, n, n);
        }
        while (indent > 0) {
            indent--;
            out.add(TokenKind.DEDENT, n, n);
        }
        out.add(TokenKind.ENDMARKER, n, n);
    }

    // ------------------------------------------------------------------------------------------
    // Indentation

    private void indentation() {
        int col = 0, altcol = 0, contCol = 0;
        int lineStart = pos;
        int p = pos;
        int c;
        while (true) {
            c = p < n ? b[p] & 0xff : EOF;
            if (c == ' ') {
                col++;
                altcol++;
                p++;
            } else if (c == '\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
                p++;
            } else if (c == '\f') {
                col = altcol = 0;
                p++;
            } else if (c == '\\') {
                contCol = contCol != 0 ? contCol : col;
                int q = continuation(p);
                if (q < 0) {
                    // Error recorded; skip the backslash and go on with the rest of the line.
                    out.add(TokenKind.ERRORTOKEN, p, p + 1);
                    pos = p + 1;
                    blankline = false;
                    lineHasTokens = true;
                    return;
                }
                p = q;
            } else {
                break;
            }
        }
        pos = p;
        blankline = c == '#' || c == '\n' || c == '\r';
        if (blankline || level != 0) return;
        if (contCol != 0) {
            col = contCol;
            altcol = contCol;
        }
        if (col == indStack[indent]) {
            if (altcol != altIndStack[indent]) tabError(p);
        } else if (col > indStack[indent]) {
            if (indent + 1 >= MAX_INDENT) {
                err("IndentationError", "too many levels of indentation", lineStartOf(p), 1, p, p);
                return;
            }
            if (altcol <= altIndStack[indent]) tabError(p);
            indent++;
            indStack[indent] = col;
            altIndStack[indent] = altcol;
            out.add(TokenKind.INDENT, lineStart, p);
        } else {
            while (indent > 0 && col < indStack[indent]) {
                indent--;
                out.add(TokenKind.DEDENT, p, p);
            }
            if (col != indStack[indent]) {
                int ln = source.lines().line(p);
                int ls = source.lines().lineStart(ln);
                int e = p;
                while (e < n && b[e] != '\n' && b[e] != '\r') e++;
                err("IndentationError", "unindent does not match any outer indentation level",
                        ln, charCount(ls, e) + 1, p, e);
            } else if (altcol != altIndStack[indent]) {
                tabError(p);
            }
        }
    }

    private void tabError(int p) {
        err("TabError", "inconsistent use of tabs and spaces in indentation", lineStartOf(p), 1, p, p);
    }

    private int lineStartOf(int p) { return source.lines().line(p); }

    /**
     * At a backslash: returns the offset after the line break it escapes, or -1 after recording
     * CPython's error (junk after the backslash, or EOF right after it).
     */
    private int continuation(int bs) {
        int p = bs + 1;
        if (p < n && b[p] == '\r') {
            p++;
            if (p < n && b[p] == '\n') p++;
        } else if (p < n && b[p] == '\n') {
            p++;
        } else {
            if (p >= n) {
                errAt("SyntaxError", "unexpected EOF while parsing", bs + 1, bs + 1);
            } else {
                errAt("SyntaxError", "unexpected character after line continuation character", bs + 1, bs + 2);
            }
            return -1;
        }
        if (p >= n) {
            errAt("SyntaxError", "unexpected EOF while parsing", bs + 1, bs + 1);
            return -1;
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------
    // Names and keywords

    private static boolean isIdentStartAscii(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentCharAscii(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
    }

    private void name(int start, int c) {
        // String prefixes (CPython's saw_b / saw_u / saw_r / saw_f dance).
        boolean sawB = false, sawU = false, sawR = false, sawF = false;
        int p = start;
        while (true) {
            if (!(sawB || sawU || sawF) && (c == 'b' || c == 'B')) sawB = true;
            else if (!(sawB || sawU || sawR || sawF) && (c == 'u' || c == 'U')) sawU = true;
            else if (!(sawR || sawU) && (c == 'r' || c == 'R')) sawR = true;
            else if (!(sawF || sawB || sawU) && (c == 'f' || c == 'F')) sawF = true;
            else break;
            p++;
            c = p < n ? b[p] & 0xff : EOF;
            if (c == '"' || c == '\'') {
                if (sawF) fstringStart(start, p, sawR);
                else string(start, p, sawB, sawR);
                return;
            }
        }
        while (p < n) {
            int d = b[p] & 0xff;
            if (isIdentCharAscii(d)) p++;
            else if (d >= 0x80) {
                nonAsciiName(start);
                return;
            } else break;
        }
        out.add(keyword(start, p - start), start, p);
        pos = p;
    }

    private void nonAsciiName(int start) {
        int p = start;
        while (p < n) {
            int d = b[p] & 0xff;
            if (isIdentCharAscii(d) || d >= 0x80) p++;
            else break;
        }
        // Verify like CPython's verify_identifier: first char XID_Start or '_', then XID_Continue.
        int q = start;
        boolean first = true;
        while (q < p) {
            int lead = b[q] & 0xff;
            int cp, len;
            if (lead < 0x80) {
                cp = lead;
                len = 1;
            } else {
                long r = decodeCodePoint(b, q, p);
                cp = (int) (r >> 8);
                len = (int) (r & 0xff);
            }
            boolean ok;
            if (cp < 0) {
                ok = false;
            } else if (cp < 0x80) {
                ok = first ? isIdentStartAscii(cp) : isIdentCharAscii(cp);
            } else {
                ok = first ? Character.isUnicodeIdentifierStart(cp)
                        : Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
            }
            if (!ok) {
                if (cp < 0) cp = 0xFFFD;
                String msg = isPrintable(cp)
                        ? "invalid character '" + new String(Character.toChars(cp)) + "' (U+" + hex4(cp) + ")"
                        : "invalid non-printable character U+" + hex4(cp);
                errAt("SyntaxError", msg, q, q + len);
                out.add(TokenKind.ERRORTOKEN, start, p);
                pos = p;
                return;
            }
            first = false;
            q += len;
        }
        out.add(TokenKind.NAME, start, p);
        pos = p;
    }

    /** Decodes one UTF-8 code point at {@code i} (limit {@code lim}): (cp << 8) | length; cp -1 if invalid. */
    static long decodeCodePoint(byte[] b, int i, int lim) {
        int c = b[i] & 0xff;
        int need, cp, min;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
        else return (-1L << 8) | 1;
        for (int k = 1; k <= need; k++) {
            if (i + k >= lim) return (-1L << 8) | 1;
            int d = b[i + k] & 0xff;
            if ((d & 0xC0) != 0x80) return (-1L << 8) | 1;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (-1L << 8) | 1;
        return ((long) cp << 8) | (need + 1);
    }

    /** Python's str.isprintable for one code point. */
    static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static String hex4(int cp) {
        String h = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        return h.length() >= 4 ? h : "0000".substring(h.length()) + h;
    }

    private TokenKind keyword(int s, int len) {
        byte[] b = this.b;
        switch (len) {
            case 2:
                switch (b[s]) {
                    case 'a': if (b[s + 1] == 's') return TokenKind.AS; break;
                    case 'i':
                        if (b[s + 1] == 'f') return TokenKind.IF;
                        if (b[s + 1] == 'n') return TokenKind.IN;
                        if (b[s + 1] == 's') return TokenKind.IS;
                        break;
                    case 'o': if (b[s + 1] == 'r') return TokenKind.OR; break;
                    default: break;
                }
                break;
            case 3:
                switch (b[s]) {
                    case 'a': if (is(s, "and")) return TokenKind.AND; break;
                    case 'd': if (is(s, "def")) return TokenKind.DEF; if (is(s, "del")) return TokenKind.DEL; break;
                    case 'f': if (is(s, "for")) return TokenKind.FOR; break;
                    case 'n': if (is(s, "not")) return TokenKind.NOT; break;
                    case 't': if (is(s, "try")) return TokenKind.TRY; break;
                    default: break;
                }
                break;
            case 4:
                switch (b[s]) {
                    case 'N': if (is(s, "None")) return TokenKind.NONE; break;
                    case 'T': if (is(s, "True")) return TokenKind.TRUE; break;
                    case 'e': if (is(s, "elif")) return TokenKind.ELIF; if (is(s, "else")) return TokenKind.ELSE; break;
                    case 'f': if (is(s, "from")) return TokenKind.FROM; break;
                    case 'p': if (is(s, "pass")) return TokenKind.PASS; break;
                    case 'w': if (is(s, "with")) return TokenKind.WITH; break;
                    default: break;
                }
                break;
            case 5:
                switch (b[s]) {
                    case 'F': if (is(s, "False")) return TokenKind.FALSE; break;
                    case 'a': if (is(s, "async")) return TokenKind.ASYNC; if (is(s, "await")) return TokenKind.AWAIT; break;
                    case 'b': if (is(s, "break")) return TokenKind.BREAK; break;
                    case 'c': if (is(s, "class")) return TokenKind.CLASS; break;
                    case 'r': if (is(s, "raise")) return TokenKind.RAISE; break;
                    case 'w': if (is(s, "while")) return TokenKind.WHILE; break;
                    case 'y': if (is(s, "yield")) return TokenKind.YIELD; break;
                    default: break;
                }
                break;
            case 6:
                switch (b[s]) {
                    case 'a': if (is(s, "assert")) return TokenKind.ASSERT; break;
                    case 'e': if (is(s, "except")) return TokenKind.EXCEPT; break;
                    case 'g': if (is(s, "global")) return TokenKind.GLOBAL; break;
                    case 'i': if (is(s, "import")) return TokenKind.IMPORT; break;
                    case 'l': if (is(s, "lambda")) return TokenKind.LAMBDA; break;
                    case 'r': if (is(s, "return")) return TokenKind.RETURN; break;
                    default: break;
                }
                break;
            case 7:
                if (is(s, "finally")) return TokenKind.FINALLY;
                break;
            case 8:
                if (is(s, "continue")) return TokenKind.CONTINUE;
                if (is(s, "nonlocal")) return TokenKind.NONLOCAL;
                break;
            default:
                break;
        }
        return TokenKind.NAME;
    }

    /** Compares bytes at s with an ASCII literal (constant strings; no allocation). */
    private boolean is(int s, String kw) {
        for (int i = 0, len = kw.length(); i < len; i++) {
            if (b[s + i] != kw.charAt(i)) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // Numbers (a port of CPython's number scanning, errors included)

    private int nextc() { return cur < n ? b[cur++] & 0xff : EOF; }

    private void backup(int c) { if (c != EOF) cur--; }

    private static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

    private static boolean isXDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private void number(int start) {
        cur = start;
        if (!scanNumber()) {
            int e = Math.max(cur, start + 1);
            while (e < n && (isIdentCharAscii(b[e] & 0xff) || b[e] == '.')) e++;
            out.add(TokenKind.ERRORTOKEN, start, e);
            pos = e;
            return;
        }
        out.add(TokenKind.NUMBER, start, cur);
        pos = cur;
    }

    /** Scans a number starting at {@code cur}; false (error recorded) if invalid. */
    private boolean scanNumber() {
        int start = cur;
        int c = nextc();
        if (c == '.') {
            c = nextc();
            return fraction(c);
        }
        if (c == '0') {
            c = nextc();
            if (c == 'x' || c == 'X') {
                c = nextc();
                do {
                    if (c == '_') c = nextc();
                    if (!isXDigit(c)) {
                        backup(c);
                        return errCur("invalid hexadecimal literal");
                    }
                    do { c = nextc(); } while (isXDigit(c));
                } while (c == '_');
                if (!verifyEnd(c, "hexadecimal")) return false;
            } else if (c == 'o' || c == 'O') {
                c = nextc();
                do {
                    if (c == '_') c = nextc();
                    if (c < '0' || c >= '8') {
                        if (isDigit(c)) return errCur("invalid digit '" + (char) c + "' in octal literal");
                        backup(c);
                        return errCur("invalid octal literal");
                    }
                    do { c = nextc(); } while ('0' <= c && c < '8');
                } while (c == '_');
                if (isDigit(c)) return errCur("invalid digit '" + (char) c + "' in octal literal");
                if (!verifyEnd(c, "octal")) return false;
            } else if (c == 'b' || c == 'B') {
                c = nextc();
                do {
                    if (c == '_') c = nextc();
                    if (c != '0' && c != '1') {
                        if (isDigit(c)) return errCur("invalid digit '" + (char) c + "' in binary literal");
                        backup(c);
                        return errCur("invalid binary literal");
                    }
                    do { c = nextc(); } while (c == '0' || c == '1');
                } while (c == '_');
                if (isDigit(c)) return errCur("invalid digit '" + (char) c + "' in binary literal");
                if (!verifyEnd(c, "binary")) return false;
            } else {
                boolean nonzero = false;
                while (true) {
                    if (c == '_') {
                        c = nextc();
                        if (!isDigit(c)) {
                            backup(c);
                            return errCur("invalid decimal literal");
                        }
                    }
                    if (c != '0') break;
                    c = nextc();
                }
                int zerosEnd = cur;
                if (isDigit(c)) {
                    nonzero = true;
                    c = decimalTail();
                    if (c == -2) return false;
                }
                if (c == '.') {
                    c = nextc();
                    return fraction(c);
                } else if (c == 'e' || c == 'E') {
                    return exponent(c);
                } else if (c == 'j' || c == 'J') {
                    return imaginary();
                } else if (nonzero) {
                    backup(c);
                    int ln = source.lines().line(start);
                    err("SyntaxError", "leading zeros in decimal integer literals are not permitted; "
                            + "use an 0o prefix for octal integers", ln,
                            charCount(source.lines().lineStart(ln), start) + 1, start, zerosEnd - 1);
                    return false;
                }
                if (!verifyEnd(c, "decimal")) return false;
            }
        } else {
            c = decimalTail();
            if (c == -2) return false;
            if (c == '.') {
                c = nextc();
                return fraction(c);
            }
            if (c == 'e' || c == 'E') return exponent(c);
            if (c == 'j' || c == 'J') return imaginary();
            if (!verifyEnd(c, "decimal")) return false;
        }
        backup(c);
        return true;
    }

    private boolean fraction(int c) {
        if (isDigit(c)) {
            c = decimalTail();
            if (c == -2) return false;
        }
        if (c == 'e' || c == 'E') return exponent(c);
        if (c == 'j' || c == 'J') return imaginary();
        if (!verifyEnd(c, "decimal")) return false;
        backup(c);
        return true;
    }

    private boolean exponent(int e) {
        int c = nextc();
        if (c == '+' || c == '-') {
            c = nextc();
            if (!isDigit(c)) {
                backup(c);
                return errCur("invalid decimal literal");
            }
        } else if (!isDigit(c)) {
            backup(c);
            if (!verifyEnd(e, "decimal")) return false;
            backup(e);
            return true;
        }
        c = decimalTail();
        if (c == -2) return false;
        if (c == 'j' || c == 'J') return imaginary();
        if (!verifyEnd(c, "decimal")) return false;
        backup(c);
        return true;
    }

    private boolean imaginary() {
        int c = nextc();
        if (!verifyEnd(c, "imaginary")) return false;
        backup(c);
        return true;
    }

    /** Digits with single underscores; the first digit has been read. Returns the char after, or -2 on error. */
    private int decimalTail() {
        int c;
        while (true) {
            do { c = nextc(); } while (isDigit(c));
            if (c != '_') break;
            c = nextc();
            if (!isDigit(c)) {
                backup(c);
                errCur("invalid decimal literal");
                return -2;
            }
        }
        return c;
    }

    private boolean lookahead(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (cur + i >= n || b[cur + i] != s.charAt(i)) return false;
        }
        return true;
    }

    /** CPython's verify_end_of_number; {@code c} has been read. */
    private boolean verifyEnd(int c, String kind) {
        boolean r = false;
        switch (c) {
            case 'a': r = lookahead("nd"); break;
            case 'e': r = lookahead("lse"); break;
            case 'f': r = lookahead("or"); break;
            case 'i': r = cur < n && (b[cur] == 'f' || b[cur] == 'n' || b[cur] == 's'); break;
            case 'o': r = lookahead("r"); break;
            case 'n': r = lookahead("ot"); break;
            default: break;
        }
        if (r) return true; // CPython only warns here
        if (c >= 0 && c < 128 && isIdentCharAscii(c)) {
            backup(c);
            errCur("invalid " + kind + " literal");
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // Strings

    /**
     * A non-f string literal; {@code q} is the offset of the opening quote, {@code start} of the prefix.
     */
    private void string(int start, int q, boolean bytes, boolean raw) {
        int quote = b[q];
        int quoteSize = 1;
        int p = q + 1;
        if (p + 1 < n && b[p] == quote && b[p + 1] == quote) {
            quoteSize = 3;
            p += 2;
        } else if (p < n && b[p] == quote) {
            out.add(TokenKind.STRING, start, p + 1);
            pos = p + 1;
            return;
        }
        int endQuote = 0;
        while (true) {
            if (p >= n) {
                unterminatedString(start, quoteSize, n, quote);
                return;
            }
            int c = b[p];
            if (quoteSize == 1 && (c == '\n' || c == '\r')) {
                unterminatedString(start, quoteSize, p, quote);
                return;
            }
            p++;
            if (c == quote) {
                if (++endQuote == quoteSize) break;
            } else {
                endQuote = 0;
                if (c == '\\' && p < n) {
                    if (b[p] == '\r' && p + 1 < n && b[p + 1] == '\n') p += 2;
                    else p++;
                }
            }
        }
        out.add(TokenKind.STRING, start, p);
        pos = p;
    }

    /** Records the unterminated-string error; the error token runs to {@code at} (newline or EOF). */
    private void unterminatedString(int start, int quoteSize, int at, int quote) {
        int detected = source.lines().line(Math.max(0, Math.min(at, n) - (at >= n ? 1 : 0)));
        int fs = innermostFString();
        if (fs >= 0 && mA[fs] == quote && mB[fs] == quoteSize) {
            errAt("SyntaxError", "f-string: expecting '}'", start, start + 1);
        } else if (quoteSize == 3) {
            errAt("SyntaxError", "unterminated triple-quoted string literal (detected at line " + detected + ")",
                    start, start + 1);
        } else {
            errAt("SyntaxError", "unterminated string literal (detected at line " + detected + ")",
                    start, start + 1);
        }
        out.add(TokenKind.ERRORTOKEN, start, at);
        pos = at;
    }

    private int innermostFString() {
        for (int i = modes - 1; i >= 0; i--) if (mKind[i] == M_FSTRING) return i;
        return -1;
    }

    // ------------------------------------------------------------------------------------------
    // f-strings

    private void pushMode(int kind, int a, int bb, int c, int d, int e) {
        if (modes == mKind.length) {
            int len = modes * 2;
            mKind = java.util.Arrays.copyOf(mKind, len);
            mA = java.util.Arrays.copyOf(mA, len);
            mB = java.util.Arrays.copyOf(mB, len);
            mC = java.util.Arrays.copyOf(mC, len);
            mD = java.util.Arrays.copyOf(mD, len);
            mE = java.util.Arrays.copyOf(mE, len);
        }
        mKind[modes] = kind;
        mA[modes] = a;
        mB[modes] = bb;
        mC[modes] = c;
        mD[modes] = d;
        mE[modes] = e;
        modes++;
    }

    private void fstringStart(int start, int q, boolean raw) {
        int quote = b[q];
        int quoteSize = (q + 2 < n && b[q + 1] == quote && b[q + 2] == quote) ? 3 : 1;
        int e = q + quoteSize;
        out.add(TokenKind.FSTRING_START, start, e);
        pushMode(M_FSTRING, quote, quoteSize, start, raw ? 1 : 0, level);
        pos = e;
    }

    /** Drops f-string {@code fs} and everything above it, closing its replacement fields' brackets. */
    private void popFString(int fs) {
        level = Math.min(level, mE[fs]);
        modes = fs;
    }

    /** Lexes literal text of the innermost f-string (or a format spec) up to a field, '}' or the end. */
    private void fstringLiteral() {
        int top = modes - 1;
        boolean inSpec = mKind[top] == M_FIELD;
        int fs = top;
        while (mKind[fs] != M_FSTRING) fs--;
        int quote = mA[fs];
        int quoteSize = mB[fs];
        boolean raw = mD[fs] == 1;
        int start = pos;
        int p = pos;
        while (true) {
            if (p >= n) {
                emitMiddle(start, p);
                unterminatedFString(fs, n);
                return;
            }
            int c = b[p];
            if (c == quote && (quoteSize == 1 || (p + 2 < n && b[p + 1] == quote && b[p + 2] == quote))) {
                emitMiddle(start, p);
                out.add(TokenKind.FSTRING_END, p, p + quoteSize);
                popFString(fs);
                pos = p + quoteSize;
                return;
            }
            if ((c == '\n' || c == '\r') && quoteSize == 1 && !inSpec) {
                emitMiddle(start, p);
                unterminatedFString(fs, p);
                return;
            }
            if (c == '\\') {
                int d = p + 1 < n ? b[p + 1] : EOF;
                if (d == '{' || d == '}') {
                    p++;
                } else if (!raw && d == 'N' && p + 2 < n && b[p + 2] == '{') {
                    // \N{NAME}: the braces belong to the escape.
                    int e = p + 3;
                    while (e < n && b[e] != '}' && b[e] != quote && b[e] != '\n' && b[e] != '\r') e++;
                    p = e < n && b[e] == '}' ? e + 1 : e;
                } else if (d == '\r' && p + 2 < n && b[p + 2] == '\n') {
                    p += 3;
                } else if (d == EOF) {
                    p++;
                } else {
                    p += 2;
                }
                continue;
            }
            if (c == '{') {
                if (!inSpec && p + 1 < n && b[p + 1] == '{') {
                    p += 2;
                    continue;
                }
                emitMiddle(start, p);
                int nested = inSpec ? mC[top] + 1 : 0;
                if (nested >= MAX_EXPR_NESTING) {
                    int ln = source.lines().line(p);
                    err("SyntaxError", "f-string: expressions nested too deeply", ln,
                            charCount(source.lines().lineStart(ln), p), p, p + 1);
                    out.add(TokenKind.ERRORTOKEN, p, p + 1);
                    pos = p + 1;
                    return;
                }
                if (!openBracket(p, '{')) return;
                pushMode(M_FIELD, level, 0, nested, 0, 0);
                return;
            }
            if (c == '}') {
                if (inSpec) {
                    emitMiddle(start, p);
                    out.add(TokenKind.RBRACE, p, p + 1);
                    level = mA[top] - 1;
                    modes--;
                    pos = p + 1;
                    return;
                }
                if (p + 1 < n && b[p + 1] == '}') {
                    p += 2;
                    continue;
                }
                emitMiddle(start, p);
                errAt("SyntaxError", "f-string: single '}' is not allowed", p, p + 1);
                out.add(TokenKind.ERRORTOKEN, p, p + 1);
                pos = p + 1;
                return;
            }
            p++;
        }
    }

    private void emitMiddle(int start, int end) {
        if (end > start) out.add(TokenKind.FSTRING_MIDDLE, start, end);
    }

    private void unterminatedFString(int fs, int at) {
        int fstart = mC[fs];
        int detected = source.lines().line(Math.max(0, at >= n ? n - 1 : at));
        String msg = mB[fs] == 3
                ? "unterminated triple-quoted f-string literal (detected at line " + detected + ")"
                : "unterminated f-string literal (detected at line " + detected + ")";
        errAt("SyntaxError", msg, fstart, fstart + 1);
        out.add(TokenKind.ERRORTOKEN, at, at);
        popFString(fs);
        pos = at;
    }

    // ------------------------------------------------------------------------------------------
    // Operators and brackets

    private boolean openBracket(int p, int c) {
        if (level >= MAX_LEVEL) {
            errAt("SyntaxError", "too many nested parentheses", p, p + 1);
            out.add(TokenKind.ERRORTOKEN, p, p + 1);
            pos = p + 1;
            return false;
        }
        if (level == brChar.length) {
            brChar = java.util.Arrays.copyOf(brChar, level * 2);
            brPos = java.util.Arrays.copyOf(brPos, level * 2);
        }
        brChar[level] = (byte) c;
        brPos[level] = p;
        level++;
        out.add(c == '(' ? TokenKind.LPAR : c == '[' ? TokenKind.LSQB : TokenKind.LBRACE, p, p + 1);
        pos = p + 1;
        return true;
    }

    private void closeBracket(int p, int c) {
        TokenKind kind = c == ')' ? TokenKind.RPAR : c == ']' ? TokenKind.RSQB : TokenKind.RBRACE;
        if (level == 0) {
            errAt("SyntaxError", "unmatched '" + (char) c + "'", p, p + 1);
            out.add(TokenKind.ERRORTOKEN, p, p + 1);
            pos = p + 1;
            return;
        }
        int open = brChar[level - 1];
        boolean match = (open == '(' && c == ')') || (open == '[' && c == ']') || (open == '{' && c == '}');
        if (!match) {
            int openLine = source.lines().line(brPos[level - 1]);
            int thisLine = source.lines().line(p);
            String msg = "closing parenthesis '" + (char) c + "' does not match opening parenthesis '" + (char) open + "'";
            if (openLine != thisLine) msg += " on line " + openLine;
            errAt("SyntaxError", msg, p, p + 1);
            out.add(TokenKind.ERRORTOKEN, p, p + 1);
            pos = p + 1;
            // Keep an f-string replacement field's '{' open; otherwise treat as closing.
            if (!(modes > 0 && mKind[modes - 1] == M_FIELD && mA[modes - 1] == level)) level--;
            return;
        }
        level--;
        out.add(kind, p, p + 1);
        pos = p + 1;
    }

    private void operator(int p, int c) {
        int c1 = p + 1 < n ? b[p + 1] & 0xff : EOF;
        int c2 = p + 2 < n ? b[p + 2] & 0xff : EOF;
        boolean inField = modes > 0 && mKind[modes - 1] == M_FIELD && mA[modes - 1] == level;
        TokenKind k;
        int len = 1;
        switch (c) {
            case '(': case '[': case '{':
                openBracket(p, c);
                return;
            case ')': case ']':
                closeBracket(p, c);
                return;
            case '}':
                if (inField) {
                    out.add(TokenKind.RBRACE, p, p + 1);
                    level--;
                    modes--;
                    pos = p + 1;
                    return;
                }
                closeBracket(p, c);
                return;
            case ':':
                if (inField) {
                    out.add(TokenKind.COLON, p, p + 1);
                    mB[modes - 1] = 1;
                    pos = p + 1;
                    return;
                }
                if (c1 == '=') { k = TokenKind.COLONEQUAL; len = 2; } else k = TokenKind.COLON;
                break;
            case '.':
                if (c1 >= '0' && c1 <= '9') {
                    number(p);
                    return;
                }
                if (c1 == '.' && c2 == '.') { k = TokenKind.ELLIPSIS; len = 3; } else k = TokenKind.DOT;
                break;
            case ',': k = TokenKind.COMMA; break;
            case ';': k = TokenKind.SEMI; break;
            case '~': k = TokenKind.TILDE; break;
            case '@': if (c1 == '=') { k = TokenKind.ATEQUAL; len = 2; } else k = TokenKind.AT; break;
            case '=': if (c1 == '=') { k = TokenKind.EQEQUAL; len = 2; } else k = TokenKind.EQUAL; break;
            case '!': if (c1 == '=') { k = TokenKind.NOTEQUAL; len = 2; } else k = TokenKind.EXCLAMATION; break;
            case '+': if (c1 == '=') { k = TokenKind.PLUSEQUAL; len = 2; } else k = TokenKind.PLUS; break;
            case '-':
                if (c1 == '=') { k = TokenKind.MINEQUAL; len = 2; }
                else if (c1 == '>') { k = TokenKind.RARROW; len = 2; }
                else k = TokenKind.MINUS;
                break;
            case '*':
                if (c1 == '*') {
                    if (c2 == '=') { k = TokenKind.DOUBLESTAREQUAL; len = 3; } else { k = TokenKind.DOUBLESTAR; len = 2; }
                } else if (c1 == '=') { k = TokenKind.STAREQUAL; len = 2; } else k = TokenKind.STAR;
                break;
            case '/':
                if (c1 == '/') {
                    if (c2 == '=') { k = TokenKind.DOUBLESLASHEQUAL; len = 3; } else { k = TokenKind.DOUBLESLASH; len = 2; }
                } else if (c1 == '=') { k = TokenKind.SLASHEQUAL; len = 2; } else k = TokenKind.SLASH;
                break;
            case '%': if (c1 == '=') { k = TokenKind.PERCENTEQUAL; len = 2; } else k = TokenKind.PERCENT; break;
            case '|': if (c1 == '=') { k = TokenKind.VBAREQUAL; len = 2; } else k = TokenKind.VBAR; break;
            case '&': if (c1 == '=') { k = TokenKind.AMPEREQUAL; len = 2; } else k = TokenKind.AMPER; break;
            case '^': if (c1 == '=') { k = TokenKind.CIRCUMFLEXEQUAL; len = 2; } else k = TokenKind.CIRCUMFLEX; break;
            case '<':
                if (c1 == '<') {
                    if (c2 == '=') { k = TokenKind.LEFTSHIFTEQUAL; len = 3; } else { k = TokenKind.LEFTSHIFT; len = 2; }
                } else if (c1 == '=') { k = TokenKind.LESSEQUAL; len = 2; } else k = TokenKind.LESS;
                break;
            case '>':
                if (c1 == '>') {
                    if (c2 == '=') { k = TokenKind.RIGHTSHIFTEQUAL; len = 3; } else { k = TokenKind.RIGHTSHIFT; len = 2; }
                } else if (c1 == '=') { k = TokenKind.GREATEREQUAL; len = 2; } else k = TokenKind.GREATER;
                break;
            case '\\': {
                int q = continuation(p);
                if (q < 0) {
                    out.add(TokenKind.ERRORTOKEN, p, p + 1);
                    pos = p + 1;
                } else {
                    pos = q;
                }
                return;
            }
            case '$':
                if (metavariables) {
                    int s = p + 1;
                    if (c1 == '.' && c2 == '.' && p + 3 < n && b[p + 3] == '.') s = p + 4;
                    if (s < n && (isIdentStartAscii(b[s] & 0xff))) {
                        int e = s + 1;
                        while (e < n && isIdentCharAscii(b[e] & 0xff)) e++;
                        out.add(TokenKind.NAME, p, e);
                        pos = e;
                        return;
                    }
                }
                errAt("SyntaxError", "invalid syntax", p, p + 1);
                out.add(TokenKind.ERRORTOKEN, p, p + 1);
                pos = p + 1;
                return;
            default:
                invalidAscii(p, c);
                return;
        }
        out.add(k, p, p + len);
        pos = p + len;
    }

    private void invalidAscii(int p, int c) {
        String msg;
        if (c == 0) msg = "source code cannot contain null bytes";
        else if (c < 0x20 || c == 0x7f) msg = "invalid non-printable character U+" + hex4(c);
        else msg = "invalid syntax"; // ? and ` : CPython's parser says "invalid syntax"
        errAt("SyntaxError", msg, p, p + 1);
        out.add(TokenKind.ERRORTOKEN, p, p + 1);
        pos = p + 1;
    }

    // ------------------------------------------------------------------------------------------
    // Errors

    /** Number of UTF-8 characters in [from, to). */
    private int charCount(int from, int to) {
        int i = from, k = 0;
        if (from == memoFrom && to >= memoTo) { // errors come in source order: continue the last count
            i = memoTo;
            k = memoCount;
        }
        int stop = Math.max(i, Math.min(to, n));
        k += Utf8.charCount(b, i, stop);
        i = stop;
        memoFrom = from;
        memoTo = i;
        memoCount = k;
        return k;
    }

    private int memoFrom = -1, memoTo, memoCount;

    /** An error pointing at the character at byte offset {@code p} (CPython offset = its column + 1). */
    private void errAt(String type, String msg, int p, int end) {
        int ln = source.lines().line(Math.min(p, n));
        int ls = source.lines().lineStart(ln);
        err(type, msg, ln, charCount(ls, p) + 1, p, Math.min(Math.max(end, p), n));
    }

    /** An error at CPython's tok->cur: points at the last character read. Always returns false. */
    private boolean errCur(String msg) {
        int at = Math.max(cur - 1, 0);
        int ln = source.lines().line(at);
        int ls = source.lines().lineStart(ln);
        err("SyntaxError", msg, ln, Math.max(1, charCount(ls, cur)), at, cur);
        return false;
    }

    private void err(String type, String msg, int line, int column, int start, int end) {
        if (out.errors().size() >= MAX_ERRORS) return;
        out.errors().add(new PySyntaxError(type, msg, line, column, Math.min(start, n), Math.min(end, n)));
    }
}
