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
public record BindingFilter(Pattern regex, Set<String> identifiers) {
    public static BindingFilter regex(Pattern regex) { return new BindingFilter(regex, null); }

    public static BindingFilter identifiers(Set<String> names) { return new BindingFilter(null, Set.copyOf(names)); }

    /** Whether a binding to {@code value} (an identifier as a String, else a node) at {@code [start, end)} of the source may stand. */
    boolean allows(Object value, dev.warden.python.Source source, int start, int end) {
        if (identifiers != null) return !(value instanceof String) || identifiers.contains(value);
        String text = value instanceof String ? (String) value
                : start < 0 || end > source.length() || end < start ? "" : source.text(start, end);
        return regex.matcher(text).lookingAt();
    }
}
