package dev.warden.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SourceDecoderTest {

    static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = (byte) b[i];
        return r;
    }

    static byte[] cat(String a, byte[] mid, String b) {
        byte[] x = a.getBytes(StandardCharsets.ISO_8859_1), z = b.getBytes(StandardCharsets.ISO_8859_1);
        byte[] r = Arrays.copyOf(x, x.length + mid.length + z.length);
        System.arraycopy(mid, 0, r, x.length, mid.length);
        System.arraycopy(z, 0, r, x.length + mid.length, z.length);
        return r;
    }

    static String text(SourceDecoder.Decoded d) {
        return d.source().text(0, d.source().length());
    }

    static SourceDecoder.Decoded ok(byte[] raw) {
        SourceDecoder.Decoded d = SourceDecoder.decode("t.py", raw);
        assertNull(d.error(), () -> String.valueOf(d.error()));
        return d;
    }

    static void error(byte[] raw, String message, int line, int column) {
        SourceDecoder.Decoded d = SourceDecoder.decode("t.py", raw);
        assertNotNull(d.error(), "expected an error");
        assertNotNull(d.source());
        assertEquals("SyntaxError: " + message + " @" + line + ":" + column,
                d.error().type() + ": " + d.error().message() + " @" + d.error().line() + ":" + d.error().column());
    }

    @Test
    void validUtf8IsNotCopied() {
        byte[] raw = "x = 'héllo €'\n".getBytes(StandardCharsets.UTF_8);
        SourceDecoder.Decoded d = ok(raw);
        assertSame(raw, d.source().bytes());
        assertEquals(raw.length, d.source().length());
        assertSame(raw, ok(new byte[0]).source().bytes().length == 0 ? raw : raw);
        assertEquals("t.py", d.source().path());
    }

    @Test
    void bomIsStripped() {
        SourceDecoder.Decoded d = ok(cat("", bytes(0xEF, 0xBB, 0xBF), "x = 1\n"));
        assertEquals("x = 1\n", text(d));
        assertEquals("# coding: utf-8\n", text(ok(cat("", bytes(0xEF, 0xBB, 0xBF), "# coding: utf-8\n"))));
        assertEquals("# coding: UTF_8\n", text(ok(cat("", bytes(0xEF, 0xBB, 0xBF), "# coding: UTF_8\n"))));
    }

    @Test
    void latin1Cookie() {
        SourceDecoder.Decoded d = ok(cat("# -*- coding: latin-1 -*-\nx = '", bytes(0xE9), "'\n"));
        assertEquals("# -*- coding: latin-1 -*-\nx = 'é'\n", text(d));
        assertEquals("# coding: latin_1\n'é'", text(ok(cat("# coding: latin_1\n'", bytes(0xE9), "'"))));
        assertEquals("#coding=iso-8859-1-foo\n'é'", text(ok(cat("#coding=iso-8859-1-foo\n'", bytes(0xE9), "'"))));
    }

    @Test
    void cookieOnSecondLine() {
        byte[] raw = cat("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\nx = '", bytes(0xA4), "'\n");
        assertEquals("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\nx = '€'\n", text(ok(raw)));
        assertEquals("\n# coding: cp1252\nx = '€'\n", text(ok(cat("\n# coding: cp1252\nx = '", bytes(0x80), "'\n"))));
        // not on line 2 when line 1 is code: stays UTF-8, and 0xE9 then is invalid
        error(cat("x = 1\n# coding: latin-1\nx = '", bytes(0xE9), "'\n"),
                "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data", 3, 5);
        // not on line 3
        error(cat("#\n#\n# coding: latin-1\nx = '", bytes(0xE9), "'\n"),
                "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data", 4, 5);
    }

    @Test
    void otherEncodings() {
        assertEquals("# coding: euc_jp\n'あ'", text(ok(cat("# coding: euc_jp\n'", bytes(0xA4, 0xA2), "'"))));
        assertEquals("# coding=utf_8\nx=1", text(ok("# coding=utf_8\nx=1".getBytes(StandardCharsets.UTF_8))));
        error(cat("#coding:ascii\n'", bytes(0xE9), "'"),
                "'ascii' codec can't decode byte 0xe9 in position 15: ordinal not in range(128)", 1, 1);
    }

    @Test
    void cookieNames() {
        assertEquals("utf-8", SourceDecoder.normalName("UTF_8"));
        assertEquals("utf-8", SourceDecoder.normalName("utf-8-sig"));
        assertEquals("iso-8859-1", SourceDecoder.normalName("Latin-1"));
        assertEquals("iso-8859-1", SourceDecoder.normalName("iso_latin_1"));
        assertEquals("utf8", SourceDecoder.normalName("utf8"));
        assertEquals("latin-1", SourceDecoder.cookie("# -*- coding: latin-1 -*-".getBytes(), 0, 25));
        assertNull(SourceDecoder.cookie("x = 1 # coding: latin-1".getBytes(), 0, 23));
        assertNull(SourceDecoder.cookie("# coding latin-1".getBytes(), 0, 16));
    }

    @Test
    void encodingErrors() {
        error(cat("", bytes(0xEF, 0xBB, 0xBF), "# coding: latin-1\n"), "encoding problem: iso-8859-1 with BOM", 1, 1);
        error(cat("", bytes(0xEF, 0xBB, 0xBF), "# coding: utf8\n"), "encoding problem: utf8 with BOM", 1, 1);
        error("# coding: foo\n".getBytes(StandardCharsets.UTF_8), "unknown encoding: foo", 1, 1);
        error("#!python\n# coding: foo\n".getBytes(StandardCharsets.UTF_8), "unknown encoding: foo", 2, 1);
    }

    @Test
    void invalidUtf8AsCPythonReportsIt() {
        error(bytes(0xFF), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 1);
        error(cat("x = 1\n", bytes(0xFF), "\n"),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 2, 1);
        error(cat("x='", bytes(0xFF), "'"),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 3);
        error(cat("\n\n\nx = '", bytes(0xC3, 0xA9, 0xFF), "'"),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte", 4, 5);
        error(cat("ab", bytes(0xFF), ""),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte", 1, 3);
        error(cat("x = ab", bytes(0xFF), "cd"),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte", 1, 7);
        error(cat("'", bytes(0xE2, 0x82), "'"),
                "(unicode error) 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data", 1, 1);
        error(cat("'a", bytes(0xE2, 0x82), "x'"),
                "(unicode error) 'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte", 1, 1);
        error(cat("x = '", bytes(0xED, 0xA0, 0x80), "'"),
                "(unicode error) 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte", 1, 5);
        error(cat("'''\n\n", bytes(0xFF), "'''"),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte", 1, 1);
        error(cat("u'", bytes(0xFF), "'"),
                "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 1);
        // CPython never decodes comments
        ok(cat("# c ", bytes(0xFF), "\nx"));
        ok(cat("x = 1 # ", bytes(0xFF), ""));
    }

    @Test
    void validatesStrictly() {
        assertEquals(-1, SourceDecoder.firstInvalidUtf8("aé€😀".getBytes(StandardCharsets.UTF_8), 10));
        assertEquals(0, SourceDecoder.firstInvalidUtf8(bytes(0xC0, 0x80), 2)); // overlong
        assertEquals(0, SourceDecoder.firstInvalidUtf8(bytes(0xED, 0xA0, 0x80), 3)); // surrogate
        assertEquals(0, SourceDecoder.firstInvalidUtf8(bytes(0xF4, 0x90, 0x80, 0x80), 4)); // > U+10FFFF
        assertEquals(1, SourceDecoder.firstInvalidUtf8(bytes('a', 0xE2, 0x82), 3)); // truncated
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), ok("x".getBytes(StandardCharsets.UTF_8)).source().bytes());
    }
}
