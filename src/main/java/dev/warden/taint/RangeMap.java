package dev.warden.taint;

import java.util.Arrays;

/**
 * A map from byte ranges ({@link SpecMatches#key}, a primitive {@code long}) to values, by open
 * addressing: the analysis asks for the spec hits and records the taint at the range of every
 * expression it evaluates, so keys are not boxed, and {@link #clear} visits only the slots in use
 * (a {@code HashMap} clears its whole table, which one long statement can grow). Null values are
 * not stored.
 */
final class RangeMap<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int[] used = new int[8]; // the occupied slots, for clear
    private int size;

    boolean isEmpty() { return size == 0; }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    boolean containsKey(long key) { return get(key) != null; }

    V getOrDefault(long key, V fallback) {
        V v = get(key);
        return v == null ? fallback : v;
    }

    void put(long key, V value) {
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = slot(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                if (size == used.length) used = Arrays.copyOf(used, size * 2);
                used[size++] = i;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** The key's value, made by {@code make} and stored when it has none. */
    V computeIfAbsent(long key, java.util.function.LongFunction<V> make) {
        V v = get(key);
        if (v == null) put(key, v = make.apply(key));
        return v;
    }

    /** Stores {@code value} when the key has none, else {@code combine} of the old value and it. */
    void merge(long key, V value, java.util.function.BinaryOperator<V> combine) {
        V old = get(key);
        put(key, old == null ? value : combine.apply(old, value));
    }

    void clear() {
        for (int k = 0; k < size; k++) values[used[k]] = null;
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldUsed = used;
        int oldSize = size;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        used = new int[oldUsed.length];
        size = 0;
        for (int k = 0; k < oldSize; k++) put(oldKeys[oldUsed[k]], (V) oldValues[oldUsed[k]]);
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
