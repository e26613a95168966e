package dev.warden.python;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns the raw bytes of a Python file into a {@link Source} of UTF-8 bytes the way CPython reads
 * source: a UTF-8 BOM is dropped, a PEP 263 coding cookie on line 1 or 2 selects the encoding,
 * other encodings are transcoded to UTF-8, and UTF-8 is validated.
 */
public final class SourceDecoder {
    private SourceDecoder() {}

    /** The decoded source, and the error CPython would raise while decoding it (null if none). */
    public record Decoded(Source source, PySyntaxError error) {}

    public static Decoded decode(String path, byte[] raw) {
        int n = raw.length;
        boolean bom = n >= 3 && (raw[0] & 0xff) == 0xEF && (raw[1] & 0xff) == 0xBB && (raw[2] & 0xff) == 0xBF;
        int off = bom ? 3 : 0;

        // PEP 263 cookie on line 1, or on line 2 if line 1 is blank or a comment.
        String cookie = null;
        int cookieLine = 0;
        int l1End = lineEnd(raw, off);
        cookie = cookie(raw, off, l1End);
        if (cookie != null) {
            cookieLine = 1;
        } else if (blankOrComment(raw, off, l1End)) {
            int l2Start = nextLine(raw, l1End);
            if (l2Start < n) {
                cookie = cookie(raw, l2Start, lineEnd(raw, l2Start));
                if (cookie != null) cookieLine = 2;
            }
        }

        if (cookie != null) {
            String normal = normalName(cookie);
            if (bom && !normal.equals("utf-8")) {
                return new Decoded(utf8Source(path, raw, off),
                        new PySyntaxError("SyntaxError", "encoding problem: " + normal + " with BOM", cookieLine, 1, 0, 0));
            }
            if (!normal.equals("utf-8")) {
                Charset cs = charset(normal);
                if (cs == null) {
                    return new Decoded(utf8Source(path, raw, off),
                            new PySyntaxError("SyntaxError", "unknown encoding: " + cookie, cookieLine, 1, 0, 0));
                }
                if (!cs.equals(StandardCharsets.UTF_8)) {
                    CharsetDecoder dec = cs.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                    ByteBuffer in = ByteBuffer.wrap(raw, off, n - off);
                    CharBuffer chars = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                            (long) (n - off) * (long) Math.ceil(dec.maxCharsPerByte()) + 16));
                    CoderResult r = dec.decode(in, chars, true);
                    if (!r.isError()) r = dec.flush(chars);
                    if (r.isError()) {
                        int at = in.position();
                        String text = new String(raw, off, n - off, cs);
                        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                        String why = cs.equals(StandardCharsets.US_ASCII) ? ": ordinal not in range(128)" : "";
                        return new Decoded(new Source(path, utf8, utf8.length),
                                new PySyntaxError("SyntaxError", String.format("'%s' codec can't decode byte 0x%02x in position %d%s",
                                        cookie.toLowerCase(Locale.ROOT), raw[at] & 0xff, at, why), 1, 1, at, at + 1));
                    }
                    chars.flip();
                    byte[] utf8 = chars.toString().getBytes(StandardCharsets.UTF_8);
                    Source source = new Source(path, utf8, utf8.length);
                    int nul = firstProblemByte(utf8, utf8.length, 0, true);
                    return new Decoded(source, nul >= 0 ? nulError(source, nul) : null);
                }
            }
        }

        Source source = utf8Source(path, raw, off);
        // one pass finds both what CPython refuses outright (NUL) and what it fails to decode
        int bad = firstProblemByte(source.bytes(), source.length(), 0, true);
        if (bad < 0) return new Decoded(source, null);
        if (source.bytes()[bad] == 0) return new Decoded(source, nulError(source, bad));
        return new Decoded(source, invalidUtf8Error(source, bad));
    }

    private static Source utf8Source(String path, byte[] raw, int off) {
        if (off == 0) return new Source(path, raw, raw.length);
        byte[] copy = Arrays.copyOfRange(raw, off, raw.length);
        return new Source(path, copy, copy.length);
    }

    private static int lineEnd(byte[] b, int p) {
        while (p < b.length && b[p] != '\n' && b[p] != '\r') p++;
        return p;
    }

    private static int nextLine(byte[] b, int end) {
        if (end < b.length && b[end] == '\r') {
            end++;
            if (end < b.length && b[end] == '\n') end++;
        } else if (end < b.length && b[end] == '\n') {
            end++;
        }
        return end;
    }

    private static boolean isWs(byte c) { return c == ' ' || c == '\t' || c == '\f'; }

    private static boolean blankOrComment(byte[] b, int s, int e) {
        while (s < e && isWs(b[s])) s++;
        return s == e || b[s] == '#';
    }

    /** CPython's get_coding_spec over one line; null if the line holds no cookie. */
    static String cookie(byte[] b, int s, int e) {
        int p = s;
        while (p < e && isWs(b[p])) p++;
        if (p >= e || b[p] != '#') return null;
        for (int i = p + 1; i + 6 < e; i++) {
            if (b[i] == 'c' && b[i + 1] == 'o' && b[i + 2] == 'd' && b[i + 3] == 'i' && b[i + 4] == 'n'
                    && b[i + 5] == 'g' && (b[i + 6] == ':' || b[i + 6] == '=')) {
                int t = i + 7;
                while (t < e && (b[t] == ' ' || b[t] == '\t')) t++;
                int begin = t;
                while (t < e && (isAlnum(b[t]) || b[t] == '-' || b[t] == '_' || b[t] == '.')) t++;
                if (t > begin) return new String(b, begin, t - begin, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static boolean isAlnum(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** CPython's get_normal_name: utf-8 and latin-1 spellings to their canonical names. */
    static String normalName(String s) {
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < s.length() && i < 12; i++) {
            char c = s.charAt(i);
            sb.append(c == '_' ? '-' : Character.toLowerCase(c));
        }
        String buf = sb.toString();
        if (buf.equals("utf-8") || buf.startsWith("utf-8-")) return "utf-8";
        if (buf.equals("latin-1") || buf.equals("iso-8859-1") || buf.equals("iso-latin-1")
                || buf.startsWith("latin-1-") || buf.startsWith("iso-8859-1-") || buf.startsWith("iso-latin-1-")) {
            return "iso-8859-1";
        }
        return s;
    }

    /** Resolves a Python codec name to a Java charset, or null if unknown. */
    static Charset charset(String name) {
        String k = name.toLowerCase(Locale.ROOT).replace(' ', '_');
        switch (k) {
            case "utf8": case "u8": case "utf": case "cp65001": return StandardCharsets.UTF_8;
            case "latin": case "latin1": case "l1": case "8859": case "cp819": return StandardCharsets.ISO_8859_1;
            case "ascii": case "us_ascii": case "646": case "us-ascii": return StandardCharsets.US_ASCII;
            default: break;
        }
        String[] candidates = {k, k.replace('_', '-'), k.replace('-', '_'),
                k.startsWith("cp") ? "windows-" + k.substring(2) : k,
                k.startsWith("iso8859") ? "iso-8859" + k.substring(7) : k};
        for (String c : candidates) {
            try {
                if (Charset.isSupported(c)) return Charset.forName(c);
            } catch (IllegalArgumentException e) {
                // illegal charset name: try the next spelling
            }
        }
        return null;
    }

    /** Offset of the first byte of the first invalid UTF-8 sequence (Python's strict rules), or -1. */
    static int firstInvalidUtf8(byte[] b, int n) { return firstProblemByte(b, n, 0, false); }

    /** CPython refuses any NUL byte in source, even inside a string or a comment. */
    private static PySyntaxError nulError(Source source, int at) {
        LineIndex li = source.lines();
        int ln = li.line(at);
        return new PySyntaxError("SyntaxError", "source code cannot contain null bytes", ln,
                Utf8.charCount(source.bytes(), li.lineStart(ln), at) + 1, at, at + 1);
    }

    /** Length of the valid UTF-8 sequence at i (lead byte >= 0x80), or 0 if invalid. */
    private static int validSequence(byte[] b, int i, int n) {
        int c = b[i] & 0xff;
        if (c >= 0xC2 && c <= 0xDF) {
            return i + 1 < n && (b[i + 1] & 0xC0) == 0x80 ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= n) return 0;
            int d = b[i + 1] & 0xff;
            int lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (d < lo || d > hi || (b[i + 2] & 0xC0) != 0x80) return 0;
            return 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= n) return 0;
            int d = b[i + 1] & 0xff;
            int lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (d < lo || d > hi || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80) return 0;
            return 4;
        }
        return 0;
    }

    /**
     * CPython only notices invalid UTF-8 when it decodes a token: inside an identifier it points at
     * the bad byte, inside a string at the string; bytes in comments go unnoticed. The message is
     * Python's UnicodeDecodeError text, positions relative to the decoded part of the token.
     */
    private static PySyntaxError invalidUtf8Error(Source source, int bad) {
        Tokens toks = Lexer.lex(source, false);
        byte[] b = source.bytes();
        int n = source.length();
        int i = 0;
        while (bad >= 0) {
            while (i < toks.size() && toks.end(i) <= bad) i++;
            if (i < toks.size() && toks.start(i) <= bad) {
                int s = toks.start(i), e = toks.end(i);
                TokenKind k = toks.kind(i);
                LineIndex li = source.lines();
                if (k == TokenKind.STRING || k == TokenKind.FSTRING_MIDDLE) {
                    int body = s, bodyEnd = e;
                    if (k == TokenKind.STRING) {
                        while (b[body] != '\'' && b[body] != '"') body++;
                        int q = b[body];
                        int qs = body + 2 < e && b[body + 1] == q && b[body + 2] == q && e - body >= 6 ? 3 : 1;
                        body += qs;
                        bodyEnd = Math.max(body, e - qs);
                    }
                    int ln = li.line(s);
                    return new PySyntaxError("SyntaxError", "(unicode error) " + decodeMessage(b, bad, body, bodyEnd),
                            ln, Utf8.charCount(b, li.lineStart(ln), s) + 1, s, e);
                }
                if (k == TokenKind.NAME || k == TokenKind.ERRORTOKEN) {
                    int ln = li.line(bad);
                    return new PySyntaxError("SyntaxError", "(unicode error) " + decodeMessage(b, bad, s, e),
                            ln, Utf8.charCount(b, li.lineStart(ln), bad) + 1, bad, bad + 1);
                }
            }
            // In a comment or otherwise never decoded by CPython: look for the next invalid byte.
            bad = firstProblemByte(b, n, bad + 1, true);
            if (bad >= 0 && b[bad] == 0) return nulError(source, bad);
        }
        return null;
    }

    /** Offset of the first invalid UTF-8 sequence at or after {@code from} (or of the first NUL, if asked), or -1. */
    private static int firstProblemByte(byte[] b, int n, int from, boolean nul) {
        int i = from;
        while (i < n && (b[i] & 0xC0) == 0x80) i++;
        while (i < n) {
            if (b[i] > 0) {
                i++;
                continue;
            }
            if (b[i] == 0) {
                if (nul) return i;
                i++;
                continue;
            }
            int len = validSequence(b, i, n);
            if (len <= 0) return i;
            i += len;
        }
        return -1;
    }


    /** Python's UnicodeDecodeError message for the bad sequence at {@code bad} within [start, end). */
    static String decodeMessage(byte[] b, int bad, int start, int end) {
        int c = b[bad] & 0xff;
        int need;
        int lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return String.format("'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", c, bad - start);
        }
        int k = 1;
        for (; k <= need; k++) {
            int i = bad + k;
            if (i >= end) {
                return range(b, bad, bad + k, start) + ": unexpected end of data";
            }
            int d = b[i] & 0xff;
            boolean ok = k == 1 ? d >= lo && d <= hi : (d & 0xC0) == 0x80;
            if (!ok) break;
        }
        return range(b, bad, bad + k, start) + ": invalid continuation byte";
    }

    private static String range(byte[] b, int from, int to, int start) {
        if (to - from <= 1) {
            return String.format("'utf-8' codec can't decode byte 0x%02x in position %d", b[from] & 0xff, from - start);
        }
        return String.format("'utf-8' codec can't decode bytes in position %d-%d", from - start, to - 1 - start);
    }
}
