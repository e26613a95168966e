package dev.warden.rule;

import dev.warden.match.Binding;
import dev.warden.python.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file's text for regex operators: Java regexes see UTF-16 text, findings need UTF-8 byte
 * offsets, so this keeps the mapping between the two.
 */
final class FileText {
    private final String text;
    /** Whether every character is one byte (ASCII): offsets are then the same. */
    private final boolean ascii;
    private int[] byteOffset; // byteOffset[charIndex], length text.length() + 1; made when a match needs it

    private int byteOffset(int charIndex) {
        if (ascii) return charIndex;
        if (byteOffset == null) byteOffset = byteOffsets(text); // most regexes find nothing in most files
        return byteOffset[charIndex];
    }

    private static final ThreadLocal<FileText> LAST = new ThreadLocal<>();
    private final Source source;

    /** The file's text, shared by the rules run on it: a scan runs all rules of a file on one thread. */
    static FileText of(Source source) {
        FileText last = LAST.get();
        if (last != null && last.source == source) return last;
        FileText text = new FileText(source);
        LAST.set(text);
        return text;
    }

    private FileText(Source source) {
        this.source = source;
        this.text = source.text(0, source.length());
        this.ascii = text.length() == source.length(); // one byte per character
    }

    private static int[] byteOffsets(String text) {
        int[] byteOffset = new int[text.length() + 1];
        int b = 0;
        for (int i = 0; i < text.length(); i++) {
            byteOffset[i] = b;
            char c = text.charAt(i);
            if (c < 0x80) b += 1;
            else if (c < 0x800) b += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                byteOffset[++i] = b + 2; // the low half has no byte of its own; point inside the sequence
                b += 4;
            } else b += 3;
        }
        byteOffset[text.length()] = b;
        return byteOffset;
    }

    String text() { return text; }

    /** Every match of a regex over the file; named groups bind {@code $NAME}, numbered groups {@code $1}... */
    List<RuleEngine.Ranged> regexMatches(Pattern regex) {
        List<RuleEngine.Ranged> out = new ArrayList<>();
        Matcher m = regex.matcher(text);
        List<String> names = groupNames(regex);
        String word = lineStartWord(regex);
        if (word != null) {
            // `(?m)^[ \t]*word...`: tried only at the starts of lines whose first word it is (what
            // find() would report, without trying the regex at every position of the file)
            m.useTransparentBounds(true).useAnchoringBounds(false);
            int from = 0;
            for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
                int p = i;
                while (p > 0 && (text.charAt(p - 1) == ' ' || text.charAt(p - 1) == '\t')) p--;
                if (p < from || p > 0 && !endsLine(text, p - 1)) continue;
                m.region(p, text.length());
                if (!m.lookingAt()) continue;
                out.add(ranged(m, names));
                from = m.end();
            }
            return out;
        }
        while (m.find()) {
            if (m.end() == m.start()) {
                if (m.end() >= text.length()) break;
                continue;
            }
            out.add(ranged(m, names));
        }
        return out;
    }

    private RuleEngine.Ranged ranged(Matcher m, List<String> names) {
        Map<String, Binding> bindings = new LinkedHashMap<>();
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) < 0) continue;
            bindings.put("$" + g, new Binding(byteOffset(m.start(g)), byteOffset(m.end(g)), m.group(g)));
        }
        for (String name : names) {
            if (m.start(name) < 0) continue;
            bindings.put("$" + name, new Binding(byteOffset(m.start(name)), byteOffset(m.end(name)), m.group(name)));
        }
        return new RuleEngine.Ranged(byteOffset(m.start()), byteOffset(m.end()), bindings);
    }

    private static final String LINE_START = "(?m)^[ \\t]*";

    /**
     * For a regex written {@code (?m)^[ \t]*word...} (word: letters and underscores, then not a
     * quantifier): the word, with which every match goes on after a line's blanks; else null.
     */
    static String lineStartWord(Pattern regex) {
        String r = regex.pattern();
        if (regex.flags() != Pattern.MULTILINE || !r.startsWith(LINE_START) || topLevelAlternation(r)) return null; // (?m) alone
        int start = LINE_START.length(), n = start;
        while (n < r.length() && (Character.isLetter(r.charAt(n)) && r.charAt(n) < 0x80 || r.charAt(n) == '_')) n++;
        if (n < r.length() && "?*+{".indexOf(r.charAt(n)) >= 0) n--; // the last letter is optional or repeated
        return n - start >= 2 ? r.substring(start, n) : null;
    }

    /** Whether a regex has a {@code |} outside every group and class (then its start says nothing about every match). */
    private static boolean topLevelAlternation(String r) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') i++;
            else if (inClass) inClass = c != ']';
            else if (c == '[') inClass = true;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '|' && depth == 0) return true;
        }
        return false;
    }

    /** Whether the character at {@code i} ends a line for {@code ^} in multiline mode (not the \r of \r\n). */
    private static boolean endsLine(String text, int i) {
        char c = text.charAt(i);
        return c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n');
    }

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    /** Named groups of a regex, read from its source ({@code (?<name>...)}). */
    static List<String> groupNames(Pattern regex) {
        List<String> names = new ArrayList<>();
        Matcher m = NAMED_GROUP.matcher(regex.pattern());
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
