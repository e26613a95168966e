package dev.warden.python;

/** Small facts about UTF-8 bytes shared by the decoder, lexer and parser. */
final class Utf8 {
    private Utf8() {}

    /** How many characters (code points) the bytes [from, to) hold: CPython's error columns count these. */
    static int charCount(byte[] b, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) if ((b[i] & 0xC0) != 0x80) k++;
        return k;
    }
}
