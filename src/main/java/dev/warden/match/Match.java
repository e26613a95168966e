package dev.warden.match;

import java.util.Map;

/**
 * One place a pattern matched: the matched range (UTF-8 byte offsets into the file's
 * {@code Source}, end exclusive) and what each metavariable was bound to, in binding order; for
 * taint rules, the dataflow trace (else null).
 */
public record Match(int start, int end, Map<String, Binding> bindings, DataflowTrace trace) {
    public Match(int start, int end, Map<String, Binding> bindings) { this(start, end, bindings, null); }
}
