package dev.warden.rule;

import dev.warden.python.Source;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The distinct words (runs of letters, digits, {@code _} and non-ASCII bytes) of a file, sorted,
 * to ask cheaply whether some word starts with a given text. Built once per file and thread.
 */
final class WordPrefixes {
    private static final ThreadLocal<WordPrefixes> LAST = new ThreadLocal<>();

    private final byte[] source;
    private final int length;
    private final String[] words;

    private WordPrefixes(byte[] bytes, int length) {
        this.source = bytes;
        this.length = length;
        Set<String> distinct = new HashSet<>();
        int i = 0;
        while (i < length) {
            if (!isWordByte(bytes[i])) { i++; continue; }
            int start = i;
            while (i < length && isWordByte(bytes[i])) i++;
            distinct.add(new String(bytes, start, i - start, StandardCharsets.ISO_8859_1));
        }
        words = distinct.toArray(new String[0]);
        Arrays.sort(words);
    }

    private static boolean isWordByte(byte b) {
        return b < 0 || b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    static WordPrefixes of(Source source) {
        WordPrefixes last = LAST.get();
        if (last != null && last.source == source.bytes() && last.length == source.length()) return last;
        WordPrefixes w = new WordPrefixes(source.bytes(), source.length());
        LAST.set(w);
        return w;
    }

    /** Whether some word of the file starts with {@code prefix} (ASCII). */
    boolean anyStartsWith(String prefix) {
        int i = Arrays.binarySearch(words, prefix);
        if (i >= 0) return true;
        int next = -i - 1;
        return next < words.length && words[next].startsWith(prefix);
    }
}
