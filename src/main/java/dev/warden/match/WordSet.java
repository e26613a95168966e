package dev.warden.match;

/**
 * The identifier-like words of a file, as 64-bit hashes in an open-addressing set: built in one
 * pass over the bytes, then every required identifier of every pattern is one lookup. A hash
 * collision can only let a file through to real matching, never hide a match.
 */
final class WordSet {
    private static final ThreadLocal<WordSet> LAST = new ThreadLocal<>();

    private final byte[] source;
    private final int length;
    private long[] slots;
    private int size;

    private WordSet(byte[] source, int length) {
        this.source = source;
        this.length = length;
        this.slots = new long[1024];
        int i = 0;
        while (i < length) {
            if (!isWordByte(source[i])) {
                i++;
                continue;
            }
            long h = SEED;
            while (i < length && isWordByte(source[i])) h = mix(h, source[i++]);
            add(h);
        }
    }

    /** The words of a file, cached for the last file seen on this thread. */
    static WordSet of(byte[] bytes, int length) {
        WordSet last = LAST.get();
        if (last != null && last.source == bytes && last.length == length) return last;
        WordSet set = new WordSet(bytes, length);
        LAST.set(set);
        return set;
    }

    boolean contains(long hash) {
        int mask = slots.length - 1;
        for (int i = (int) (hash ^ (hash >>> 29)) & mask; ; i = (i + 1) & mask) {
            long v = slots[i];
            if (v == 0) return false;
            if (v == hash) return true;
        }
    }

    /** The hash a word gets here (for identifiers given as text). */
    static long hash(byte[] word) {
        long h = SEED;
        for (byte b : word) h = mix(h, b);
        return h;
    }

    private static final long SEED = 0x9E3779B97F4A7C15L;

    private static long mix(long h, byte b) {
        h ^= (b & 0xff);
        h *= 0x100000001B3L;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    private static boolean isWordByte(byte b) {
        return b < 0 || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    }

    private void add(long hash) {
        if (size * 2 >= slots.length) grow();
        int mask = slots.length - 1;
        for (int i = (int) (hash ^ (hash >>> 29)) & mask; ; i = (i + 1) & mask) {
            long v = slots[i];
            if (v == hash) return;
            if (v == 0) {
                slots[i] = hash;
                size++;
                return;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) if (v != 0) add(v);
    }
}
