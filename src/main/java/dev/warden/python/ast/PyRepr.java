package dev.warden.python.ast;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr()} for the values a Python syntax tree holds, character for character as
 * CPython 3.13 prints them: {@code str}, {@code bytes}, {@code int}, {@code float}, imaginary
 * {@code complex}, {@code None}/{@code True}/{@code False}/{@code Ellipsis}.
 *
 * <p>Each method has an {@code append} form writing into a caller's {@link StringBuilder} (what the
 * AST dumper uses) and a convenience form returning a String.
 */
public final class PyRepr {
    private PyRepr() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // ---------------------------------------------------------------- constants

    /** repr of a constant value; {@code null} is Python's {@code None}. */
    public static String repr(ConstValue value) {
        StringBuilder sb = new StringBuilder();
        appendConst(sb, value);
        return sb.toString();
    }

    public static void appendConst(StringBuilder sb, ConstValue value) {
        if (value == null) {
            sb.append("None");
        } else if (value instanceof ConstValue.Str s) {
            if (s.codePoints() != null) sb.append(strCodePoints(s.codePoints()));
            else appendStr(sb, s.value());
        } else if (value instanceof ConstValue.Int i) {
            appendInt(sb, i.value());
        } else if (value instanceof ConstValue.Float f) {
            appendFloat(sb, f.value());
        } else if (value instanceof ConstValue.Imaginary c) {
            appendImaginary(sb, c.imag());
        } else if (value instanceof ConstValue.Bytes b) {
            appendBytes(sb, b.value());
        } else if (value instanceof ConstValue.Singleton s) {
            sb.append(switch (s) {
                case NONE -> "None";
                case TRUE -> "True";
                case FALSE -> "False";
                case ELLIPSIS -> "Ellipsis";
            });
        } else {
            throw new IllegalArgumentException("unknown constant " + value);
        }
    }

    // ---------------------------------------------------------------- str

