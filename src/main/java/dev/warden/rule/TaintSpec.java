package dev.warden.rule;

import java.util.List;

/**
 * A taint rule's specification, from either syntax ({@code pattern-sources}/... or the newer
 * {@code taint:}): each source, sink, sanitizer and propagator is a full formula plus the
 * options Semgrep documents for it.
 */
public record TaintSpec(List<Source> sources, List<Sink> sinks, List<Sanitizer> sanitizers, List<Propagator> propagators) {

    /** {@code by-side-effect}: no, yes ({@code true}), or only the later occurrences ({@code only}). */
    public enum SideEffect { NO, YES, ONLY }

    /** The label a source without {@code label:} gives its taint. */
    public static final String DEFAULT_LABEL = "__SOURCE__";

    /**
     * A source. {@code exact} false (the default): every expression inside a match is tainted too.
     * {@code requires} (null when absent) must hold of the matched expression's own taint.
     */
    public record Source(Formula formula, boolean exact, SideEffect bySideEffect, String label, LabelExpr requires,
                         boolean control, Position position) {}

    /**
     * A sink. {@code exact} true (the default): the expression the match covers exactly (for a call,
     * its arguments) must be tainted; false: taint anywhere inside the match is enough.
     * {@code requires} null means any taint.
     */
    public record Sink(Formula formula, boolean exact, LabelExpr requires, Position position) {
        /**
         * Whether the sink is a focused metavariable ({@code focus-metavariable}): then the matched
         * expression itself must be tainted; otherwise a matched call ({@code sink(...)}) is a
         * sink for its arguments.
         */
        public boolean focused() { return hasFocus(formula); }

        private static boolean hasFocus(Formula f) {
            if (f instanceof Formula.And a) {
                if (!a.focus().isEmpty()) return true;
                for (Formula t : a.terms()) if (!(t instanceof Formula.Not || t instanceof Formula.NotInside || t instanceof Formula.Inside) && hasFocus(t)) return true;
                return false;
            }
            if (f instanceof Formula.Or o) {
                for (Formula t : o.alternatives()) if (hasFocus(t)) return true;
            }
            return false;
        }
    }


    /** A sanitizer. {@code exact} false (the default): everything inside a match is clean. */
    public record Sanitizer(Formula formula, boolean exact, SideEffect bySideEffect, boolean notConflicting,
                            Position position) {}

    /**
     * A propagator: where it matches, the taint of metavariable {@code from} flows into {@code to}
     * (by side effect unless {@code bySideEffect} is false). {@code label} (null when absent)
     * relabels the flowing taint; {@code replaceLabels} lists labels dropped from it.
     */
    public record Propagator(Formula formula, String from, String to, boolean bySideEffect, String label,
                             LabelExpr requires, List<String> replaceLabels, Position position) {}
}
