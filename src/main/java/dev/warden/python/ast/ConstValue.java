package dev.warden.python.ast;

import java.math.BigInteger;

/** The value of a {@code Constant} (or {@code MatchSingleton}) node: what CPython would hold as a Python object. */
public sealed interface ConstValue {
    /**
     * A str. {@code codePoints} is null except when the literal spelled surrogates with escapes
     * (as in {@code "\\ud83d\\ude00"}): Python keeps those as separate code points, while a Java
     * String would read an adjacent high and low surrogate as one character.
     */
    record Str(String value, int[] codePoints) implements ConstValue {
        public Str(String value) { this(value, null); }
    }

    record Bytes(byte[] value) implements ConstValue {}

    record Int(BigInteger value) implements ConstValue {}

    record Float(double value) implements ConstValue {}

    /** An imaginary literal such as {@code 2j}; Python source cannot spell a complex with a real part. */
    record Imaginary(double imag) implements ConstValue {}

    enum Singleton implements ConstValue { NONE, TRUE, FALSE, ELLIPSIS }
}
