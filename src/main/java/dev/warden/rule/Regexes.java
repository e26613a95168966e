package dev.warden.rule;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Semgrep's regular expressions are PCRE; Java's {@link Pattern} accepts almost the same language.
 * {@link #translate} rewrites the PCRE-only forms that rules actually use:
 * <ul>
 *   <li>{@code (?P<name>...)}, {@code (?'name'...)} named groups → {@code (?<name>...)};
 *       {@code (?P=name)} → {@code \k<name>}</li>
 *   <li>group names Java rejects ({@code SECRET_KEY}: Java allows only letters and digits) are
 *       encoded; {@link #groupNames} gives back the original names</li>
 *   <li>POSIX classes {@code [[:alpha:]]} → {@code \p{Alpha}}; inside a character class a literal
 *       {@code [}, a leading {@code ]} and {@code &&} are escaped (Java gives them meaning)</li>
 *   <li>comments {@code (?#...)} are dropped</li>
 * </ul>
 * Anything else Java cannot compile (recursion, {@code \K}, verbs) stays an error.
 */
public final class Regexes {
    private Regexes() {}

    private static final String ENCODED_PREFIX = "zz";
    private static final Pattern JAVA_GROUP_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");

    /** Compiles a PCRE regex with Java's engine after {@link #translate}. */
    public static Pattern compile(String pcre) throws PatternSyntaxException {
        return Pattern.compile(translate(pcre));
    }

    /** Same, with {@link Pattern} flags ({@code pattern-regex} uses {@link Pattern#MULTILINE}, as Semgrep). */
    public static Pattern compile(String pcre, int flags) throws PatternSyntaxException {
        return Pattern.compile(translate(pcre), flags);
    }

    /**
     * The named groups of a pattern compiled here, in order: Java's group name → the name written
     * in the rule (they differ only for names Java does not accept, such as {@code KEY_ID}).
     */
    public static Map<String, String> groupNames(Pattern compiled) {
        Map<String, String> names = new LinkedHashMap<>();
        String s = compiled.pattern();
        boolean inClass = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') { i++; continue; }
            if (inClass) { if (c == ']') inClass = false; continue; }
            if (c == '[') { inClass = true; if (i + 1 < s.length() && s.charAt(i + 1) == ']') i++; continue; }
            if (c == '(' && s.startsWith("(?<", i) && i + 3 < s.length() && s.charAt(i + 3) != '=' && s.charAt(i + 3) != '!') {
                int end = s.indexOf('>', i + 3);
                if (end > 0) {
                    String javaName = s.substring(i + 3, end);
                    names.put(javaName, decodeName(javaName));
                }
            }
        }
        return names;
    }

    /** Rewrites PCRE-only syntax into Java's (see the class comment). */
    public static String translate(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int n = s.length();
        boolean inClass = false;
        int classBodyStart = -1;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) { out.append(c); i++; continue; }
                char d = s.charAt(i + 1);
                if (d == 'Q') {
                    int e = s.indexOf("\\E", i + 2);
                    int end = e < 0 ? n : e + 2;
                    out.append(s, i, end);
                    i = end;
                    continue;
                }
                if (d == 'g' && i + 2 < n && s.charAt(i + 2) == '{') {
                    int e = s.indexOf('}', i + 3);
                    if (e > 0) {
                        String ref = s.substring(i + 3, e);
                        if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty()) out.append('\\').append(ref);
                        else out.append("\\k<").append(javaName(ref)).append('>');
                        i = e + 1;
                        continue;
                    }
                }
                if (d == 'k' && i + 2 < n && (s.charAt(i + 2) == '<' || s.charAt(i + 2) == '{' || s.charAt(i + 2) == '\'')) {
                    char close = s.charAt(i + 2) == '<' ? '>' : s.charAt(i + 2) == '{' ? '}' : '\'';
                    int e = s.indexOf(close, i + 3);
                    if (e > 0) {
                        out.append("\\k<").append(javaName(s.substring(i + 3, e))).append('>');
                        i = e + 1;
                        continue;
                    }
                }
                out.append(c).append(d);
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == '[') {
                    if (s.startsWith("[:", i)) {
                        int e = s.indexOf(":]", i + 2);
                        if (e > 0) {
                            String rep = posixClass(s.substring(i + 2, e));
                            if (rep != null) {
                                out.append(rep);
                                i = e + 2;
                                continue;
                            }
                        }
                    }
                    out.append("\\[");
                    i++;
                    continue;
                }
                if (c == ']') {
                    if (i == classBodyStart) out.append("\\]");
                    else { out.append(']'); inClass = false; }
                    i++;
                    continue;
                }
                if (c == '&' && i + 1 < n && s.charAt(i + 1) == '&') {
                    out.append("\\&");
                    i++;
                    continue;
                }
                out.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append('[');
                i++;
                if (i < n && s.charAt(i) == '^') { out.append('^'); i++; }
                classBodyStart = i;
                continue;
            }
            if (c == '(' && i + 2 < n && s.charAt(i + 1) == '?') {
                if (s.startsWith("(?P<", i) || s.startsWith("(?'", i)
                        || (s.startsWith("(?<", i) && i + 3 < n && s.charAt(i + 3) != '=' && s.charAt(i + 3) != '!')) {
                    int nameStart = s.startsWith("(?P<", i) ? i + 4 : i + 3;
                    char close = s.charAt(i + 2) == '\'' ? '\'' : '>';
                    int e = s.indexOf(close, nameStart);
                    if (e > 0) {
                        out.append("(?<").append(javaName(s.substring(nameStart, e))).append('>');
                        i = e + 1;
                        continue;
                    }
                }
                if (s.startsWith("(?P=", i)) {
                    int e = s.indexOf(')', i + 4);
                    if (e > 0) {
                        out.append("\\k<").append(javaName(s.substring(i + 4, e))).append('>');
                        i = e + 1;
                        continue;
                    }
                }
                if (s.startsWith("(?#", i)) {
                    int e = s.indexOf(')', i + 3);
                    if (e > 0) { i = e + 1; continue; }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String posixClass(String name) {
        boolean negated = name.startsWith("^");
        String base = negated ? name.substring(1) : name;
        String prop = switch (base) {
            case "alpha" -> "Alpha";
            case "digit" -> "Digit";
            case "alnum" -> "Alnum";
            case "upper" -> "Upper";
            case "lower" -> "Lower";
            case "space" -> "Space";
            case "punct" -> "Punct";
            case "xdigit" -> "XDigit";
            case "blank" -> "Blank";
            case "cntrl" -> "Cntrl";
            case "print" -> "Print";
            case "graph" -> "Graph";
            case "ascii" -> "ASCII";
            case "word" -> null;
            default -> "";
        };
        if (prop == null) return negated ? "\\W" : "\\w";
        if (prop.isEmpty()) return null;
        return (negated ? "\\P{" : "\\p{") + prop + "}";
    }

    /** The name Java accepts for a PCRE group name: itself when valid, else an encoding. */
    static String javaName(String name) {
        if (JAVA_GROUP_NAME.matcher(name).matches() && !looksEncoded(name)) return name;
        StringBuilder sb = new StringBuilder(ENCODED_PREFIX);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) sb.append(String.format("%02x", b & 0xff));
        return sb.toString();
    }

    private static boolean looksEncoded(String name) {
        return name.startsWith(ENCODED_PREFIX) && decodeHex(name.substring(ENCODED_PREFIX.length())) != null;
    }

    private static String decodeName(String javaName) {
        if (!javaName.startsWith(ENCODED_PREFIX)) return javaName;
        String decoded = decodeHex(javaName.substring(ENCODED_PREFIX.length()));
        return decoded == null ? javaName : decoded;
    }

    private static String decodeHex(String hex) {
        if (hex.isEmpty() || hex.length() % 2 != 0) return null;
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) return null;
            bytes[i] = (byte) (hi * 16 + lo);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
