package dev.warden.rule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Semgrep's {@code metavariable-analysis} analyzers.
 *
 * <ul>
 *   <li>{@code entropy}: true when the value (the contents of a string literal, else the text) looks
 *       random relative to English: it is long enough, its characters are diverse (Shannon entropy of
 *       its own character distribution), and it is improbable under a model of English text
 *       (average bits per character under English letter frequencies, where digits, capitals and
 *       symbols are costly).</li>
 *   <li>{@code redos}: true when the value (a Python regular expression, the contents of a string
 *       literal) shows a known catastrophic-backtracking anti-pattern: an unbounded quantifier whose
 *       body contains another unbounded quantifier that can absorb the same text (e.g.
 *       {@code (a+)+}, {@code (a*)*}, {@code (\w+\s?)*}), or an unbounded quantifier over an
 *       alternation whose branches can match the same text (e.g. {@code (a|a)*},
 *       {@code (\d|\w)+}). Possessive quantifiers and atomic groups are not flagged.</li>
 * </ul>
 */
public final class Analyzers {

    private Analyzers() {}

    /** Whether {@code analyzer} ({@code entropy} or {@code redos}) flags {@code value}. */
    public static boolean flags(String analyzer, String value) {
        if (value == null) return false;
        return switch (analyzer.toLowerCase(Locale.ROOT)) {
            case "entropy" -> highEntropy(unquote(value));
            case "redos" -> redos(unquote(value));
            default -> throw new IllegalArgumentException("unknown metavariable-analysis analyzer: " + analyzer
                    + " (expected entropy or redos)");
        };
    }

    /** The contents of a Python string literal, or the text itself. */
    static String unquote(String value) {
        String decoded = Comparison.decodeStringLiteral(value);
        return decoded != null ? decoded : value;
    }

    // ------------------------------------------------------------------------------------------
    // Entropy

    static final int MIN_LENGTH = 8;
    static final double MIN_SHANNON_BITS = 3.0;
    /**
     * For values spelled only in a key alphabet (letters, digits, {@code / + =}), much lower: keys
     * padded with one repeated character ({@code AKIAxxxx...}, as documentation and tests redact
     * them) still count, while a run of a single character does not.
     */
    static final double MIN_SHANNON_BITS_KEY_ALPHABET = 1.0;
    private static final java.util.regex.Pattern KEY_ALPHABET = java.util.regex.Pattern.compile("[A-Za-z0-9/+=]+");
    static final double MIN_ENGLISH_SURPRISAL_BITS = 5.5;

    /*
     * A character-bigram model of English, estimated from the sample text below (written for this
     * purpose). Symbols: 'a'..'z' (case folded), DIGIT for any digit, and BOUNDARY for anything else
     * (spaces, punctuation, separators). Case is scored separately: capitals at the start of a word
     * or inside an all-capitals run are cheap, case flips inside a word cost extra.
     */
    private static final String ENGLISH_SAMPLE = String.join(" ",
            "the scanner reads every file in the project and looks for code that matches the rules",
            "when a rule matches it reports the line and the message so that a developer can review",
            "the finding and decide whether it is a real problem or a false alarm that should be ignored",
            "good rules are simple to read and easy to change and they explain why the code is unsafe",
            "a password or a secret token should never be written directly into the source of a program",
            "instead it should come from the environment or from a configuration service at run time",
            "this function returns the name of the user with the given identifier from the database",
            "we open the connection then send the request and wait for the response before we close it",
            "if the value is missing the method raises an error and the caller must handle the exception",
            "please check the settings page and update your account details before the end of the month",
            "our team builds tools that help people write better software with fewer bugs and less risk",
            "the quick brown fox jumps over the lazy dog while the children watch from the open window",
            "there were three hundred and twenty seven people waiting outside the station this morning",
            "she said that the weather would be warm and sunny for most of the week with light winds",
            "important information about your order will be sent to the email address you provided",
            "click here to download the latest version of the application for your operating system",
            "get set user users name names id key keys value values data file files path paths config",
            "request response client server session cookie header headers body json xml http https",
            "api url uri host port local localhost admin default debug error warning info test tests",
            "string number list dict object class method module package import export index query",
            "select insert update delete from where order group by limit table tables column columns",
            "token secret password hash salt encrypt decrypt sign verify public private certificate",
            "create read write open close load save start stop run main init setup handler callback",
            "message content type length status code result results count total size time date year",
            "version build release debug production staging development environment variable prefix",
            "bucket storage account service cluster node worker queue event events stream log logs",
            "hello world welcome thank you please sorry yes no true false none null empty new old",
            "first last next previous page pages item items home search help about contact login",
            "logout register profile settings account accounts email phone address city country",
            "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt",
            "ut labore et dolore magna aliqua quis nostrud exercitation ullamco laboris nisi",
            "in the year 2023 about 1500 people visited 12 cities in 3 weeks at 10 30 on the 1st of may",
            "version 1 2 3 release 2024 01 15 port 8080 and 443 and 3306 page 404 code 200 and 500");

