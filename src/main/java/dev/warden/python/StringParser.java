package dev.warden.python;

import static dev.warden.python.TokenKind.*;

import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adjacent string literals: plain strings and bytes become one {@code Constant}; when an
 * f-string is among them the result is a {@code JoinedStr} whose adjacent literal pieces are
 * merged, each merged piece spanning from its first to its last source piece, as CPython does.
 */
final class StringParser {
    private final ExpressionParser p;

    StringParser(ExpressionParser parser) { this.p = parser; }

    /** A literal piece of a JoinedStr before merging: text, source range, and 'u' kind. */
    private record Piece(String text, int start, int end, boolean u, int[] codePoints) {
        Piece(String text, int start, int end, boolean u) { this(text, start, end, u, null); }

        int[] points() { return codePoints != null ? codePoints : text.codePoints().toArray(); }
    }

    /**
     * Char indexes (into the text being decoded) of surrogates that came from escapes; they stay
     * separate code points even when a high one is followed by a low one.
     */
    static final class Surrogates {
        private int[] at = new int[4];
        private int n;

        void add(int index) {
            if (n == at.length) at = java.util.Arrays.copyOf(at, n * 2);
            at[n++] = index;
        }

        private boolean escaped(int index) { return java.util.Arrays.binarySearch(at, 0, n, index) >= 0; }

