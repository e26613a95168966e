package dev.warden.python.ast;

import java.math.BigInteger;

/** The value of a {@code Constant} (or {@code MatchSingleton}) node: what CPython would hold as a Python object. */
public sealed interface ConstValue {
    record Str(String value) implements ConstValue {}

    record Bytes(byte[] value) implements ConstValue {}

    record Int(BigInteger value) implements ConstValue {}

    record Float(double value) implements ConstValue {}

    /** An imaginary literal such as {@code 2j}; Python source cannot spell a complex with a real part. */
    record Imaginary(double imag) implements ConstValue {}

    enum Singleton implements ConstValue { NONE, TRUE, FALSE, ELLIPSIS }
}