    private static final int SYMBOLS = 28;
    private static final int DIGIT = 26;
    private static final int BOUNDARY = 27;
    private static final double SMOOTHING = 0.3;
    private static final double DIGIT_IDENTITY_BITS = Math.log(10) / Math.log(2);
    private static final double[][] BIGRAM_BITS = trainBigrams();

    private static int symbol(int cp) {
        if (cp < 128 && Character.isLetter(cp)) return Character.toLowerCase(cp) - 'a';
        if (cp >= '0' && cp <= '9') return DIGIT;
        return BOUNDARY;
    }

    private static double[][] trainBigrams() {
        double[][] counts = new double[SYMBOLS][SYMBOLS];
        int prev = BOUNDARY;
        for (int k = 0; k < ENGLISH_SAMPLE.length(); k++) {
            int cur = symbol(ENGLISH_SAMPLE.charAt(k));
            counts[prev][cur]++;
            prev = cur;
        }
        counts[prev][BOUNDARY]++;
        double[][] bits = new double[SYMBOLS][SYMBOLS];
        for (int a = 0; a < SYMBOLS; a++) {
            double total = 0;
            for (int b = 0; b < SYMBOLS; b++) total += counts[a][b];
            for (int b = 0; b < SYMBOLS; b++) {
                bits[a][b] = -log2((counts[a][b] + SMOOTHING) / (total + SMOOTHING * SYMBOLS));
            }
        }
        return bits;
    }

    static boolean highEntropy(String s) {
        if (s.codePointCount(0, s.length()) < MIN_LENGTH) return false;
        double minShannon = KEY_ALPHABET.matcher(s).matches() ? MIN_SHANNON_BITS_KEY_ALPHABET : MIN_SHANNON_BITS;
        return shannonEntropy(s) >= minShannon && englishSurprisal(s) >= MIN_ENGLISH_SURPRISAL_BITS;
    }