        /** The text as Python code points, or null when no escape produced a surrogate. */
        int[] codePoints(String text) {
            if (n == 0) return null;
            int[] out = new int[text.length()];
            int count = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                        && !escaped(i) && !escaped(i + 1)) {
                    out[count++] = Character.toCodePoint(c, text.charAt(++i));
                } else {
                    out[count++] = c;
                }
            }
            n = 0;
            return java.util.Arrays.copyOf(out, count);
        }
    }

    private final Surrogates surrogates = new Surrogates();

    /** CPython refuses f-strings nested this deep. */
    private static final int MAX_FSTRING_NESTING = 150;
    private int fstringNesting;

    Expr strings() {
        int s = p.tokStart();
        boolean anyFString = false, anyBytes = false, anyStr = false, firstU = false;
        List<Object> parts = new ArrayList<>(); // Piece or Expr.FormattedValue
        StringBuilder plain = new StringBuilder();
        boolean anyCodePoints = false;
        List<Piece> plainPieces = new ArrayList<>();
        ByteArrayOutputStream bytes = null;
        boolean first = true;
        while (p.at(STRING) || p.at(FSTRING_START)) {
            int ts = p.tokStart();
            if (p.at(STRING)) {
                int te = p.tokEnd();
                Literal lit = Literal.decode(p, ts, te, surrogates);
                p.advance();
                if (first) firstU = lit.u;
                if (lit.bytes != null) {
                    anyBytes = true;
                    if (bytes == null) bytes = new ByteArrayOutputStream();
                    bytes.write(lit.bytes, 0, lit.bytes.length);
                } else {
                    anyStr = true;
                    plain.append(lit.text);
                    Piece piece = new Piece(lit.text, ts, te, lit.u, lit.codePoints);
                    anyCodePoints |= lit.codePoints != null;
                    plainPieces.add(piece);
                    if (!lit.text.isEmpty()) parts.add(piece);
                }
            } else {
                anyFString = true;
                anyStr = true;
                fstring(parts);
            }
            first = false;
            if (anyBytes && anyStr) throw p.error("cannot mix bytes and nonbytes literals", s, p.prevEnd());
        }
        int e = p.prevEnd();
        if (anyBytes) return new Expr.Constant(new ConstValue.Bytes(bytes.toByteArray()), null, s, e);
        if (!anyFString) {
            return new Expr.Constant(new ConstValue.Str(plain.toString(), anyCodePoints ? joinPoints(plainPieces) : null), firstU ? "u" : null, s, e);
        }
        return new Expr.JoinedStr(merge(parts), s, e);
    }

    private static int[] joinPoints(List<Piece> pieces) {
        int[][] all = new int[pieces.size()][];
        int total = 0;
        for (int i = 0; i < all.length; i++) total += (all[i] = pieces.get(i).points()).length;
        int[] out = new int[total];
        int at = 0;
        for (int[] a : all) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /** Merges runs of literal pieces into single Constants. */
    private static List<Expr> merge(List<Object> parts) {
        List<Expr> values = new ArrayList<>();
        int i = 0;
        while (i < parts.size()) {
            Object o = parts.get(i);
            if (o instanceof Piece) {
                Piece firstPiece = (Piece) o;
                StringBuilder text = new StringBuilder(firstPiece.text);
                int end = firstPiece.end;
                boolean codePoints = firstPiece.codePoints != null;
                int j = i + 1;
                while (j < parts.size() && parts.get(j) instanceof Piece) {
                    Piece next = (Piece) parts.get(j);
                    text.append(next.text);
                    codePoints |= next.codePoints != null;
                    end = next.end;
                    j++;
                }
                if (text.length() > 0) {
                    int[] points = null;
                    if (codePoints) {
                        List<Piece> run = new ArrayList<>();
                        for (int k = i; k < j; k++) run.add((Piece) parts.get(k));
                        points = joinPoints(run);
                    }
                    values.add(new Expr.Constant(new ConstValue.Str(text.toString(), points), firstPiece.u ? "u" : null, firstPiece.start, end));
                }
                i = j;
            } else {
                values.add((Expr) o);
                i++;
            }
        }
        return values;
    }

    /** One f-string, FSTRING_START ... FSTRING_END, appending its pieces. */
    private void fstring(List<Object> parts) {
        int ts = p.tokStart(), te = p.tokEnd();
        boolean raw = false;
        for (int i = ts; i < te; i++) if (p.src[i] == 'r' || p.src[i] == 'R') raw = true;
        if (fstringNesting + 1 >= MAX_FSTRING_NESTING) throw p.error("too many nested f-strings", te - 1, te);
        p.enter();
        fstringNesting++;
        try {
            p.advance();
            while (!p.at(FSTRING_END)) {
                if (p.at(FSTRING_MIDDLE)) {
                    literalText(parts, raw, true);
                } else if (p.at(LBRACE)) {
                    replacementField(parts, raw);
                } else {
                    throw p.at(ENDMARKER) || p.at(NEWLINE) || p.at(ERRORTOKEN) ? p.invalidSyntax() : p.error("f-string: expecting '}'", p.tokStart(), p.tokEnd());
                }
            }
            p.advance();
        } finally {
            fstringNesting--;
            p.leave();
        }
    }

    /** An FSTRING_MIDDLE token; {@code braces} undoes brace doubling (not done in format specs). */
    private void literalText(List<Object> parts, boolean raw, boolean braces) {
        int ms = p.tokStart(), me = p.tokEnd();
        String text = Literal.decodeText(p, ms, me, raw, braces, surrogates);
        int[] points = surrogates.codePoints(text);
        p.advance();
        if (!text.isEmpty()) parts.add(new Piece(text, ms, me, false, points));
    }

    /** '{' expression ['='] ['!' NAME] [':' spec] '}' */
    private void replacementField(List<Object> parts, boolean raw) {
        int open = p.tokStart();
        int exprStart = p.tokEnd();
        p.advance();
        if (p.at(RBRACE)) throw p.error("f-string: valid expression required before '}'", p.tokStart(), p.tokEnd());
        if (p.at(EQUAL) || p.at(EXCLAMATION) || p.at(COLON)) {
            throw p.error("f-string: valid expression required before '" + p.kind().text + "'", p.tokStart(), p.tokEnd());
        }
        Expr value = p.at(YIELD) ? p.yieldExpression() : p.starExpressions();
        boolean debug = false;
        if (p.at(EQUAL)) {
            debug = true;
            p.advance();
        }
        int debugEnd = p.tokStart();
        int conversion = -1;
        if (p.at(EXCLAMATION)) {
            p.advance();
            if (!p.at(NAME)) throw p.error("f-string: missing conversion character", p.tokStart(), p.tokEnd());
            String c = p.nameText(p.pos);
            if (c.length() != 1 || "sra".indexOf(c.charAt(0)) < 0) {
                throw p.error("f-string: invalid conversion character '" + c + "': expected 's', 'r', or 'a'", p.tokStart(), p.tokEnd());
            }
            conversion = c.charAt(0);
            p.advance();
        }
        Expr.JoinedStr spec = null;
        if (p.at(COLON)) {
            int ss = p.tokStart();
            p.advance();
            List<Object> specParts = new ArrayList<>();
            while (p.at(FSTRING_MIDDLE) || p.at(LBRACE)) {
                if (p.at(FSTRING_MIDDLE)) {
                    literalText(specParts, raw, false);
                } else {
                    replacementField(specParts, raw);
                }
            }
            spec = new Expr.JoinedStr(merge(specParts), ss, p.prevEnd());
        }
        if (!p.at(RBRACE)) {
            throw p.error("f-string: expecting '}'", p.tokStart(), p.tokEnd());
        }
        p.advance();
        if (debug) {
            parts.add(new Piece(debugText(exprStart, debugEnd), exprStart, debugEnd, false));
            if (conversion == -1 && spec == null) conversion = 'r';
        }
        parts.add(new Expr.FormattedValue(value, conversion, spec, open, p.prevEnd()));
    }

    /** The source of a {@code {expr=}} field as CPython echoes it: comments left out. */
    private String debugText(int start, int end) {
        Tokens t = p.tokens;
        StringBuilder sb = null;
        int from = start;
        for (int i = 0; i < t.commentCount(); i++) {
            int cs = t.commentStart(i);
            if (cs < start || cs >= end) continue;
            if (sb == null) sb = new StringBuilder();
            sb.append(p.source.text(from, cs));
            from = t.commentEnd(i);
        }
        if (sb == null) return p.source.text(start, end);
        return sb.append(p.source.text(from, end)).toString();
    }

    /** A decoded STRING token. */
    static final class Literal {
        String text;
        int[] codePoints;
        byte[] bytes;
        boolean u;

        static Literal decode(ParserBase p, int start, int end, Surrogates surrogates) {
            byte[] src = p.src;
            int i = start;
            boolean raw = false, isBytes = false, u = false;
            while (src[i] != '\'' && src[i] != '"') {
                switch (src[i]) {
                    case 'r': case 'R': raw = true; break;
                    case 'b': case 'B': isBytes = true; break;
                    case 'u': case 'U': u = true; break;
                    default: break;
                }
                i++;
            }
            byte q = src[i];
            int quoteLen = (i + 2 < end && src[i + 1] == q && src[i + 2] == q && end - i >= 6) ? 3 : 1;
            int bodyStart = i + quoteLen, bodyEnd = end - quoteLen;
            Literal lit = new Literal();
            lit.u = u;
            if (isBytes) lit.bytes = decodeBytes(p, bodyStart, bodyEnd, raw, start);
            else {
                lit.text = decodeText(p, bodyStart, bodyEnd, raw, false, surrogates);
                lit.codePoints = surrogates.codePoints(lit.text);
            }
            return lit;
        }

        /** Decodes string text; {@code braces} undoes f-string brace doubling. */
        static String decodeText(ParserBase p, int start, int end, boolean raw, boolean braces, Surrogates surrogates) {
            byte[] src = p.src;
            boolean simple = true;
            for (int i = start; i < end; i++) {
                byte b = src[i];
                if (b == '\\' || b == '\r' || b < 0 || (braces && (b == '{' || b == '}'))) { simple = false; break; }
            }
            if (simple) return new String(src, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            StringBuilder sb = new StringBuilder(end - start);
            int i = start;
            while (i < end) {
                int b = src[i] & 0xFF;
                if (b == '\r') {
                    sb.append('\n');
                    i += (i + 1 < end && src[i + 1] == '\n') ? 2 : 1;
                } else if (braces && (b == '{' || b == '}') && i + 1 < end && src[i + 1] == b) {
                    sb.append((char) b);
                    i += 2;
                } else if (b == '\\' && !raw && i + 1 < end) {
                    i = escape(p, sb, i, end, surrogates);
                } else if (b == '\\' && raw && i + 1 < end) {
                    // a raw string keeps the backslash and the character after it, quotes included
                    sb.append('\\');
                    i++;
                } else if (b < 0x80) {
                    sb.append((char) b);
                    i++;
                } else {
                    i += appendCodePoint(sb, src, i);
                }
            }
            return sb.toString();
        }

        /** Appends the UTF-8 (or CR/LF-normalized) character at i; returns its byte length. */
        private static int appendCodePoint(StringBuilder sb, byte[] src, int i) {
            int b = src[i] & 0xFF;
            if (b == '\r') {
                sb.append('\n');
                return (i + 1 < src.length && src[i + 1] == '\n') ? 2 : 1;
            }
            if (b < 0x80) { sb.append((char) b); return 1; }
            int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            int cp = b & (0xFF >> (n + 1));
            for (int k = 1; k < n; k++) cp = (cp << 6) | (i + k < src.length ? src[i + k] & 0x3F : 0);
            // only reachable for bytes the decoder already rejected; never throw on them
            sb.appendCodePoint(Character.isValidCodePoint(cp) ? cp : 0xFFFD);
            return n;
        }

        private static int escape(ParserBase p, StringBuilder sb, int i, int end, Surrogates surrogates) {
            byte[] src = p.src;
            int c = src[i + 1] & 0xFF;
            switch (c) {
                case '\n': return i + 2;
                case '\r': return (i + 2 < end && src[i + 2] == '\n') ? i + 3 : i + 2;
                case '\\': sb.append('\\'); return i + 2;
                case '\'': sb.append('\''); return i + 2;
                case '"': sb.append('"'); return i + 2;
                case 'a': sb.append('\u0007'); return i + 2;
                case 'b': sb.append('\b'); return i + 2;
                case 'f': sb.append('\f'); return i + 2;
                case 'n': sb.append('\n'); return i + 2;
                case 'r': sb.append('\r'); return i + 2;
                case 't': sb.append('\t'); return i + 2;
                case 'v': sb.append('\u000b'); return i + 2;
                case 'x': return hexEscape(p, sb, i, end, 2, 'x', surrogates);
                case 'u': return hexEscape(p, sb, i, end, 4, 'u', surrogates);
                case 'U': return hexEscape(p, sb, i, end, 8, 'U', surrogates);
                case 'N': {
                    int close = -1;
                    if (i + 2 < end && src[i + 2] == '{') {
                        for (int k = i + 3; k < end; k++) if (src[k] == '}') { close = k; break; }
                    }
                    if (close < 0) throw p.error("(unicode error) 'unicodeescape' codec can't decode bytes in position "
                            + 0 + "-" + 1 + ": malformed \\N character escape", i, end);
                    String name = new String(src, i + 3, close - i - 3, java.nio.charset.StandardCharsets.UTF_8);
                    int cp = UnicodeNames.lookup(name);
                    if (cp < 0) throw p.error("(unicode error) 'unicodeescape' codec can't decode bytes in position "
                            + 0 + "-" + (close - i) + ": unknown Unicode character name", i, end);
                    sb.appendCodePoint(cp);
                    return close + 1;
                }
                default:
                    if (c >= '0' && c <= '7') {
                        int v = 0, k = i + 1;
                        while (k < end && k < i + 4 && src[k] >= '0' && src[k] <= '7') v = v * 8 + (src[k++] - '0');
                        sb.appendCodePoint(v);
                        return k;
                    }
                    sb.append('\\');
                    return i + 1;
            }
        }

        private static int hexEscape(ParserBase p, StringBuilder sb, int i, int end, int digits, char letter, Surrogates surrogates) {
            int v = 0;
            for (int k = 0; k < digits; k++) {
                int idx = i + 2 + k;
                int d = idx < end ? Character.digit(p.src[idx], 16) : -1;
                if (d < 0) {
                    throw p.error("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-" + (k + 1)
                            + ": truncated \\" + letter + repeat('X', digits) + " escape", i, end);
                }
                v = v * 16 + d;
            }
            if (v > 0x10FFFF) throw p.error("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-"
                    + (digits + 1) + ": illegal Unicode character", i, end);
            if (v >= 0xD800 && v <= 0xDFFF) surrogates.add(sb.length());
            if (Character.isBmpCodePoint(v)) sb.append((char) v);
            else sb.appendCodePoint(v);
            return i + 2 + digits;
        }

        private static String repeat(char c, int n) { return String.valueOf(c).repeat(n); }

        static byte[] decodeBytes(ParserBase p, int start, int end, boolean raw, int tokenStart) {
            byte[] src = p.src;
            ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
            int i = start;
            while (i < end) {
                int b = src[i] & 0xFF;
                if (b >= 0x80) throw p.error("bytes can only contain ASCII literal characters", tokenStart, end);
                if (b == '\r') {
                    out.write('\n');
                    i += (i + 1 < end && src[i + 1] == '\n') ? 2 : 1;
                    continue;
                }
                if (b != '\\' || i + 1 >= end) { out.write(b); i++; continue; }
                if (raw) {
                    out.write('\\');
                    i++;
                    int n = src[i];
                    if (n == '\r') continue;
                    out.write(n);
                    i++;
                    continue;
                }
                int c = src[i + 1] & 0xFF;
                i += 2;
                switch (c) {
                    case '\n': break;
                    case '\r': if (i < end && src[i] == '\n') i++; break;
                    case '\\': out.write('\\'); break;
                    case '\'': out.write('\''); break;
                    case '"': out.write('"'); break;
                    case 'a': out.write(7); break;
                    case 'b': out.write(8); break;
                    case 'f': out.write(12); break;
                    case 'n': out.write(10); break;
                    case 'r': out.write(13); break;
                    case 't': out.write(9); break;
                    case 'v': out.write(11); break;
                    case 'x': {
                        int h1 = i < end ? Character.digit(src[i], 16) : -1;
                        int h2 = i + 1 < end ? Character.digit(src[i + 1], 16) : -1;
                        if (h1 < 0 || h2 < 0) throw p.error("(value error) invalid \\x escape at position 0", start, end);
                        out.write(h1 * 16 + h2);
                        i += 2;
                        break;
                    }
                    default:
                        if (c >= '0' && c <= '7') {
                            int v = c - '0', k = 1;
                            while (k < 3 && i < end && src[i] >= '0' && src[i] <= '7') { v = v * 8 + (src[i++] - '0'); k++; }
                            out.write(v & 0xFF);
                        } else {
                            out.write('\\');
                            out.write(c);
                        }
                }
            }
            return out.toByteArray();
        }
    }
}