    /**
     * repr of a Python {@code str} held as a Java String. A valid surrogate pair is one code point;
     * an unpaired surrogate is a lone surrogate code point (printed as backslash-u-dXXX).
     */
    public static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendStr(sb, s);
        return sb.toString();
    }

    public static void appendStr(StringBuilder sb, String s) {
        char quote = quoteFor(s);
        sb.append(quote);
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendStrChar(sb, cp, quote);
        }
        sb.append(quote);
    }

    /**
     * repr of a Python {@code str} given as code points. Unlike a Java String this can hold a lone
     * high surrogate followed by a lone low surrogate (Python's escapes backslash-ud800 backslash-udc00 in one literal), which CPython
     * keeps as two code points.
     */
    public static String strCodePoints(int[] codePoints) {
        boolean sq = false, dq = false;
        for (int cp : codePoints) {
            if (cp == '\'') sq = true;
            else if (cp == '"') dq = true;
        }
        char quote = sq && !dq ? '"' : '\'';
        StringBuilder sb = new StringBuilder(codePoints.length + 2);
        sb.append(quote);
        for (int cp : codePoints) appendStrChar(sb, cp, quote);
        sb.append(quote);
        return sb.toString();
    }

    private static char quoteFor(String s) {
        boolean sq = s.indexOf('\'') >= 0;
        return sq && s.indexOf('"') < 0 ? '"' : '\'';
    }

    private static void appendStrChar(StringBuilder sb, int cp, char quote) {
        if (cp < 0x7f) {
            if (cp == quote || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (cp >= ' ') {
                sb.append((char) cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else {
                hex(sb, 'x', cp, 2);
            }
        } else if (cp != 0x7f && PyPrintable.isPrintable(cp)) {
            sb.appendCodePoint(cp);
        } else if (cp <= 0xff) {
            hex(sb, 'x', cp, 2);
        } else if (cp <= 0xffff) {
            hex(sb, 'u', cp, 4);
        } else {
            hex(sb, 'U', cp, 8);
        }
    }

    private static void hex(StringBuilder sb, char kind, int value, int digits) {
        sb.append('\\').append(kind);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) sb.append(HEX[(value >>> shift) & 0xf]);
    }

    /** Whether CPython 3.13's {@code str.isprintable()} is true for this code point. */
    public static boolean isPrintable(int codePoint) {
        if (codePoint < 0x7f) return codePoint >= ' ';
        return PyPrintable.isPrintable(codePoint);
    }

    // ---------------------------------------------------------------- bytes

    public static String bytes(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 3);
        appendBytes(sb, b);
        return sb.toString();
    }

    public static void appendBytes(StringBuilder sb, byte[] b) {
        boolean sq = false, dq = false;
        for (byte x : b) {
            if (x == '\'') sq = true;
            else if (x == '"') dq = true;
        }
        char quote = sq && !dq ? '"' : '\'';
        sb.append('b').append(quote);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < ' ' || c >= 0x7f) {
                hex(sb, 'x', c, 2);
            } else {
                sb.append((char) c);
            }
        }
        sb.append(quote);
    }

    // ---------------------------------------------------------------- int

    public static String integer(BigInteger value) { return value.toString(); }

    public static void appendInt(StringBuilder sb, BigInteger value) {
        if (value.bitLength() < 63) sb.append(value.longValue());
        else sb.append(value.toString());
    }

    // ---------------------------------------------------------------- float / complex

    /** {@code repr(float)}: shortest round-trip digits, e.g. {@code 0.1}, {@code 1e+16}, {@code 1.0}. */
    public static String floatRepr(double x) {
        StringBuilder sb = new StringBuilder(24);
        appendFloat(sb, x);
        return sb.toString();
    }

    public static void appendFloat(StringBuilder sb, double x) { formatShort(sb, x, true); }

    /** {@code repr(complex(0, imag))}: e.g. {@code 2j}, {@code 1.5j}, {@code 1e+100j}, {@code infj}. */
    public static String imaginary(double imag) {
        StringBuilder sb = new StringBuilder(24);
        appendImaginary(sb, imag);
        return sb.toString();
    }

    public static void appendImaginary(StringBuilder sb, double imag) {
        // CPython omits the real part (and the parentheses) when it is +0.0, which is always the case
        // for an imaginary literal; the imaginary part is formatted without a forced ".0".
        formatShort(sb, imag, false);
        sb.append('j');
    }

    /** CPython's {@code PyOS_double_to_string(x, 'r', 0, addDot0 ? Py_DTSF_ADD_DOT_0 : 0)}. */
    private static void formatShort(StringBuilder sb, double x, boolean addDot0) {
        if (Double.isNaN(x)) {
            sb.append("nan");
            return;
        }
        if (Double.doubleToRawLongBits(x) < 0) sb.append('-');
        double a = Math.abs(x);
        if (Double.isInfinite(a)) {
            sb.append("inf");
            return;
        }
        if (a == 0) {
            sb.append(addDot0 ? "0.0" : "0");
            return;
        }
        long[] decpt = new long[1];
        String digits = shortestDigits(a, decpt);
        int d = (int) decpt[0]; // value = 0.DIGITS * 10^d
        int n = digits.length();
        if (d <= -4 || d > 16) {
            sb.append(digits.charAt(0));
            if (n > 1) sb.append('.').append(digits, 1, n);
            int exp = d - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) sb.append('0');
            sb.append(ae);
        } else if (d <= 0) {
            sb.append("0.");
            for (int i = d; i < 0; i++) sb.append('0');
            sb.append(digits);
        } else if (d >= n) {
            sb.append(digits);
            for (int i = n; i < d; i++) sb.append('0');
            if (addDot0) sb.append(".0");
        } else {
            sb.append(digits, 0, d).append('.').append(digits, d, n);
        }
    }

    private static final MathContext[] FLOOR = new MathContext[18];
    private static final MathContext[] CEILING = new MathContext[18];

    static {
        for (int p = 1; p <= 17; p++) {
            FLOOR[p] = new MathContext(p, RoundingMode.FLOOR);
            CEILING[p] = new MathContext(p, RoundingMode.CEILING);
        }
    }

    /**
     * The shortest decimal digit string that reads back as {@code a} (positive, finite), and among
     * those the one nearest to {@code a} (ties: even last digit), as David Gay's {@code dtoa} mode 0
     * gives it to CPython. Sets {@code decpt[0]} so that the value is {@code 0.DIGITS * 10^decpt}.
     *
     * <p>The set of decimals that read back as {@code a} is an interval around {@code a}, so if any
     * p-digit decimal is in it, the p-digit decimal just below or just above {@code a} is too; trying
     * both for p = 1, 2, ... finds the shortest. (Java 17's {@code Double.toString} is not always
     * shortest, so it is not used.)
     */
    static String shortestDigits(double a, long[] decpt) {
        BigDecimal exact = new BigDecimal(a);
        for (int p = 1; p <= 17; p++) {
            BigDecimal lo = exact.round(FLOOR[p]);
            BigDecimal hi = exact.round(CEILING[p]);
            boolean loOk = lo.doubleValue() == a;
            boolean hiOk = hi.doubleValue() == a;
            BigDecimal pick;
            if (loOk && hiOk) {
                int c = exact.subtract(lo).compareTo(hi.subtract(exact));
                if (c < 0) pick = lo;
                else if (c > 0) pick = hi;
                else pick = lo.unscaledValue().testBit(0) ? hi : lo; // exact tie (or lo == hi)
            } else if (loOk) {
                pick = lo;
            } else if (hiOk) {
                pick = hi;
            } else {
                continue;
            }
            pick = pick.stripTrailingZeros();
            String digits = pick.unscaledValue().toString();
            decpt[0] = (long) digits.length() - pick.scale();
            return digits;
        }
        throw new AssertionError("no round-trip representation for " + a);
    }
}
