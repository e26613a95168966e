package dev.warden.fix;

import dev.warden.match.Binding;
import dev.warden.pattern.Pattern;
import dev.warden.python.ast.Expr;
import dev.warden.python.Source;
import dev.warden.rule.Finding;
import dev.warden.rule.Rule;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Autofix, as Semgrep's: turns a finding of a rule with {@code fix:} or {@code fix-regex:} into a
 * text {@link Edit} of the file, and applies a set of edits to a file's text. Used by
 * {@code warden test} (fix tests) and by {@code scan --autofix}.
 *
 * <p>{@code fix:} is a template: each {@code $X} / {@code $...X} bound by the match is replaced by
 * the source text it covers (longest names first, so {@code $AB} is not read as {@code $A} + B;
 * substituted text is never scanned again). Trailing white space of the template is dropped (a YAML
 * block scalar ends in a newline), and lines after the first are indented to the column where the
 * match starts, so a multi-line fix lines up with the code it replaces. Where Semgrep re-prints the
 * fixed syntax tree, a few of its visible effects are reproduced on the text: an empty
 * {@code $...X} takes an adjacent comma with it, a quoted metavariable ({@code "$X"}) bound to a
 * whole string literal is replaced by that literal, and a fix that is a binary operation is
 * parenthesized (it replaces an expression that may be an operand).
 *
 * <p>{@code fix-regex:} replaces the first {@code count} (all when absent) matches of the regex in
 * the finding's text; the replacement may refer to groups as {@code \1}, {@code \g<1>},
 * {@code \g<name>}, {@code $1} or {@code ${1}}.
 *
 * <p>All offsets are UTF-8 byte offsets into {@link Source#bytes()}, end exclusive.
 */
public final class Fixes {
    private Fixes() {}

    private static final java.util.regex.Pattern ELLIPSIS_METAVARIABLE = java.util.regex.Pattern.compile("\\$\\.\\.\\.[A-Z_][A-Z0-9_]*");

    /** Replace bytes [start, end) with {@code replacement}. */
    public record Edit(int start, int end, String replacement) {}

    /** The text after applying edits, and the edits left out because they overlapped an earlier one. */
    public record Applied(String text, List<Edit> skipped) {}

    /** {@link Applied} on UTF-8 bytes. */
    public record AppliedBytes(byte[] bytes, List<Edit> skipped) {
        public String text() { return new String(bytes, StandardCharsets.UTF_8); }
    }

    /** The edit a finding's rule proposes, or null when the rule has no fix (or it does not apply). */
    public static Edit edit(Finding f, Source source) {
        Rule rule = f.rule();
        if (f.fix() != null) {
            return new Edit(f.start(), f.end(), withLineEndings(renderTemplate(f.fix(), f, source), source, f.start()));
        }
        if (rule.fixRegex() != null) {
            Rule.FixRegex fr = rule.fixRegex();
            String text = source.text(f.start(), f.end());
            String fixed = replaceRegex(fr.regex(), text, fr.replacement(), fr.count());
            return fixed.equals(text) ? null : new Edit(f.start(), f.end(), withLineEndings(fixed, source, f.start()));
        }
        return null;
    }

    // ------------------------------------------------------------------ fix:
    /**
     * A fix's new lines end as the code's do: on a line ending in CRLF, each bare LF the fix brings
     * (rules are written with LF) becomes CRLF; the code's own CRLFs are kept.
     */
    static String withLineEndings(String fix, Source source, int offset) {
        if (fix.indexOf('\n') < 0 || !endsInCrlf(source, offset)) return fix;
        StringBuilder sb = new StringBuilder(fix.length() + 8);
        for (int i = 0; i < fix.length(); i++) {
            char c = fix.charAt(i);
            if (c == '\n' && (i == 0 || fix.charAt(i - 1) != '\r')) sb.append('\r');
            sb.append(c);
        }
        return sb.toString();
    }

    /** Whether the line at {@code offset} (or, on a last line without an end, the line before) ends in CRLF. */
    private static boolean endsInCrlf(Source source, int offset) {
        byte[] b = source.bytes();
        int n = source.length();
        for (int i = Math.max(0, offset); i < n; i++) if (b[i] == '\n') return i > 0 && b[i - 1] == '\r';
        for (int i = Math.min(offset, n) - 1; i >= 0; i--) if (b[i] == '\n') return i > 0 && b[i - 1] == '\r';
        return false;
    }


    static String renderTemplate(String template, Finding f, Source source) {
        String t = stripTrailing(template);
        t = indentContinuationLines(t, indentOf(source, f.start()));
        Map<String, Binding> bindings = new java.util.HashMap<>(f.bindings() == null ? Map.of() : f.bindings());
        // a $...X the match left unbound stands for an empty run
        Matcher dots = ELLIPSIS_METAVARIABLE.matcher(t);
        while (dots.find()) bindings.putIfAbsent(dots.group(), new Binding(-1, -1, null));
        List<String> names = new ArrayList<>(bindings.keySet());
        names.removeIf(n -> !n.startsWith("$"));
        names.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        String out = substitute(t, names, bindings, source);
        if (needsParentheses(out)) out = "(" + out + ")";
        return out;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) end--;
        return s.substring(0, end);
    }

    /** The white space to put before continuation lines: the match's line up to its start, blanked. */
    private static String indentOf(Source source, int offset) {
        int lineStart = source.lines().lineStart(source.lines().line(offset));
        String before = source.text(lineStart, offset);
        StringBuilder sb = new StringBuilder(before.length());
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            sb.append(c == '\t' ? '\t' : ' ');
        }
        return sb.toString();
    }

    private static String indentContinuationLines(String t, String indent) {
        if (indent.isEmpty() || t.indexOf('\n') < 0) return t;
        String[] lines = t.split("\n", -1);
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            String line = lines[i];
            if (!line.isBlank()) sb.append(indent);
            sb.append(line);
        }
        return sb.toString();
    }

    private static String substitute(String t, List<String> names, Map<String, Binding> bindings, Source source) {
        StringBuilder sb = new StringBuilder(t.length() + 32);
        int i = 0;
        outer:
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '$') {
                for (String name : names) {
                    if (!t.startsWith(name, i)) continue;
                    Binding b = bindings.get(name);
                    String value = bindingText(b, source);
                    int after = i + name.length();
                    String literal = enclosingLiteral(b, source);
                    if (literal != null) value = literal;
                    // "$X" bound to a whole string literal: the literal replaces the quoted template.
                    if (i > 0 && after < t.length() && isQuote(t.charAt(i - 1)) && t.charAt(after) == t.charAt(i - 1)
                            && isStringLiteral(value) && sb.length() > 0) {
                        sb.setLength(sb.length() - 1);
                        sb.append(value);
                        i = after + 1;
                        continue outer;
                    }
                    if (value.isEmpty() && name.startsWith("$...")) {
                        // drop one adjacent separator: "f($...A, x)" with A empty is "f(x)"
                        int j = skipSpaces(t, after);
                        if (j < t.length() && t.charAt(j) == ',') {
                            i = skipSpaces(t, j + 1);
                            continue outer;
                        }
                        int k = sb.length();
                        while (k > 0 && sb.charAt(k - 1) == ' ') k--;
                        if (k > 0 && sb.charAt(k - 1) == ',') sb.setLength(k - 1);
                        i = after;
                        continue outer;
                    }
                    sb.append(value);
                    i = after;
                    continue outer;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }

    private static String bindingText(Binding b, Source source) {
        if (b == null || b.start() < 0 || b.end() <= b.start() || b.end() > source.length()) return "";
        return source.text(b.start(), b.end());
    }

    private static boolean isQuote(char c) { return c == '"' || c == '\''; }

    /** For a binding of a string's content (a "$X" pattern), the whole literal with its quotes; else null. */
    private static String enclosingLiteral(Binding b, Source source) {
        if (b == null || !(b.value() instanceof String) || b.start() < 1 || b.end() >= source.length()) return null;
        byte[] bytes = source.bytes();
        byte open = bytes[b.start() - 1], close = bytes[b.end()];
        if ((open != '"' && open != '\'') || close != open) return null;
        int quotes = 1;
        while (quotes < 3 && b.start() - quotes - 1 >= 0 && b.end() + quotes < source.length()
                && bytes[b.start() - quotes - 1] == open && bytes[b.end() + quotes] == open) quotes++;
        int from = b.start() - quotes;
        while (from > 0 && "rRbBuUfF".indexOf(bytes[from - 1]) >= 0) from--;
        return source.text(from, b.end() + quotes);
    }

    /** A Python string literal, prefix ({@code r}, {@code b}, {@code f}, ...) and quotes included. */
    private static boolean isStringLiteral(String v) {
        int i = 0;
        while (i < v.length() && i < 2 && "rRbBuUfF".indexOf(v.charAt(i)) >= 0) i++;
        if (i >= v.length() || !isQuote(v.charAt(i))) return false;
        char last = v.charAt(v.length() - 1);
        return v.length() - i >= 2 && isQuote(last);
    }

    /** A fix that is an expression whose root is a binary operation gets parentheses, as Semgrep prints it. */
    private static boolean needsParentheses(String fix) {
        if (fix.isEmpty() || fix.indexOf('\n') >= 0) return false;
        if (fix.startsWith("(") && fix.endsWith(")")) return false;
        try {
            Pattern p = Pattern.parse(fix);
            return p.isExpression() && p.expression() instanceof Expr.BinOp;
        } catch (Exception | StackOverflowError e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ fix-regex:

    /** Python's {@code re.sub(regex, replacement, text, count)}, with {@code $N} also accepted. */
    public static String replaceRegex(java.util.regex.Pattern regex, String text, String replacement, Integer count) {
        Matcher m = regex.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0, done = 0, from = 0;
        int limit = count == null || count <= 0 ? Integer.MAX_VALUE : count;
        while (done < limit && from <= text.length() && m.find(from)) {
            sb.append(text, last, m.start());
            sb.append(expandReplacement(replacement, m));
            last = m.end();
            done++;
            from = m.end() == m.start() ? m.end() + 1 : m.end(); // step over an empty match
        }
        sb.append(text, last, text.length());
        return sb.toString();
    }

    static String expandReplacement(String r, Matcher m) {
        StringBuilder sb = new StringBuilder();
        int n = r.length();
        for (int i = 0; i < n; i++) {
            char c = r.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = r.charAt(i + 1);
                if (Character.isDigit(d)) {
                    int j = i + 1, g = 0;
                    while (j < n && j < i + 3 && Character.isDigit(r.charAt(j)) && g * 10 + (r.charAt(j) - '0') <= m.groupCount()) {
                        g = g * 10 + (r.charAt(j) - '0');
                        j++;
                    }
                    if (j > i + 1) {
                        appendGroup(sb, m, g);
                        i = j - 1;
                        continue;
                    }
                } else if (d == 'g' && i + 2 < n && r.charAt(i + 2) == '<') {
                    int close = r.indexOf('>', i + 3);
                    if (close > 0) {
                        String name = r.substring(i + 3, close);
                        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) appendGroup(sb, m, Integer.parseInt(name));
                        else {
                            try {
                                String v = m.group(name);
                                if (v != null) sb.append(v);
                            } catch (IllegalArgumentException e) {
                                sb.append(r, i, close + 1);
                            }
                        }
                        i = close;
                        continue;
                    }
                } else {
                    switch (d) {
                        case 'n' -> { sb.append('\n'); i++; continue; }
                        case 't' -> { sb.append('\t'); i++; continue; }
                        case 'r' -> { sb.append('\r'); i++; continue; }
                        case '\\' -> { sb.append('\\'); i++; continue; }
                        default -> { }
                    }
                }
            } else if (c == '$' && i + 1 < n) {
                char d = r.charAt(i + 1);
                if (Character.isDigit(d) && d - '0' <= m.groupCount()) {
                    int j = i + 1, g = 0;
                    while (j < n && Character.isDigit(r.charAt(j)) && g * 10 + (r.charAt(j) - '0') <= m.groupCount()) {
                        g = g * 10 + (r.charAt(j) - '0');
                        j++;
                    }
                    appendGroup(sb, m, g);
                    i = j - 1;
                    continue;
                }
                if (d == '{') {
                    int close = r.indexOf('}', i + 2);
                    if (close > 0) {
                        String name = r.substring(i + 2, close);
                        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && Integer.parseInt(name) <= m.groupCount()) {
                            appendGroup(sb, m, Integer.parseInt(name));
                            i = close;
                            continue;
                        }
                    }
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static void appendGroup(StringBuilder sb, Matcher m, int g) {
        if (g > m.groupCount()) return;
        String v = m.group(g);
        if (v != null) sb.append(v);
    }

    // ------------------------------------------------------------------ applying

    /**
     * Applies edits (UTF-8 byte offsets into {@code text}'s UTF-8 encoding). Edits are taken in
     * order of start (then end); one that overlaps an edit already taken is skipped and reported.
     * An edit identical to one already taken is dropped silently (two rules proposing one fix).
     */
    public static Applied apply(String text, List<Edit> edits) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        AppliedBytes r = apply(b, b.length, edits);
        return new Applied(r.text(), r.skipped());
    }

    /** {@link #apply(String, List)} on the first {@code length} bytes of a UTF-8 buffer. */
    public static AppliedBytes apply(byte[] utf8, int length, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>();
        for (Edit e : edits) if (e != null) sorted.add(e);
        sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        List<Edit> skipped = new ArrayList<>();
        int pos = 0;
        Edit prev = null;
        for (Edit e : sorted) {
            if (e.start() < 0 || e.end() < e.start() || e.end() > length) {
                skipped.add(e);
                continue;
            }
            if (prev != null) {
                if (prev.equals(e)) continue;
                boolean overlaps = e.start() < prev.end() || e.start() == prev.start();
                if (overlaps) {
                    skipped.add(e);
                    continue;
                }
            }
            out.write(utf8, pos, e.start() - pos);
            byte[] rep = e.replacement().getBytes(StandardCharsets.UTF_8);
            out.write(rep, 0, rep.length);
            pos = e.end();
            prev = e;
        }
        out.write(utf8, pos, length - pos);
        return new AppliedBytes(out.toByteArray(), List.copyOf(skipped));
    }
}
