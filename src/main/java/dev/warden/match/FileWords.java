package dev.warden.match;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The words of a file (runs of letters, digits, {@code _} and non-ASCII bytes), for the cheap
 * checks that let a rule skip a file or a subtree: whether a word occurs ({@link #contains}, one
 * lookup of a 64-bit hash), whether it occurs within a byte range ({@link #mayOccurWithin}, a
 * binary search over its occurrences), and whether some word starts with a text
 * ({@link #anyStartsWith}). Built in one pass over the bytes into an open-addressing set of
 * distinct words (a file of 2,000 words has about 350 distinct ones) with each word's occurrences
 * chained; the index for prefixes (words grouped by their first two bytes) and each word's sorted
 * occurrences are made only when first asked for. A hash collision can only let a file
 * through to real matching, never hide a match. Cached for the last file seen on each thread, so
 * every rule of a file shares it.
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
    /** Each occurrence's start and the previous occurrence of the same word (1-based, 0: none); per slot, its last occurrence. */
    private int[] occurrenceStart = new int[256];
    private int[] occurrenceNext = new int[256];
    private int occurrences;
    private int[] heads;
    private int[][] positions;
    /** The runs holding non-ASCII bytes, in file order: their starts and ends, and their NFKC forms (made when first asked). */
    private int[] nonAsciiStarts = new int[0], nonAsciiEnds = new int[0];
    private int nonAsciiRuns;
    private String[] nonAsciiNormalized;

    private FileWords(byte[] source, int length) {
        this.source = source;
        this.length = length;
        this.hashes = new long[1024];
        this.starts = new int[1024];
        this.ends = new int[1024];
        this.heads = new int[1024];
        boolean[] word = WORD_BYTE;
        int i = 0;
        while (i < length) {
            if (!word[source[i] & 0xff]) {
                i++;
                continue;
            }
            int start = i;
            long h = SEED;
            int high = 0;
            do {
                int b = source[i] & 0xff;
                high |= b;
                h = (h ^ b) * PRIME;
                i++;
            } while (i < length && word[source[i] & 0xff]);
            if (high >= 0x80) nonAsciiRun(start, i);
            int slot = add(h == 0 ? 1 : h, start, i);
            if (occurrences == occurrenceStart.length) {
                occurrenceStart = Arrays.copyOf(occurrenceStart, occurrences * 2);
                occurrenceNext = Arrays.copyOf(occurrenceNext, occurrences * 2);
            }
            occurrenceStart[occurrences] = start;
            occurrenceNext[occurrences] = heads[slot];
            heads[slot] = ++occurrences;
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

    private void nonAsciiRun(int start, int end) {
        if (nonAsciiRuns == nonAsciiStarts.length) {
            nonAsciiStarts = Arrays.copyOf(nonAsciiStarts, Math.max(8, nonAsciiRuns * 2));
            nonAsciiEnds = Arrays.copyOf(nonAsciiEnds, nonAsciiStarts.length);
        }
        nonAsciiStarts[nonAsciiRuns] = start;
        nonAsciiEnds[nonAsciiRuns++] = end;
    }

    /** Whether a word with this {@link #hash} occurs. */
    public boolean contains(long hash) { return slotOf(hash) >= 0; }

    /** The slot of the word with this hash, or -1 when none occurs. */
    private int slotOf(long hash) {
        int mask = hashes.length - 1;
        for (int i = slot(hash) & mask; ; i = (i + 1) & mask) {
            long v = hashes[i];
            if (v == 0) return -1;
            if (v == hash) return i;
        }
    }

    /** Whether some word of the file starts with {@code prefix} (ASCII). */
    public boolean anyStartsWith(String prefix) {
        int n = prefix.length();
        if (n == 0) return size > 0;
        if (n == 1) { // rare: look at every word
            for (int i = 0; i < hashes.length; i++) if (hashes[i] != 0 && startsWith(i, prefix)) return true;
            return false;
        }
        if (bucketStart == null) indexByFirstTwoBytes();
        int bucket = bucket(prefix.charAt(0), prefix.charAt(1));
        for (int k = bucketStart[bucket]; k < bucketStart[bucket + 1]; k++) if (startsWith(bucketSlots[k], prefix)) return true;
        return false;
    }

    private boolean startsWith(int slot, String prefix) {
        int start = starts[slot];
        if (ends[slot] - start < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if ((source[start + i] & 0xff) != prefix.charAt(i)) return false;
        return true;
    }

    private static int bucket(int first, int second) { return (first * 31 + second) & (BUCKETS - 1); }

    /** Groups the distinct words of two or more bytes by their first two (a counting sort: no comparisons). */
    private void indexByFirstTwoBytes() {
        int[] begin = new int[BUCKETS + 1];
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0 && ends[i] - starts[i] >= 2) begin[bucket(source[starts[i]] & 0xff, source[starts[i] + 1] & 0xff) + 1]++;
        }
        for (int b = 0; b < BUCKETS; b++) begin[b + 1] += begin[b];
        int[] next = java.util.Arrays.copyOf(begin, BUCKETS);
        int[] slots = new int[begin[BUCKETS]];
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0 && ends[i] - starts[i] >= 2) slots[next[bucket(source[starts[i]] & 0xff, source[starts[i] + 1] & 0xff)]++] = i;
        }
        bucketSlots = slots;
        bucketStart = begin;
    }

    private static final int BUCKETS = 256;
    private int[] bucketStart;
    private int[] bucketSlots;

    /**
     * Whether the word may occur within bytes {@code [start, end)}: false only when it surely does
     * not. A word is found whole (an identifier's spelling), not as part of a longer word; a run
     * with non-ASCII bytes in the range answers true when its NFKC form (an identifier is compared
     * in that form: {@code ｑｕｅｒｙ} is {@code query}) holds the word (a string's {@code späm} does not).
     */
    boolean mayOccurWithin(String word, int start, int end) {
        if (occursWithin(word, start, end)) return true;
        if (nonAsciiRuns == 0) return false;
        int r = Arrays.binarySearch(nonAsciiStarts, 0, nonAsciiRuns, start);
        if (r < 0) r = -r - 1;
        if (r > 0 && nonAsciiEnds[r - 1] > start) r--; // a run that starts before the range and reaches into it
        if (nonAsciiNormalized == null) nonAsciiNormalized = new String[nonAsciiRuns];
        for (; r < nonAsciiRuns && nonAsciiStarts[r] < end; r++) {
            String normalized = nonAsciiNormalized[r];
            if (normalized == null) {
                String text = new String(source, nonAsciiStarts[r], nonAsciiEnds[r] - nonAsciiStarts[r], StandardCharsets.UTF_8);
                nonAsciiNormalized[r] = normalized = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
            }
            if (normalized.contains(word)) return true;
        }
        return false;
    }

    /** Whether the word's ASCII spelling occurs whole within {@code [start, end)}. */
    private boolean occursWithin(String word, int start, int end) {
        int[] at = occurrencesByWord.get(word);
        if (at == null) { // asked of many statements and nodes: found once per word
            int slot = slotOf(hash(word.getBytes(StandardCharsets.UTF_8)));
            at = slot < 0 ? new int[0] : positions(slot);
            occurrencesByWord.put(word, at);
        }
        int i = Arrays.binarySearch(at, start);
        if (i < 0) i = -i - 1;
        return i < at.length && at[i] + word.length() <= end; // an ASCII word: one byte per character
    }

    /** Per word asked by {@link #mayOccurWithin}: the start offsets of its occurrences. */
    private final java.util.Map<String, int[]> occurrencesByWord = new java.util.HashMap<>();

    /** The start offsets of every occurrence of the slot's word, ascending (made on first use). */
    private int[] positions(int slot) {
        if (positions == null) positions = new int[hashes.length][];
        int[] at = positions[slot];
        if (at == null) {
            int n = 0;
            for (int o = heads[slot] - 1; o >= 0; o = occurrenceNext[o] - 1) n++;
            at = new int[n];
            for (int o = heads[slot] - 1; o >= 0; o = occurrenceNext[o] - 1) at[--n] = occurrenceStart[o];
            positions[slot] = at;
        }
        return at;
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

    /** Adds a word (if new) and returns its slot. */
    private int add(long hash, int start, int end) {
        if (size * 2 >= hashes.length) grow();
        return insert(hash, start, end, 0);
    }

    private int insert(long hash, int start, int end, int head) {
        int mask = hashes.length - 1;
        for (int i = slot(hash) & mask; ; i = (i + 1) & mask) {
            long v = hashes[i];
            if (v == hash) return i;
            if (v == 0) {
                hashes[i] = hash;
                starts[i] = start;
                ends[i] = end;
                heads[i] = head;
                size++;
                return i;
            }
        }
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStarts = starts, oldEnds = ends, oldHeads = heads;
        hashes = new long[oldHashes.length * 2];
        starts = new int[hashes.length];
        ends = new int[hashes.length];
        heads = new int[hashes.length];
        size = 0;
        for (int i = 0; i < oldHashes.length; i++) if (oldHashes[i] != 0) insert(oldHashes[i], oldStarts[i], oldEnds[i], oldHeads[i]);
    }
}