    /** Shannon entropy (bits per character) of the string's own character distribution. */
    static double shannonEntropy(String s) {
        Map<Integer, Integer> counts = new HashMap<>();
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            counts.merge(cp, 1, Integer::sum);
            n++;
            i += Character.charCount(cp);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * log2(p);
        }
        return h;
    }

    /** Average surprisal (bits per character) of the string under the bigram model of English. */
    static double englishSurprisal(String s) {
        double bits = 0;
        int n = 0;
        int prevSym = BOUNDARY;
        int prevCp = ' ';
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int sym = symbol(cp);
            bits += BIGRAM_BITS[prevSym][sym];
            if (sym == DIGIT) bits += DIGIT_IDENTITY_BITS; // which of the ten digits
            bits += caseBits(prevCp, cp, i + Character.charCount(cp) < s.length() ? s.codePointAt(i + Character.charCount(cp)) : ' ');
            n++;
            prevSym = sym;
            prevCp = cp;
            i += Character.charCount(cp);
        }
        return n == 0 ? 0 : bits / n;
    }

    /** Extra bits for letter case: cheap at word starts and in all-capitals runs, costly when flipping mid-word. */
    private static double caseBits(int prev, int cp, int next) {
        if (cp >= 128 || !Character.isLetter(cp)) return 0;
        boolean upper = Character.isUpperCase(cp);
        boolean prevLetter = prev < 128 && Character.isLetter(prev);
        if (!prevLetter) return upper ? 1.0 : 0.2;
        boolean prevUpper = Character.isUpperCase(prev);
        if (upper && prevUpper) return 0.5;        // CONSTANT_STYLE or acronym
        if (!upper && !prevUpper) return 0.1;      // ordinary lower-case word
        if (!upper) return 0.6;                    // "Word" after its capital, or "HTTPRequest"
        return 2.5;                                // camelCase hump or random case flip
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    // ------------------------------------------------------------------------------------------
    // ReDoS

    /** Whether the regex shows a catastrophic-backtracking anti-pattern; false when it does not parse. */
    static boolean redos(String regex) {
        Node root;
        try {
            root = new RegexParser(regex).parse();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return vulnerable(root);
    }

    /** Character sets over ASCII plus one bit standing for every non-ASCII character. */
    private static final int NON_ASCII = 128;

    private static BitSet all() {
        BitSet b = new BitSet(129);
        b.set(0, 129);
        return b;
    }

    private static BitSet of(int cp) {
        BitSet b = new BitSet(129);
        b.set(cp < 128 ? cp : NON_ASCII);
        return b;
    }

    private static BitSet range(int lo, int hi) {
        BitSet b = new BitSet(129);
        if (lo < 128) b.set(lo, Math.min(hi, 127) + 1);
        if (hi >= 128) b.set(NON_ASCII);
        return b;
    }

    private static BitSet digits() {
        return range('0', '9');
    }

    private static BitSet word() {
        BitSet b = range('a', 'z');
        b.or(range('A', 'Z'));
        b.or(digits());
        b.set('_');
        return b;
    }

    private static BitSet space() {
        BitSet b = new BitSet(129);
        for (char c : " \t\n\r\f\u000b".toCharArray()) b.set(c);
        return b;
    }

    private static BitSet complement(BitSet b) {
        BitSet c = all();
        c.andNot(b);
        return c;
    }

    private sealed interface Node permits CharNode, Seq, Alt, Repeat, Group, Empty {}

    /** One character from a set. */
    private record CharNode(BitSet set) implements Node {}

    private record Seq(List<Node> items) implements Node {}

    private record Alt(List<Node> branches) implements Node {}

    /** A quantifier; {@code max < 0} is unbounded. */
    private record Repeat(Node body, int min, int max, boolean possessive) implements Node {}

    /** A group; {@code opaque} for atomic groups and lookarounds (not searched for nested quantifiers). */
    private record Group(Node body, boolean opaque, boolean zeroWidth) implements Node {}

    /** Anchors, backreferences and other zero-width or unknown items. */
    private record Empty() implements Node {}

    private static boolean nullable(Node n) {
        if (n instanceof CharNode) return false;
        if (n instanceof Empty) return true;
        if (n instanceof Seq s) return s.items.stream().allMatch(Analyzers::nullable);
        if (n instanceof Alt a) return a.branches.stream().anyMatch(Analyzers::nullable);
        if (n instanceof Repeat r) return r.min == 0 || nullable(r.body);
        Group g = (Group) n;
        return g.zeroWidth || nullable(g.body);
    }

    /** Every character the node can consume. */
    private static BitSet chars(Node n) {
        BitSet out = new BitSet(129);
        if (n instanceof CharNode c) out.or(c.set);
        else if (n instanceof Seq s) s.items.forEach(i -> out.or(chars(i)));
        else if (n instanceof Alt a) a.branches.forEach(b -> out.or(chars(b)));
        else if (n instanceof Repeat r) out.or(chars(r.body));
        else if (n instanceof Group g && !g.zeroWidth) out.or(chars(g.body));
        return out;
    }

    /** Characters that can start a non-empty match of the node. */
    private static BitSet first(Node n) {
        BitSet out = new BitSet(129);
        if (n instanceof CharNode c) {
            out.or(c.set);
        } else if (n instanceof Seq s) {
            for (Node i : s.items) {
                out.or(first(i));
                if (!nullable(i)) break;
            }
        } else if (n instanceof Alt a) {
            a.branches.forEach(b -> out.or(first(b)));
        } else if (n instanceof Repeat r) {
            out.or(first(r.body));
        } else if (n instanceof Group g && !g.zeroWidth) {
            out.or(first(g.body));
        }
        return out;
    }

    private static boolean unbounded(Repeat r) {
        return r.max < 0 || r.max > 100;
    }

    private static boolean vulnerable(Node n) {
        if (n instanceof Repeat r) {
            if (unbounded(r) && !r.possessive && (nestedAmbiguous(r.body) || overlappingAlternation(r.body))) return true;
            return vulnerable(r.body);
        }
        if (n instanceof Seq s) return s.items.stream().anyMatch(Analyzers::vulnerable);
        if (n instanceof Alt a) return a.branches.stream().anyMatch(Analyzers::vulnerable);
        if (n instanceof Group g) return !g.opaque && vulnerable(g.body);
        return false;
    }

    /**
     * Whether {@code body} (repeated without bound) contains an unbounded quantifier that can
     * absorb every other part of the body, so one input splits across iterations in many ways.
     */
    private static boolean nestedAmbiguous(Node body) {
        if (body instanceof Repeat r) {
            // an unbounded or variable-length (e.g. {1,5}) quantifier can split a run many ways
            if (!r.possessive && (unbounded(r) || (r.max > r.min && r.max >= 2))) return true;
            return nestedAmbiguous(r.body);
        }
        if (body instanceof Group g) return !g.opaque && nestedAmbiguous(g.body);
        if (body instanceof Alt a) return a.branches.stream().anyMatch(Analyzers::nestedAmbiguous);
        if (body instanceof Seq s) {
            for (int i = 0; i < s.items.size(); i++) {
                Node item = s.items.get(i);
                if (!nestedAmbiguous(item)) continue;
                BitSet inner = chars(item);
                boolean absorbs = true;
                for (int j = 0; j < s.items.size() && absorbs; j++) {
                    if (j == i) continue;
                    Node other = s.items.get(j);
                    if (nullable(other)) continue;
                    if (!chars(other).intersects(inner)) absorbs = false;
                }
                if (absorbs) return true;
            }
        }
        return false;
    }

    /** Whether {@code body} is (a group around) an alternation two of whose branches can match the same text. */
    private static boolean overlappingAlternation(Node body) {
        while (body instanceof Group g && !g.opaque) body = g.body;
        if (body instanceof Seq s && s.items.size() == 1) return overlappingAlternation(s.items.get(0));
        if (!(body instanceof Alt a)) return false;
        List<Node> bs = a.branches;
        BitSet anyFirst = new BitSet(129);
        for (Node b : bs) anyFirst.or(first(b));
        for (int i = 0; i < bs.size(); i++) {
            for (int j = i + 1; j < bs.size(); j++) {
                if (canMatchSame(bs.get(i), bs.get(j), anyFirst)) return true;
            }
        }
        return false;
    }

    /**
     * Whether two branches of a repeated alternation can match the same text: equal fixed-length
     * branches that overlap position by position, or a shorter branch overlapping the start of a
     * longer one whose rest can begin another iteration (as in {@code (a|aa)+} or {@code (a|b|ab)*});
     * for branches that are not fixed-length, overlapping first characters.
     */
    private static boolean canMatchSame(Node x, Node y, BitSet anyFirst) {
        if (nullable(x) && nullable(y)) return true;
        List<BitSet> fx = fixedSequence(x), fy = fixedSequence(y);
        if (fx != null && fy != null) {
            if (fx.isEmpty() || fy.isEmpty()) return false;
            List<BitSet> shorter = fx.size() <= fy.size() ? fx : fy, longer = shorter == fx ? fy : fx;
            for (int k = 0; k < shorter.size(); k++) if (!shorter.get(k).intersects(longer.get(k))) return false;
            return shorter.size() == longer.size() || longer.get(shorter.size()).intersects(anyFirst);
        }
        return first(x).intersects(first(y));
    }

    /** The per-position character sets of a fixed-length, alternation-free node, else null. */
    private static List<BitSet> fixedSequence(Node n) {
        List<BitSet> out = new ArrayList<>();
        return appendFixed(n, out) ? out : null;
    }

    private static boolean appendFixed(Node n, List<BitSet> out) {
        if (n instanceof CharNode c) {
            out.add(c.set);
            return true;
        }
        if (n instanceof Empty) return true;
        if (n instanceof Seq s) {
            for (Node i : s.items) if (!appendFixed(i, out)) return false;
            return true;
        }
        if (n instanceof Group g) return g.zeroWidth || appendFixed(g.body, out);
        if (n instanceof Repeat r && r.min == r.max && r.min <= 50) {
            for (int k = 0; k < r.min; k++) if (!appendFixed(r.body, out)) return false;
            return true;
        }
        return false;
    }

    /** A parser for Python's regular expression syntax, keeping only what the analysis needs. */
    private static final class RegexParser {
        private final String s;
        private int i;

        RegexParser(String s) {
            this.s = s;
        }

        Node parse() {
            Node n = alternation();
            if (i < s.length()) throw new IllegalArgumentException("unbalanced ')' at " + i);
            return n;
        }

        private Node alternation() {
            List<Node> branches = new ArrayList<>();
            branches.add(sequence());
            while (i < s.length() && s.charAt(i) == '|') {
                i++;
                branches.add(sequence());
            }
            return branches.size() == 1 ? branches.get(0) : new Alt(branches);
        }

        private Node sequence() {
            List<Node> items = new ArrayList<>();
            while (i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')') {
                Node atom = atom();
                if (atom == null) continue;
                items.add(quantified(atom));
            }
            return items.size() == 1 ? items.get(0) : new Seq(items);
        }

        private Node quantified(Node atom) {
            while (i < s.length()) {
                char c = s.charAt(i);
                int min, max;
                if (c == '*') { min = 0; max = -1; i++; }
                else if (c == '+') { min = 1; max = -1; i++; }
                else if (c == '?') { min = 0; max = 1; i++; }
                else if (c == '{') {
                    int close = s.indexOf('}', i);
                    if (close < 0) return atom;
                    String inner = s.substring(i + 1, close);
                    if (!inner.matches("\\d*(,\\d*)?") || inner.isEmpty() || inner.equals(",")) return atom;
                    int comma = inner.indexOf(',');
                    if (comma < 0) {
                        min = max = parseBound(inner);
                    } else {
                        min = comma == 0 ? 0 : parseBound(inner.substring(0, comma));
                        max = comma == inner.length() - 1 ? -1 : parseBound(inner.substring(comma + 1));
                    }
                    i = close + 1;
                } else {
                    return atom;
                }
                boolean possessive = false;
                if (i < s.length() && s.charAt(i) == '?') i++; // lazy: same backtracking
                else if (i < s.length() && s.charAt(i) == '+') { possessive = true; i++; }
                atom = new Repeat(atom, min, max, possessive);
            }
            return atom;
        }

        private static int parseBound(String t) {
            return t.length() > 6 ? 1_000_000 : Integer.parseInt(t);
        }

        /** One atom, or null for something that consumes nothing and can be dropped (comments, flags). */
        private Node atom() {
            char c = s.charAt(i);
            switch (c) {
                case '(': return group();
                case '[': return new CharNode(charClass());
                case '.': i++; {
                    BitSet b = all();
                    b.clear('\n');
                    return new CharNode(b);
                }
                case '^': case '$': i++; return new Empty();
                case '\\': return escape();
                case '*': case '+': case '?':
                    throw new IllegalArgumentException("nothing to repeat at " + i);
                default:
                    i++;
                    return new CharNode(of(c));
            }
        }

        private Node group() {
            i++; // (
            boolean opaque = false, zeroWidth = false;
            if (s.startsWith("?", i)) {
                if (s.startsWith("?:", i)) i += 2;
                else if (s.startsWith("?P<", i)) i = s.indexOf('>', i) + 1;
                else if (s.startsWith("?P=", i)) {
                    int close = s.indexOf(')', i);
                    if (close < 0) throw new IllegalArgumentException("unterminated group");
                    i = close + 1;
                    return new Empty(); // named backreference
                } else if (s.startsWith("?#", i)) {
                    int close = s.indexOf(')', i);
                    if (close < 0) throw new IllegalArgumentException("unterminated comment");
                    i = close + 1;
                    return null;
                } else if (s.startsWith("?>", i)) { i += 2; opaque = true; }
                else if (s.startsWith("?=", i) || s.startsWith("?!", i)) { i += 2; opaque = zeroWidth = true; }
                else if (s.startsWith("?<=", i) || s.startsWith("?<!", i)) { i += 3; opaque = zeroWidth = true; }
                else if (s.startsWith("?(", i)) { // conditional: treat as a plain group
                    int close = s.indexOf(')', i);
                    if (close < 0) throw new IllegalArgumentException("unterminated conditional");
                    i = close + 1;
                } else {
                    // inline flags (?aiLmsux) or scoped flags (?i:...)
                    int k = i + 1;
                    while (k < s.length() && (Character.isLetter(s.charAt(k)) || s.charAt(k) == '-')) k++;
                    if (k >= s.length()) throw new IllegalArgumentException("unterminated flags");
                    if (s.charAt(k) == ')') {
                        i = k + 1;
                        return null;
                    }
                    if (s.charAt(k) != ':') throw new IllegalArgumentException("bad group syntax at " + i);
                    i = k + 1;
                }
                if (i <= 0) throw new IllegalArgumentException("bad group name");
            }
            Node body = alternation();
            if (i >= s.length() || s.charAt(i) != ')') throw new IllegalArgumentException("missing ')'");
            i++;
            return new Group(body, opaque, zeroWidth);
        }

        private Node escape() {
            i++;
            if (i >= s.length()) throw new IllegalArgumentException("trailing backslash");
            char e = s.charAt(i++);
            switch (e) {
                case 'd': return new CharNode(digits());
                case 'D': return new CharNode(complement(digits()));
                case 'w': return new CharNode(word());
                case 'W': return new CharNode(complement(word()));
                case 's': return new CharNode(space());
                case 'S': return new CharNode(complement(space()));
                case 'b': case 'B': case 'A': case 'Z': case 'z': case 'G': return new Empty();
                default:
                    if (e >= '1' && e <= '9') {
                        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                        return new Empty(); // backreference
                    }
                    i--;
                    return new CharNode(of(escapedChar()));
            }
        }

        /** The character of a simple escape whose letter is at {@code i}; advances past it. */
        private int escapedChar() {
            char e = s.charAt(i++);
            switch (e) {
                case 'n': return '\n';
                case 't': return '\t';
                case 'r': return '\r';
                case 'f': return '\f';
                case 'v': return 0x0b;
                case 'a': return 7;
                case '0': return 0;
                case 'x': return hex(2);
                case 'u': return hex(4);
                case 'U': return hex(8);
                default: return e;
            }
        }

        private int hex(int n) {
            if (i + n > s.length()) throw new IllegalArgumentException("truncated escape");
            int v = Integer.parseInt(s.substring(i, i + n), 16);
            i += n;
            return v;
        }

        private BitSet charClass() {
            i++; // [
            boolean negate = false;
            if (i < s.length() && s.charAt(i) == '^') {
                negate = true;
                i++;
            }
            BitSet set = new BitSet(129);
            boolean firstItem = true;
            while (true) {
                if (i >= s.length()) throw new IllegalArgumentException("unterminated character class");
                char c = s.charAt(i);
                if (c == ']' && !firstItem) {
                    i++;
                    break;
                }
                firstItem = false;
                int lo;
                if (c == '\\') {
                    i++;
                    if (i >= s.length()) throw new IllegalArgumentException("trailing backslash");
                    char e = s.charAt(i);
                    BitSet cls = switch (e) {
                        case 'd' -> digits();
                        case 'D' -> complement(digits());
                        case 'w' -> word();
                        case 'W' -> complement(word());
                        case 's' -> space();
                        case 'S' -> complement(space());
                        default -> null;
                    };
                    if (cls != null) {
                        i++;
                        set.or(cls);
                        continue;
                    }
                    if (e == 'b') {
                        i++;
                        lo = '\b';
                    } else {
                        lo = escapedChar();
                    }
                } else {
                    lo = c;
                    i++;
                }
                if (i + 1 < s.length() && s.charAt(i) == '-' && s.charAt(i + 1) != ']') {
                    i++;
                    int hi;
                    if (s.charAt(i) == '\\') {
                        i++;
                        hi = escapedChar();
                    } else {
                        hi = s.charAt(i++);
                    }
                    if (hi < lo) throw new IllegalArgumentException("bad character range");
                    set.or(range(lo, hi));
                } else {
                    set.or(of(lo));
                }
            }
            return negate ? complement(set) : set;
        }
    }
}
