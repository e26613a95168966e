package dev.warden.rule;

import dev.warden.match.Binding;
import java.util.Map;

/**
 * One result of a rule in a file: the range (UTF-8 byte offsets into the file's Source, end
 * exclusive), the metavariable bindings, the rule's message with {@code $X} interpolated, and
 * the fix template that applies (the rule's, or that of the formula alternative that matched), and
 * for taint rules how the data got there (null otherwise).
 */
public record Finding(Rule rule, int start, int end, Map<String, Binding> bindings, String message, String fix,
                      dev.warden.match.DataflowTrace trace) {
    /** A search-mode finding (no dataflow trace). */
    public Finding(Rule rule, int start, int end, Map<String, Binding> bindings, String message, String fix) {
        this(rule, start, end, bindings, message, fix, null);
    }

    /** A finding whose fix, if any, is the rule's own. */
    public Finding(Rule rule, int start, int end, Map<String, Binding> bindings, String message) {
        this(rule, start, end, bindings, message, rule.fix());
    }
}
