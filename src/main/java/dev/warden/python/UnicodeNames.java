package dev.warden.python;

/** Looks up {@code \N{NAME}} escapes. */
final class UnicodeNames {
    private UnicodeNames() {}

    /** The code point named {@code name} (case-insensitive), or -1. */
    static int lookup(String name) {
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
