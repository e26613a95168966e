package dev.warden.match;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A condition a metavariable's binding must meet, checked by the matcher when it binds (so the
 * search drops a way of matching at once instead of after): the bound text matches a regex from
 * its start ({@code metavariable-regex}), or a binding in an identifier position (a function,
 * attribute or keyword name) is one of some names ({@code metavariable-pattern} with plain names;
 * other bindings are left to the rule's own check).
 *
 * <p>A regex's verdicts on short texts are remembered, shared by every filter made from the same
 * compiled regex (a rule's condition, for every file): the same names are bound again and again.
 */
public final class BindingFilter {
    /** Verdicts kept per filter at most; beyond, texts are judged each time. */
    private static final int MAX_VERDICTS = 50_000;
    /** Texts longer than this are not remembered: they rarely repeat. */
    private static final int MAX_REMEMBERED_LENGTH = 80;

    private final Pattern regex;
    private final String literalStart;
    private final Set<String> identifiers;
    private final java.util.Map<String, Boolean> verdicts;

    /** Verdicts per compiled regex; weak keys, so a rule set that is dropped takes its verdicts along. */
    private static final java.util.Map<Pattern, java.util.Map<String, Boolean>> VERDICTS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private BindingFilter(Pattern regex, String literalStart, Set<String> identifiers) {
        this.regex = regex;
        this.literalStart = literalStart;
        this.identifiers = identifiers;
        this.verdicts = regex == null ? null : VERDICTS.computeIfAbsent(regex, k -> new java.util.concurrent.ConcurrentHashMap<>());
    }

    public static BindingFilter regex(Pattern regex) { return new BindingFilter(regex, literalStart(regex), null); }

    public static BindingFilter identifiers(Set<String> names) { return new BindingFilter(null, null, Set.copyOf(names)); }

    /** The regex (null for a choice of identifiers). */
    public Pattern regex() { return regex; }

    /** What every text the regex accepts starts with ("" when nothing is known; null for identifiers). */
    public String literalStart() { return literalStart; }

    /** The names an identifier binding must be one of (null for a regex). */
    public Set<String> identifiers() { return identifiers; }

    /** The letters, digits and underscores a regex starts with ({@code is_} of {@code is_.*}), which any match starts with. */
    private static String literalStart(Pattern regex) {
        if (regex.flags() != 0) return "";
        String r = regex.pattern();
        int n = 0;
        while (n < r.length() && (Character.isLetterOrDigit(r.charAt(n)) && r.charAt(n) < 0x80 || r.charAt(n) == '_')) n++;
        // a quantifier or alternation right after would make the last letter optional or the prefix one choice
        if (n < r.length() && "?*{|".indexOf(r.charAt(n)) >= 0) n--;
        if (n > 0 && r.indexOf('|') >= 0) n = 0;
        return r.substring(0, Math.max(n, 0));
    }

    /** Whether a binding to {@code value} (an identifier as a String, else a node) at {@code [start, end)} of the source may stand. */
    boolean allows(Object value, dev.warden.python.Source source, int start, int end) {
        if (identifiers != null) return !(value instanceof String) || identifiers.contains(value);
        String text = value instanceof String ? (String) value
                : value instanceof dev.warden.python.ast.Expr.Name && source.spells(start, end, ((dev.warden.python.ast.Expr.Name) value).id())
                ? ((dev.warden.python.ast.Expr.Name) value).id()
                : start < 0 || end > source.length() || end < start ? "" : source.text(start, end);
        if (!text.startsWith(literalStart)) return false;
        if (text.length() > MAX_REMEMBERED_LENGTH) return regex.matcher(text).lookingAt();
        Boolean known = verdicts.get(text);
        if (known != null) return known;
        boolean verdict = regex.matcher(text).lookingAt();
        if (verdicts.size() < MAX_VERDICTS) verdicts.put(text, verdict);
        return verdict;
    }
}
