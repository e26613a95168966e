package dev.warden.scan;

import dev.warden.python.Lexer;
import dev.warden.python.LineIndex;
import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.python.Tokens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The suppression comments of one file, as Semgrep reads {@code nosemgrep} (see
 * https://semgrep.dev/docs/ignoring-files-folders-code), plus Warden's own spelling.
 *
 * <p>Forms (the keyword in any case, the rule ids as written):
 * <ul>
 *   <li>{@code # nosemgrep} / {@code # nosem}: every rule;
 *   <li>{@code # nosemgrep: id1, id2} (also {@code nosem:}, {@code nosemgrep=}): those rules. Each
 *       comma-separated item is its first word (text after it is a free remark, as in Semgrep), and
 *       an id also names every rule whose id ends with {@code .id} ({@code my-rule} and
 *       {@code bar.my-rule} both name {@code foo.bar.my-rule});
 *   <li>{@code # warden: ignore} and {@code # warden: ignore[id1, id2]}: the same.
 * </ul>
 *
 * <p>Placement: a finding starting on line L is suppressed by such a comment on line L (trailing
 * the code, the keyword after a space, as Semgrep's inline form), or by one alone on line L-1 with
 * nothing but punctuation between the {@code #} and the keyword ({@code # nosemgrep},
 * {@code #nosemgrep}, {@code ## NOSEM: x}; not {@code # see ticket, nosemgrep}), as Semgrep's
 * previous-line form. Only real comments count (not a {@code nosemgrep} inside a string), and the
 * keyword must end there ({@code # nosemantics} is no suppression).
 *
 * <p>{@link #suppresses} records which comments suppressed something, so unused ones can be listed.
 * Instances are confined to one thread (one file's scan).
 */
public final class Suppressions {
    /** How a comment is spelled. */
    public enum Syntax { NOSEMGREP, WARDEN }

    /**
     * One suppression comment: 1-based {@code line}, byte range {@code start}..{@code end} of the
     * whole comment and its 1-based columns counted in characters, its {@code text}, the rule ids it names (empty: every rule), and whether it
     * also covers the next line ({@code previousLineForm}: alone on its line, keyword first).
     */
    public record Comment(int line, int start, int end, int column, int endColumn, String text, Syntax syntax, List<String> ids,
                          boolean previousLineForm) {
        /** Whether the comment names rule {@code ruleId} (or names every rule). */
        public boolean covers(String ruleId) {
            if (ids.isEmpty()) return true;
            for (String id : ids) if (idMatches(ruleId, id)) return true;
            return false;
        }
    }

    /** A suppression comment of a given file, for reports. */
    public record Located(String path, Comment comment) {
        /** {@code path:line: unused suppression: TEXT}. */
        public String unusedMessage() { return path + ":" + comment.line() + ": unused suppression: " + comment.text(); }
    }

    private static final Suppressions NONE = new Suppressions(List.of());

    private final List<Comment> comments;
    private final boolean[] used;
    private final Map<Integer, List<Integer>> byLine = new HashMap<>(); // line -> indexes of comments that cover it

    private Suppressions(List<Comment> comments) {
        this.comments = List.copyOf(comments);
        this.used = new boolean[comments.size()];
        for (int i = 0; i < comments.size(); i++) {
            Comment c = comments.get(i);
            byLine.computeIfAbsent(c.line(), k -> new ArrayList<>(1)).add(i);
            if (c.previousLineForm()) byLine.computeIfAbsent(c.line() + 1, k -> new ArrayList<>(1)).add(i);
        }
    }

    /** The suppression comments of a parsed file. */
    public static Suppressions of(ParseResult file) { return of(file.source(), file.tokens()); }

    /** The suppression comments among {@code tokens}' comments. */
    public static Suppressions of(Source source, Tokens tokens) {
        if (tokens == null || tokens.commentCount() == 0) return NONE;
        List<Comment> out = new ArrayList<>();
        LineIndex lines = source.lines();
        byte[] b = source.bytes();
        for (int i = 0; i < tokens.commentCount(); i++) {
            int start = tokens.commentStart(i), end = tokens.commentEnd(i);
            if (!mayContainKeyword(b, start, end)) continue;
            int line = lines.line(start);
            boolean alone = true;
            for (int k = lines.lineStart(line); k < start && alone; k++) alone = b[k] == ' ' || b[k] == '\t' || b[k] == '\f';
            int column = 1 + charCount(b, lines.lineStart(line), start);
            String text = source.text(start, end);
            Comment c = parse(text.stripTrailing(), line, start, end, column, column + text.codePointCount(0, text.length()), alone);
            if (c != null) out.add(c);
        }
        return out.isEmpty() ? NONE : new Suppressions(out);
    }

    /** Lexes {@code source} for its comments only (for files no check needed to parse). */
    public static Suppressions lexed(Source source) {
        if (!mayContainKeyword(source.bytes(), 0, source.length())) return NONE;
        try {
            return of(source, Lexer.lex(source, false));
        } catch (RuntimeException | StackOverflowError e) {
            return NONE;
        }
    }

    public List<Comment> comments() { return comments; }

    public boolean isEmpty() { return comments.isEmpty(); }

    /**
     * Whether a finding of rule {@code ruleId} starting on {@code line} is suppressed; every comment
     * that covers it is marked used.
     */
    public boolean suppresses(String ruleId, int line) {
        List<Integer> candidates = byLine.get(line);
        if (candidates == null) return false;
        boolean suppressed = false;
        for (int i : candidates) {
            if (comments.get(i).covers(ruleId)) {
                used[i] = true;
                suppressed = true;
            }
        }
        return suppressed;
    }

    /** The comments that have suppressed nothing so far, in source order. */
    public List<Comment> unused() {
        List<Comment> out = new ArrayList<>();
        for (int i = 0; i < comments.size(); i++) if (!used[i]) out.add(comments.get(i));
        return out;
    }

    /**
     * Whether the id written in a comment names rule {@code ruleId}: the same id, or a dotted suffix
     * of it ({@code my-rule} or {@code bar.my-rule} for {@code foo.bar.my-rule}). Case-sensitive.
     */
    public static boolean idMatches(String ruleId, String id) {
        if (id.isEmpty()) return false;
        if (ruleId.equals(id)) return true;
        return ruleId.length() > id.length() && ruleId.endsWith(id) && ruleId.charAt(ruleId.length() - id.length() - 1) == '.';
    }

    // ---------------------------------------------------------------- parsing

    private static int charCount(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if ((b[i] & 0xC0) != 0x80) n++;
        return n;
    }

    /** Cheap test: does the range hold "nosem" or "warden" in any case? */
    private static boolean mayContainKeyword(byte[] b, int from, int to) {
        for (int i = from; i + 5 <= to; i++) {
            int c = b[i] | 0x20;
            if (c == 'n' && regionIs(b, i, to, "nosem")) return true;
            if (c == 'w' && regionIs(b, i, to, "warden")) return true;
        }
        return false;
    }

    private static boolean regionIs(byte[] b, int i, int to, String word) {
        if (i + word.length() > to) return false;
        for (int k = 0; k < word.length(); k++) if ((b[i + k] | 0x20) != word.charAt(k)) return false;
        return true;
    }

    /** The suppression a comment ({@code #...}) makes, or null. */
    static Comment parse(String text, int line, int start, int end, int column, int endColumn, boolean aloneOnLine) {
        String lower = text.toLowerCase(Locale.ROOT); // ASCII keywords: offsets stay those of text
        for (int at = lower.indexOf("nosem"); at >= 0; at = lower.indexOf("nosem", at + 1)) {
            if (!keywordStart(text, at)) continue;
            int after = at + 5;
            if (lower.startsWith("grep", after)) after += 4;
            if (after < text.length() && isWordChar(text.charAt(after))) continue;
            List<String> ids = List.of();
            if (after < text.length() && (text.charAt(after) == ':' || text.charAt(after) == '=')) {
                ids = nosemIds(text.substring(after + 1));
            }
            return new Comment(line, start, end, column, endColumn, text, Syntax.NOSEMGREP, ids, aloneOnLine && keywordFirst(text, at));
        }
        for (int at = lower.indexOf("warden"); at >= 0; at = lower.indexOf("warden", at + 1)) {
            if (!keywordStart(text, at)) continue;
            int k = skipSpaces(text, at + 6);
            if (k >= text.length() || text.charAt(k) != ':') continue;
            k = skipSpaces(text, k + 1);
            if (!lower.startsWith("ignore", k)) continue;
            int after = k + 6;
            if (after < text.length() && isWordChar(text.charAt(after))) continue;
            List<String> ids = List.of();
            int open = skipSpaces(text, after);
            if (open < text.length() && text.charAt(open) == '[') {
                int close = text.indexOf(']', open);
                ids = bracketIds(text.substring(open + 1, close < 0 ? text.length() : close));
            }
            return new Comment(line, start, end, column, endColumn, text, Syntax.WARDEN, ids, aloneOnLine && keywordFirst(text, at));
        }
        return null;
    }

    /** The keyword starts the comment's body or follows whitespace (Semgrep: " nosem"). */
    private static boolean keywordStart(String text, int at) {
        if (at == 0) return false;
        char before = text.charAt(at - 1);
        return Character.isWhitespace(before) || keywordFirst(text, at);
    }

    /** Nothing but punctuation and spaces between the start of the comment and the keyword. */
    private static boolean keywordFirst(String text, int at) {
        for (int i = 0; i < at; i++) if (Character.isLetterOrDigit(text.charAt(i))) return false;
        return true;
    }

    private static boolean isWordChar(char c) { return Character.isLetterOrDigit(c) || c == '_' || c == '-'; }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }

    /** {@code id1, id2 remark}: each comma-separated item's first word, quotes stripped. */
    private static List<String> nosemIds(String list) {
        List<String> ids = new ArrayList<>();
        for (String item : list.split(",")) {
            String s = item.strip();
            int space = indexOfWhitespace(s);
            if (space >= 0) s = s.substring(0, space);
            s = stripQuotes(s);
            if (!s.isEmpty()) ids.add(s);
        }
        return List.copyOf(ids);
    }

    /** {@code id1, id2} between brackets. */
    private static List<String> bracketIds(String list) {
        List<String> ids = new ArrayList<>();
        for (String item : list.split(",")) {
            String s = stripQuotes(item.strip());
            if (!s.isEmpty()) ids.add(s);
        }
        return List.copyOf(ids);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    private static String stripQuotes(String s) {
        int from = 0, to = s.length();
        while (from < to && (s.charAt(from) == '"' || s.charAt(from) == '\'')) from++;
        while (to > from && (s.charAt(to - 1) == '"' || s.charAt(to - 1) == '\'')) to--;
        return s.substring(from, to);
    }

    // ---------------------------------------------------------------- a scan's suppressions

    /**
     * How one scan applies suppression comments, and what they did: the findings they ignored
     * (dropped from the results, or kept and marked with {@code disabled}, Semgrep's
     * {@code --disable-nosem}) and, with {@code trackUnused}, the comments that suppressed nothing,
     * also in files no check could match. Thread-safe: the scanner's workers record into it.
     */
    public static final class Log {
        private final boolean disabled;
        private final boolean trackUnused;
        private final Set<Scanner.Finding> ignored = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        private final List<Located> unused = Collections.synchronizedList(new ArrayList<>());

        public Log(boolean disabled, boolean trackUnused) {
            this.disabled = disabled;
            this.trackUnused = trackUnused;
        }

        /** Semgrep's default: suppressed findings are left out; unused comments not tracked. */
        public static Log standard() { return new Log(false, false); }

        public boolean disabled() { return disabled; }

        /**
         * The findings of one file that stay in the results: all of them when {@code disabled}
         * (suppressed ones are still recorded as ignored), else those no comment suppresses.
         */
        public List<Scanner.Finding> apply(String path, ParseResult file, List<Scanner.Finding> findings) {
            if (findings.isEmpty() && !trackUnused) return findings;
            Suppressions s = of(file);
            if (s.isEmpty()) return findings;
            List<Scanner.Finding> kept = new ArrayList<>(findings.size());
            LineIndex lines = file.source().lines();
            for (Scanner.Finding f : findings) {
                if (s.suppresses(f.checkId(), lines.line(f.match().start()))) {
                    ignored.add(f);
                    if (disabled) kept.add(f);
                } else {
                    kept.add(f);
                }
            }
            recordUnused(path, s);
            return kept;
        }

        /** A file no check could match: with {@code trackUnused}, all its suppression comments are unused. */
        public void unmatched(String path, Source source) {
            if (trackUnused && source != null) recordUnused(path, lexed(source));
        }

        private void recordUnused(String path, Suppressions s) {
            if (!trackUnused) return;
            for (Comment c : s.unused()) unused.add(new Located(path, c));
        }

        /** Whether a comment suppressed {@code f} (Semgrep's {@code is_ignored}). */
        public boolean isIgnored(Scanner.Finding f) { return ignored.contains(f); }

        public int ignoredCount() { return ignored.size(); }

        /** The comments that suppressed nothing, by path and line. */
        public List<Located> unused() {
            List<Located> out;
            synchronized (unused) {
                out = new ArrayList<>(unused);
            }
            out.sort(Comparator.comparing(Located::path).thenComparingInt(l -> l.comment().start()));
            return out;
        }
    }
}
