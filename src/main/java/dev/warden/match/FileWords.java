package dev.warden.match;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The words of a file (runs of letters, digits, {@code _} and non-ASCII bytes), for the cheap
 * checks that let a rule skip a file: whether a word occurs ({@link #contains}, one lookup of a
 * 64-bit hash) and whether some word starts with a text ({@link #anyStartsWith}). Built in one pass
 * over the bytes into an open-addressing set of distinct words (a file of 2,000 words has about
 * 350 distinct ones); the sorted list for prefixes is made only when first asked for. A hash
 * collision can only let a file through to real matching, never hide a match. Cached for the last
 * file seen on each thread, so every rule of a file shares it.
 */
public final class FileWords {
    private static final ThreadLocal<FileWords> LAST = new ThreadLocal<>();
    private static final boolean[] WORD_BYTE = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            WORD_BYTE[b] = b >= 0x80 || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
        }
    }

    private final byte[] source;
    private final int length;
    private long[] hashes;
    private int[] starts; // first occurrence of each slot's word
    private int[] ends;
    private int size;
    private String[] sorted;

    private FileWords(byte[] source, int length) {
        this.source = source;
        this.length = length;
        this.hashes = new long[1024];
        this.starts = new int[1024];
        this.ends = new int[1024];
        boolean[] word = WORD_BYTE;
        int i = 0;
        while (i < length) {
            if (!word[source[i] & 0xff]) {
                i++;
                continue;
            }
            int start = i;
            long h = SEED;
            do {
                h = (h ^ (source[i] & 0xff)) * PRIME;
                i++;
            } while (i < length && word[source[i] & 0xff]);
            add(h == 0 ? 1 : h, start, i);
        }
    }

    /** The words of a file, cached for the last file seen on this thread. */
    public static FileWords of(byte[] bytes, int length) {
        FileWords last = LAST.get();
        if (last != null && last.source == bytes && last.length == length) return last;
        FileWords words = new FileWords(bytes, length);
        LAST.set(words);
        return words;
    }

    /** Whether a word with this {@link #hash} occurs. */
    boolean contains(long hash) {
        int mask = hashes.length - 1;
        for (int i = slot(hash) & mask; ; i = (i + 1) & mask) {
            long v = hashes[i];
            if (v == 0) return false;
            if (v == hash) return true;
        }
    }

    /** Whether some word of the file starts with {@code prefix} (ASCII). */
    public boolean anyStartsWith(String prefix) {
        if (sorted == null) {
            String[] words = new String[size];
            int n = 0;
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] != 0) words[n++] = new String(source, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
            }
            Arrays.sort(words);
            sorted = words;
        }
        int i = Arrays.binarySearch(sorted, prefix);
        if (i >= 0) return true;
        int next = -i - 1;
        return next < sorted.length && sorted[next].startsWith(prefix);
    }

    /** The hash a word gets here (for identifiers given as text). */
    static long hash(byte[] word) {
        long h = SEED;
        for (byte b : word) h = (h ^ (b & 0xff)) * PRIME;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long PRIME = 0x100000001B3L;

    private static int slot(long hash) { return (int) (hash ^ (hash >>> 29)); }

    private void add(long hash, int start, int end) {
        if (size * 2 >= hashes.length) grow();
        int mask = hashes.length - 1;
        for (int i = slot(hash) & mask; ; i = (i + 1) & mask) {
            long v = hashes[i];
            if (v == hash) return;
            if (v == 0) {
                hashes[i] = hash;
                starts[i] = start;
                ends[i] = end;
                size++;
                return;
            }
        }
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStarts = starts, oldEnds = ends;
        hashes = new long[oldHashes.length * 2];
        starts = new int[hashes.length];
        ends = new int[hashes.length];
        size = 0;
        for (int i = 0; i < oldHashes.length; i++) if (oldHashes[i] != 0) add(oldHashes[i], oldStarts[i], oldEnds[i]);
    }
}
