package dev.warden.match;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A condition a metavariable's binding must meet, checked by the matcher when it binds (so the
 * search drops a way of matching at once instead of after): the bound text matches a regex from
 * its start ({@code metavariable-regex}), or a binding in an identifier position (a function,
 * attribute or keyword name) is one of some names ({@code metavariable-pattern} with plain names;
 * other bindings are left to the rule's own check).
 */
public record BindingFilter(Pattern regex, String literalStart, Set<String> identifiers) {
    public static BindingFilter regex(Pattern regex) { return new BindingFilter(regex, literalStart(regex), null); }

    public static BindingFilter identifiers(Set<String> names) { return new BindingFilter(null, null, Set.copyOf(names)); }

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
                : start < 0 || end > source.length() || end < start ? "" : source.text(start, end);
        return text.startsWith(literalStart) && regex.matcher(text).lookingAt();
    }
}
