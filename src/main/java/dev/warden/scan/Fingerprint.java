package dev.warden.scan;

import dev.warden.python.LineIndex;
import dev.warden.python.Source;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A finding's fingerprint: an identity that survives line shifts and unrelated edits, used by
 * baselines ({@link Baseline}) and printed as {@code extra.fingerprint} in the JSON output.
 *
 * <p>It is the SHA-256 of four fields, shortened to its first {@value #LENGTH} hex digits:
 * <ol>
 *   <li>the file's <em>key path</em>: its path relative to the root of the git work tree that
 *       holds it (the nearest directory upwards with a {@code .git} entry), with {@code /}
 *       separators, so it does not depend on the directory Warden ran from; for a file in no git
 *       work tree, the path as displayed;</li>
 *   <li>the rule id ({@code -} for a {@code -e} pattern);</li>
 *   <li>the matched source text with every run of whitespace (spaces, tabs, line breaks)
 *       collapsed to one space and the ends stripped, so re-indenting or re-wrapping the match
 *       keeps its fingerprint, while its position in the file does not matter at all;</li>
 *   <li>the occurrence index: how many earlier findings (in output order, that is by position)
 *       of the file have the same rule and the same normalized text, so two identical matches
 *       in one file stay distinct. Adding a second copy of a known finding makes the
 *       <em>later</em> one new, wherever the copy was added.</li>
 * </ol>
 * Each field enters the hash with its length, so no two field lists hash the same input.
 *
 * <p>The occurrence index is counted over the whole scan's findings: a finding keeps the
 * fingerprint it was first given ({@link #of(List)} remembers it for as long as the finding
 * lives) when a baseline or a filter later drops others of its file, so of two identical
 * findings the new one still prints the fingerprint of the second.
 *
 * <p>Editing the matched code itself (not only its whitespace) or renaming the file gives a new
 * fingerprint. A second kind, {@link #ofLines}, hashes the whole source lines the match touches
 * (Semgrep's {@code extra.lines}) instead of the matched text: it exists only to compare with
 * JSON output that carries lines but no Warden fingerprint (Semgrep's own), and is tagged so it
 * never equals a fingerprint of the first kind.
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** Hex digits kept of the SHA-256 (128 bits). */
    public static final int LENGTH = 32;

    private static final String VERSION = "warden-fingerprint-1";

    /** True when {@code s} has the shape of a Warden fingerprint ({@value #LENGTH} lowercase hex digits). */
    public static boolean isFingerprint(String s) {
        if (s == null || s.length() != LENGTH) return false;
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    /** {@code text} with each run of whitespace replaced by one space, without leading or trailing whitespace. */
    public static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
            } else {
                if (space && sb.length() > 0) sb.append(' ');
                space = false;
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /** The fingerprint of the {@code occurrence}-th (0-based) finding of {@code ruleId} matching {@code text} in the file. */
    public static String of(String keyPath, String ruleId, String text, int occurrence) {
        return hash("match", keyPath, ruleId, normalize(text), occurrence);
    }

    /** The same over the source lines a finding touches (for Semgrep output without Warden fingerprints). */
    public static String ofLines(String keyPath, String ruleId, String lines, int occurrence) {
        return hash("lines", keyPath, ruleId, normalize(lines), occurrence);
    }

    /** Fingerprints already given, kept while their findings live (a finding's source is compared by identity). */
    private static final Map<Scanner.Finding, String> GIVEN = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The fingerprints of findings (in output order, as {@link Scanner} gives them), by finding
     * identity. Pass the whole scan's findings first: a finding fingerprinted before keeps its
     * fingerprint in later calls on a subset.
     */
    public static Map<Scanner.Finding, String> of(List<Scanner.Finding> findings) {
        Map<Scanner.Finding, String> out =
                compute(findings, f -> f.source().text(f.match().start(), f.match().end()), "match");
        for (Map.Entry<Scanner.Finding, String> e : out.entrySet()) {
            String given = GIVEN.putIfAbsent(e.getKey(), e.getValue());
            if (given != null) e.setValue(given);
        }
        return out;
    }

    /** The {@link #ofLines lines fingerprints} of findings, by finding identity. */
    public static Map<Scanner.Finding, String> ofLines(List<Scanner.Finding> findings) {
        return compute(findings, f -> lines(f.source(), f.match().start(), f.match().end()), "lines");
    }

    /**
     * Fingerprints of {@code kind} over each finding's {@code text}. The occurrence indices are
     * counted in order, in one pass; the hashes, independent of each other, are then computed in
     * parallel (thousands of findings on an all-rules scan).
     */
    private static Map<Scanner.Finding, String> compute(List<Scanner.Finding> findings, Function<Scanner.Finding, String> text,
                                                        String kind) {
        int n = findings.size();
        String[] keyPaths = new String[n], normalized = new String[n];
        int[] occurrence = new int[n];
        Occurrences occurrences = new Occurrences();
        Map<String, String> keyPathByPath = new HashMap<>();
        Map<Path, java.util.Optional<Path>> rootByDirectory = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Scanner.Finding f = findings.get(i);
            keyPaths[i] = keyPathByPath.computeIfAbsent(f.path(), p -> keyPath(p, rootByDirectory));
            normalized[i] = normalize(text.apply(f));
            occurrence[i] = occurrences.next(keyPaths[i], f.checkId(), normalized[i]);
        }
        String[] hashes = new String[n];
        IntStream.range(0, n).parallel().forEach(i -> hashes[i] = hash(kind, keyPaths[i], findings.get(i).checkId(), normalized[i], occurrence[i]));
        Map<Scanner.Finding, String> out = new IdentityHashMap<>(2 * n);
        for (int i = 0; i < n; i++) out.put(findings.get(i), hashes[i]);
        return out;
    }

    /** Counts (path, rule, normalized text) triples as they come: the occurrence index of each. */
    static final class Occurrences {
        private final Map<List<String>, Integer> seen = new HashMap<>();

        int next(String keyPath, String ruleId, String normalizedText) {
            return seen.merge(List.of(keyPath, ruleId, normalizedText), 1, Integer::sum) - 1;
        }
    }

    /**
     * The key path of a file given by its display path: relative to its git work tree's root with
     * {@code /} separators, or the display path itself (with {@code /} separators) outside one.
     */
    public static String keyPath(String displayPath) { return keyPath(displayPath, new HashMap<>()); }

    /** {@link #keyPath(String)}, remembering in {@code roots} each directory's work tree root (empty: in none). */
    private static String keyPath(String displayPath, Map<Path, java.util.Optional<Path>> roots) {
        Path abs = Path.of(displayPath).toAbsolutePath().normalize();
        Path dir = abs.getParent();
        java.util.Optional<Path> root = dir == null ? java.util.Optional.empty()
                : roots.computeIfAbsent(dir, d -> java.util.Optional.ofNullable(locate(abs)).map(InRepository::root));
        return root.isPresent() ? relative(root.get(), abs) : displayPath.replace(File.separatorChar, '/');
    }

    /** A file's git work tree root (absolute, normalized) and its path relative to it with {@code /} separators. */
    public record InRepository(Path root, String relative) {}

    /** The git work tree holding {@code file} (the nearest directory upwards with a {@code .git} entry), or null. */
    public static InRepository locate(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return new InRepository(dir, relative(dir, abs));
            }
        }
        return null;
    }

    /** {@code file}'s path relative to {@code dir} (which holds it), with {@code /} separators. */
    private static String relative(Path dir, Path file) {
        StringBuilder rel = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            if (rel.length() > 0) rel.append('/');
            rel.append(part);
        }
        return rel.toString();
    }

    /**
     * The source lines a range touches, from the start of its first line to the end of its last
     * (without the final line break), as in Semgrep's {@code extra.lines}.
     */
    public static String lines(Source src, int start, int end) {
        LineIndex li = src.lines();
        int first = li.line(start);
        int last = li.line(Math.max(start, end - 1));
        int from = li.lineStart(first);
        int to = last < li.lineCount() ? li.lineStart(last + 1) : src.length();
        byte[] b = src.bytes();
        if (to > from && b[to - 1] == '\n') to--;
        if (to > from && b[to - 1] == '\r') to--;
        return src.text(from, to);
    }

    /** A SHA-256 per thread, reset after each use (a provider lookup per hash cost more than the hash). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String hash(String kind, String keyPath, String ruleId, String normalizedText, int occurrence) {
        MessageDigest sha = SHA_256.get();
        for (String field : new String[] {VERSION, kind, keyPath, ruleId, normalizedText, Integer.toString(occurrence)}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            byte[] length = Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII);
            sha.update(length);
            sha.update((byte) ':');
            sha.update(bytes);
        }
        byte[] digest = sha.digest(); // also resets it
        char[] hex = new char[LENGTH];
        for (int i = 0; i < LENGTH / 2; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }
}
