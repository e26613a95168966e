package dev.warden.python;

import dev.warden.python.ast.ConstValue;
import java.math.BigInteger;

/** Values of NUMBER tokens (already validated by the lexer). */
final class NumberParser {
    private NumberParser() {}

    private static final ConstValue.Int[] SMALL = new ConstValue.Int[257];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = new ConstValue.Int(BigInteger.valueOf(i));
    }

    static ConstValue parse(byte[] src, int start, int end) {
        StringBuilder digits = new StringBuilder(end - start);
        for (int i = start; i < end; i++) if (src[i] != '_') digits.append((char) src[i]);
        String text = digits.toString();
        int n = text.length();
        char last = text.charAt(n - 1);
        if (last == 'j' || last == 'J') return new ConstValue.Imaginary(Double.parseDouble(text.substring(0, n - 1)));
        if (n > 1 && text.charAt(0) == '0') {
            char r = Character.toLowerCase(text.charAt(1));
            if (r == 'x') return integer(text.substring(2), 16);
            if (r == 'o') return integer(text.substring(2), 8);
            if (r == 'b') return integer(text.substring(2), 2);
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') return new ConstValue.Float(Double.parseDouble(text));
        }
        return integer(text, 10);
    }

    private static ConstValue integer(String digits, int radix) {
        if (digits.length() <= 3 && radix == 10) {
            int v = Integer.parseInt(digits);
            if (v < SMALL.length) return SMALL[v];
        }
        if (digits.length() < 16 && radix != 2) return new ConstValue.Int(BigInteger.valueOf(Long.parseLong(digits, radix)));
        return new ConstValue.Int(new BigInteger(digits, radix));
    }
}
