package dev.warden.python.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PyRepr against CPython 3.13: every expected string below was printed by python3.13's repr().
 * The string cases include the first code point of every range where Java 17's Unicode tables and
 * CPython's disagree about printability.
 */
class PyReprTest {
    private static final String[][] STRINGS = {
        {"", "''"},
        {"a", "'a'"},
        {"it's", "\"it's\""},
        {"say \"hi\"", "'say \"hi\"'"},
        {"both ' and \"", "'both \\' and \"'"},
        {"back\\slash", "'back\\\\slash'"},
        {"\011\012\015", "'\\t\\n\\r'"},
        {"\000\001\037", "'\\x00\\x01\\x1f'"},
        {"\177", "'\\x7f'"},
        {"\u0080\u009f", "'\\x80\\x9f'"},
        {"\u00a0", "'\\xa0'"},
        {"\u00ad", "'\\xad'"},
        {"\u00ff", "'\u00ff'"},
        {"\u00e9", "'\u00e9'"},
        {"na\u00efve caf\u00e9", "'na\u00efve caf\u00e9'"},
        {"\u0100", "'\u0100'"},
        {"\u2028\u2029", "'\\u2028\\u2029'"},
        {"\u200b", "'\\u200b'"},
        {"\ufeff", "'\\ufeff'"},
        {"\ud83d\ude00", "'\ud83d\ude00'"},
        {"\udb40\udc01", "'\\U000e0001'"},
        {"\ud800", "'\\ud800'"},
        {"\udfff", "'\\udfff'"},
        {"a\udc00b", "'a\\udc00b'"},
        {"\u0378", "'\\u0378'"},
        {"\ue000", "'\\ue000'"},
        {"\udbff\udfff", "'\\U0010ffff'"},
        {"\udb80\udc00", "'\\U000f0000'"},
        {"\u0085", "'\\x85'"},
        {"\u061c", "'\\u061c'"},
        {"\u3000", "'\\u3000'"},
        {"\u1680", "'\\u1680'"},
        {"\u00a0x", "'\\xa0x'"},
        {"ascii ~ { }", "'ascii ~ { }'"},
        {"'", "\"'\""},
        {"\"", "'\"'"},
        {"'\"", "'\\'\"'"},
        {"\\'", "\"\\\\'\""},
        {"\u65e5\u672c\u8a9e", "'\u65e5\u672c\u8a9e'"},
        {"\ud83e\udee0", "'\ud83e\udee0'"},
        {"\u0870", "'\u0870'"},
        {"\ud807\udf00", "'\ud807\udf00'"},
        {"\ud884\udf50", "'\ud884\udf50'"},
        {"\ud87a\udff0", "'\ud87a\udff0'"},
        {"\u1fff", "'\\u1fff'"},
        {"\ud835\udc00", "'\ud835\udc00'"},
        {"\033[0m", "'\\x1b[0m'"},
        {"\udb40\udc7f", "'\\U000e007f'"},
        {"\ud840\udc00", "'\ud840\udc00'"},
        {"\ud869\udedf", "'\ud869\udedf'"},
        {"\ud869\udee0", "'\\U0002a6e0'"},
        {"\ufffd", "'\ufffd'"},
        {"\uffff", "'\\uffff'"},
        {"\ufffe", "'\\ufffe'"},
        {"\ud83c\udde6", "'\ud83c\udde6'"},
        {"\u061d", "'\u061d'"},
        {"\u0870", "'\u0870'"},
        {"\u0898", "'\u0898'"},
        {"\u08b5", "'\u08b5'"},
        {"\u08c8", "'\u08c8'"},
        {"\u0c3c", "'\u0c3c'"},
        {"\u0c5d", "'\u0c5d'"},
        {"\u0cdd", "'\u0cdd'"},
        {"\u0cf3", "'\u0cf3'"},
        {"\u0ece", "'\u0ece'"},
        {"\u170d", "'\u170d'"},
        {"\u1715", "'\u1715'"},
        {"\u171f", "'\u171f'"},
        {"\u180f", "'\u180f'"},
        {"\u1ac1", "'\u1ac1'"},
        {"\u1b4c", "'\u1b4c'"},
        {"\u1b7d", "'\u1b7d'"},
        {"\u1dfa", "'\u1dfa'"},
        {"\u20c0", "'\u20c0'"},
        {"\u2c2f", "'\u2c2f'"},
        {"\u2c5f", "'\u2c5f'"},
        {"\u2e53", "'\u2e53'"},
        {"\u2ffc", "'\u2ffc'"},
        {"\u31ef", "'\u31ef'"},
        {"\u9ffd", "'\u9ffd'"},
        {"\ua7c0", "'\ua7c0'"},
        {"\ua7d0", "'\ua7d0'"},
        {"\ua7d3", "'\ua7d3'"},
        {"\ua7d5", "'\ua7d5'"},
        {"\ua7f2", "'\ua7f2'"},
        {"\ufbc2", "'\ufbc2'"},
        {"\ufd40", "'\ufd40'"},
        {"\ufdcf", "'\ufdcf'"},
        {"\ufdfe", "'\ufdfe'"},
        {"\ud801\udd70", "'\ud801\udd70'"},
        {"\ud801\udd7c", "'\ud801\udd7c'"},
        {"\ud801\udd8c", "'\ud801\udd8c'"},
        {"\ud801\udd94", "'\ud801\udd94'"},
        {"\ud801\udd97", "'\ud801\udd97'"},
        {"\ud801\udda3", "'\ud801\udda3'"},
        {"\ud801\uddb3", "'\ud801\uddb3'"},
        {"\ud801\uddbb", "'\ud801\uddbb'"},
        {"\ud801\udf80", "'\ud801\udf80'"},
        {"\ud801\udf87", "'\ud801\udf87'"},
        {"\ud801\udfb2", "'\ud801\udfb2'"},
        {"\ud803\udefd", "'\ud803\udefd'"},
        {"\ud803\udf70", "'\ud803\udf70'"},
        {"\ud804\udc70", "'\ud804\udc70'"},
        {"\ud804\udcc2", "'\ud804\udcc2'"},
        {"\ud804\ude3f", "'\ud804\ude3f'"},
        {"\ud805\udeb9", "'\ud805\udeb9'"},
        {"\ud805\udf40", "'\ud805\udf40'"},
        {"\ud806\udeb0", "'\ud806\udeb0'"},
        {"\ud806\udf00", "'\ud806\udf00'"},
        {"\ud807\udf00", "'\ud807\udf00'"},
        {"\ud807\udf12", "'\ud807\udf12'"},
        {"\ud807\udf3e", "'\ud807\udf3e'"},
        {"\ud80b\udf90", "'\ud80b\udf90'"},
        {"\ud80d\udc2f", "'\ud80d\udc2f'"},
        {"\ud80d\udc40", "'\ud80d\udc40'"},
        {"\ud81a\ude70", "'\ud81a\ude70'"},
        {"\ud81a\udec0", "'\ud81a\udec0'"},
        {"\ud82b\udff0", "'\ud82b\udff0'"},
        {"\ud82b\udff5", "'\ud82b\udff5'"},
        {"\ud82b\udffd", "'\ud82b\udffd'"},
        {"\ud82c\udd1f", "'\ud82c\udd1f'"},
        {"\ud82c\udd32", "'\ud82c\udd32'"},
        {"\ud82c\udd55", "'\ud82c\udd55'"},
        {"\ud833\udf00", "'\ud833\udf00'"},
        {"\ud833\udf30", "'\ud833\udf30'"},
        {"\ud833\udf50", "'\ud833\udf50'"},
        {"\ud834\udde9", "'\ud834\udde9'"},
        {"\ud834\udec0", "'\ud834\udec0'"},
        {"\ud837\udf00", "'\ud837\udf00'"},
        {"\ud837\udf25", "'\ud837\udf25'"},
        {"\ud838\udc30", "'\ud838\udc30'"},
        {"\ud838\udc8f", "'\ud838\udc8f'"},
        {"\ud838\ude90", "'\ud838\ude90'"},
        {"\ud839\udcd0", "'\ud839\udcd0'"},
        {"\ud839\udfe0", "'\ud839\udfe0'"},
        {"\ud839\udfe8", "'\ud839\udfe8'"},
        {"\ud839\udfed", "'\ud839\udfed'"},
        {"\ud839\udff0", "'\ud839\udff0'"},
        {"\ud83d\udedc", "'\ud83d\udedc'"},
        {"\ud83d\udf74", "'\ud83d\udf74'"},
        {"\ud83d\udf7b", "'\ud83d\udf7b'"},
        {"\ud83d\udfd9", "'\ud83d\udfd9'"},
        {"\ud83d\udff0", "'\ud83d\udff0'"},
        {"\ud83e\udd79", "'\ud83e\udd79'"},
        {"\ud83e\uddcc", "'\ud83e\uddcc'"},
        {"\ud83e\ude75", "'\ud83e\ude75'"},
        {"\ud83e\ude7b", "'\ud83e\ude7b'"},
        {"\ud83e\ude87", "'\ud83e\ude87'"},
        {"\ud83e\udea9", "'\ud83e\udea9'"},
        {"\ud83e\udeb7", "'\ud83e\udeb7'"},
        {"\ud83e\udebf", "'\ud83e\udebf'"},
        {"\ud83e\udec3", "'\ud83e\udec3'"},
        {"\ud83e\udece", "'\ud83e\udece'"},
        {"\ud83e\uded7", "'\ud83e\uded7'"},
        {"\ud83e\udee0", "'\ud83e\udee0'"},
        {"\ud83e\udef0", "'\ud83e\udef0'"},
        {"\ud869\udede", "'\ud869\udede'"},
        {"\ud86d\udf35", "'\ud86d\udf35'"},
        {"\ud87a\udff0", "'\ud87a\udff0'"},
        {"\ud884\udf50", "'\ud884\udf50'"},
    };
    private static final Object[][] BYTES = {
        {new byte[] {}, "b''"},
        {new byte[] {39}, "b\"'\""},
        {new byte[] {34}, "b'\"'"},
        {new byte[] {39, 34}, "b'\\'\"'"},
        {new byte[] {0, -1, 127, -128, 32, 9, 10, 13, 92}, "b'\\x00\\xff\\x7f\\x80 \\t\\n\\r\\\\'"},
        {new byte[] {97, 98, 99}, "b'abc'"},
        {new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, -128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1}, "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff'"},
    };
    private static final String[][] INTS = {
        {"0", "0"},
        {"1", "1"},
        {"7", "7"},
        {"255", "255"},
        {"2147483647", "2147483647"},
        {"2147483648", "2147483648"},
        {"9223372036854775807", "9223372036854775807"},
        {"9223372036854775808", "9223372036854775808"},
        {"18446744073709551616", "18446744073709551616"},
        {"100000000000000000000000000000000000000000000000000", "100000000000000000000000000000000000000000000000000"},
        {"-5", "-5"},
        {"-1180591620717411303424", "-1180591620717411303424"},
        {"90144042682896311822508713865", "90144042682896311822508713865"},
    };
    private static final Object[][] FLOATS = {
        {0x0000000000000000L, "0.0"},
        {0x8000000000000000L, "-0.0"},
        {0x3ff0000000000000L, "1.0"},
        {0xbff0000000000000L, "-1.0"},
        {0x3fb999999999999aL, "0.1"},
        {0x3fd3333333333334L, "0.30000000000000004"},
        {0x4341c37937e08000L, "1e+16"},
        {0x430c6bf526340000L, "1000000000000000.0"},
        {0x437b69b4ba630f35L, "1.2345678901234568e+17"},
        {0x3ee4f8b588e368f1L, "1e-05"},
        {0x3f1a36e2eb1c432dL, "0.0001"},
        {0x3f50624dd2f1a9fcL, "0.001"},
        {0x3ff8000000000000L, "1.5"},
        {0x4480f0cf064dd592L, "1e+22"},
        {0x44b52d02c7e14af6L, "1e+23"},
        {0x44c52d02c7e14af6L, "2e+23"},
        {0x0000000000000001L, "5e-324"},
        {0x0010000000000000L, "2.2250738585072014e-308"},
        {0x000fffffffffffffL, "2.225073858507201e-308"},
        {0x7fefffffffffffffL, "1.7976931348623157e+308"},
        {0x4340000000000000L, "9007199254740992.0"},
        {0x0000000000000001L, "5e-324"},
        {0x3fd5555555555555L, "0.3333333333333333"},
        {0x3fe5555555555555L, "0.6666666666666666"},
        {0x4059000000000000L, "100.0"},
        {0x54b249ad2594c37dL, "1e+100"},
        {0x405edd2f1a9fbe77L, "123.456"},
        {0x4011666666666666L, "4.35"},
        {0x43b0000000000000L, "1.152921504606847e+18"},
        {0x4350000000000000L, "1.8014398509481984e+16"},
        {0x4340000000000000L, "9007199254740992.0"},
        {0x438f67ea69ed3795L, "2.82879384806159e+17"},
        {0x43b340e8548b0adbL, "1.387364135037754e+18"},
        {0x43802fe738bf80c5L, "1.45800632428665e+17"},
        {0x45300c520a43f0afL, "1.9400994884341945e+25"},
        {0x3d30000000000000L, "5.684341886080802e-14"},
        {0x4341c37937e07fffL, "9999999999999998.0"},
        {0x4376345785d8a000L, "1e+17"},
        {0x4345ee2a2eb5a5c4L, "1.2345678901234568e+16"},
        {0x3fe0000000000000L, "0.5"},
        {0x3fd0000000000000L, "0.25"},
        {0x3e7ad7f29abcaf48L, "1e-07"},
        {0x3ee9e0fcaf9380fcL, "1.234e-05"},
        {0x400921f9f01b866eL, "3.14159"},
        {0x44dfe185ca57c517L, "6.02214076e+23"},
        {0x7fe1ccf385ebc8a0L, "1e+308"},
        {0x000730d67819e8d2L, "1e-308"},
        {0x0000000000000001L, "5e-324"},
        {0x444b1ae4d6e2ef50L, "1e+21"},
        {0x3ddb7cdfd9d7bdbbL, "1e-10"},
        {0x3fd3333333333333L, "0.3"},
        {0x4004000000000000L, "2.5"},
        {0x4132d68700000000L, "1234567.0"},
        {0x44b52d02c7e14af6L, "1e+23"},
        {0x447c7e83209e90b2L, "8.41e+21"},
        {0x00005c0ab9347ed7L, "5e-310"},
        {0x3ff199999999999aL, "1.1"},
        {0x0010000000000000L, "2.2250738585072014e-308"},
        {0x0008000000000000L, "1.1125369292536007e-308"},
        {0x7fe0000000000000L, "8.98846567431158e+307"},
        {0x4630000000000000L, "1.2676506002282294e+30"},
        {0x39b0000000000000L, "7.888609052210118e-31"},
        {0x4341c37937e08001L, "1.0000000000000002e+16"},
        {0x441aabdf2145b430L, "1.23e+20"},
        {0x3f201f31f46ed246L, "0.000123"},
        {0x7ff0000000000000L, "inf"},
        {0xfff0000000000000L, "-inf"},
        {0x7ff8000000000000L, "nan"},
    };
    private static final Object[][] IMAGINARY = {
        {0x0000000000000000L, "0j"},
        {0x4000000000000000L, "2j"},
        {0x3ff8000000000000L, "1.5j"},
        {0x54b249ad2594c37dL, "1e+100j"},
        {0x7ff0000000000000L, "infj"},
        {0x4341c37937e08000L, "1e+16j"},
        {0x430c6bf526340000L, "1000000000000000j"},
        {0x7ff8000000000000L, "nanj"},
        {0x3fb999999999999aL, "0.1j"},
        {0x3ee4f8b588e368f1L, "1e-05j"},
        {0x4008000000000000L, "3j"},
        {0x419d6f3454000000L, "123456789j"},
        {0x4480f0cf064dd592L, "1e+22j"},
        {0x0000000000000001L, "5e-324j"},
        {0x8000000000000000L, "-0j"},
    };

    @Test
    void strings() {
        for (String[] c : STRINGS) assertEquals(c[1], PyRepr.str(c[0]), () -> "repr of " + codePoints(c[0]));
    }

    @Test
    void codePointStringsKeepAdjacentLoneSurrogatesApart() {
        assertEquals("'\\ud800\\udc00'", PyRepr.strCodePoints(new int[] {0xd800, 0xdc00}));
        assertEquals("'\ud800\udc00'", PyRepr.str("\ud800\udc00")); // a Java pair is one code point, U+10000
        assertEquals("\"it's\"", PyRepr.strCodePoints("it's".codePoints().toArray()));
    }

    @Test
    void bytes() {
        for (Object[] c : BYTES) assertEquals(c[1], PyRepr.bytes((byte[]) c[0]));
    }

    @Test
    void ints() {
        for (String[] c : INTS) {
            assertEquals(c[1], PyRepr.integer(new BigInteger(c[0])));
            assertEquals(c[1], PyRepr.repr(new ConstValue.Int(new BigInteger(c[0]))));
        }
    }

    @Test
    void floats() {
        for (Object[] c : FLOATS) {
            double x = Double.longBitsToDouble((Long) c[0]);
            assertEquals(c[1], PyRepr.floatRepr(x), () -> "repr of " + x);
            assertEquals(c[1], PyRepr.repr(new ConstValue.Float(x)));
        }
    }

    @Test
    void imaginary() {
        for (Object[] c : IMAGINARY) {
            double x = Double.longBitsToDouble((Long) c[0]);
            assertEquals(c[1], PyRepr.imaginary(x), () -> "repr of " + x + "j");
            assertEquals(c[1], PyRepr.repr(new ConstValue.Imaginary(x)));
        }
    }

    @Test
    void singletons() {
        assertEquals("None", PyRepr.repr(ConstValue.Singleton.NONE));
        assertEquals("True", PyRepr.repr(ConstValue.Singleton.TRUE));
        assertEquals("False", PyRepr.repr(ConstValue.Singleton.FALSE));
        assertEquals("Ellipsis", PyRepr.repr(ConstValue.Singleton.ELLIPSIS));
        assertEquals("None", PyRepr.repr(null));
        assertEquals("'x'", PyRepr.repr(new ConstValue.Str("x")));
        assertEquals("b'x'", PyRepr.repr(new ConstValue.Bytes(new byte[] {'x'})));
    }

    /** Thousands of doubles (random bits, short decimals, all powers of two, powers of ten). */
    @Test
    void generatedFloats() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (InputStream in = PyReprTest.class.getResourceAsStream("float_reprs.txt")) {
            assertNotNull(in, "float_reprs.txt (tools/gen_float_reprs.py)");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isEmpty()) continue;
                String[] f = line.split(" ");
                double x = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
                n++;
                String got = PyRepr.floatRepr(x);
                if (!got.equals(f[1])) failures.add(f[0] + ": expected " + f[1] + ", got " + got);
                got = PyRepr.imaginary(x);
                if (!got.equals(f[2])) failures.add(f[0] + ": expected " + f[2] + ", got " + got);
            }
        }
        assertTrue(n > 5000, "too few cases: " + n);
        assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.subList(0, Math.min(20, failures.size())));
    }

    private static String codePoints(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(String.format("U+%04X ", cp)));
        return sb.toString().trim();
    }
}
