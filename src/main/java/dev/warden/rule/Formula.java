package dev.warden.rule;

import dev.warden.match.SemgrepPattern;
import java.util.List;

/**
 * A rule's search formula, from either syntax: the classic keys ({@code pattern},
 * {@code patterns}, {@code pattern-either}, {@code pattern-not}, {@code pattern-inside}, ...)
 * and the newer {@code match:} ({@code all}, {@code any}, {@code not}, {@code inside},
 * {@code regex}, {@code where}) load into the same tree.
 */
public sealed interface Formula {
    Position position();

    /**
     * {@code pattern}: a Semgrep pattern. {@code compiled} is null only inside a
     * {@code metavariable-pattern} whose {@code language} is not Python (e.g. {@code generic}).
     */
    record Pattern(String text, SemgrepPattern compiled, Position position) implements Formula {}

    /** {@code pattern-regex} / {@code regex}: a regex over the file text; named groups bind metavariables. */
    record Regex(String regex, java.util.regex.Pattern compiled, Position position) implements Formula {}

    /**
     * {@code patterns} / {@code all}: the conjunction of its terms (positive terms, {@link Not},
     * {@link Inside}, {@link NotInside}), then the conditions filter the results, then focus narrows
     * each range to a metavariable's.
     *
     * <p>The newer syntax lets any formula carry {@code where:}, {@code fix:} and {@code as:}; the
     * loader wraps such a formula in an {@code And} (a single term when it was not already an
     * {@code all}). {@code fix} (null when absent) replaces the rule's {@code fix} for the findings
     * this formula produces; {@code as} (null when absent) binds that metavariable to the whole
     * matched range, before the conditions run. {@code prefilter}, the words a file needs for the
     * conjunction to match, is derived by the shorter constructors (an alternative of an either
     * is skipped with it).
     */
    record And(List<Formula> terms, List<Condition> conditions, List<Focus> focus, Position position,
               String fix, String as, Prefilter prefilter) implements Formula {
        public And(List<Formula> terms, List<Condition> conditions, List<Focus> focus, Position position, String fix, String as) {
            this(terms, conditions, focus, position, fix, as, Prefilter.ofConjunction(terms, conditions));
        }

        /** The usual conjunction, without the newer syntax's per-formula {@code fix:} and {@code as:}. */
        public And(List<Formula> terms, List<Condition> conditions, List<Focus> focus, Position position) {
            this(terms, conditions, focus, position, null, null);
        }
    }

    /** {@code pattern-either} / {@code any}. */
    record Or(List<Formula> alternatives, Position position) implements Formula {}

    /** {@code pattern-not}, {@code pattern-not-regex}, {@code not}: removes matching ranges. */
    record Not(Formula formula, Position position) implements Formula {}

    /** {@code pattern-inside} / {@code inside}: keeps ranges inside one of its matches. */
    record Inside(Formula formula, Position position) implements Formula {}

    /** {@code pattern-not-inside}: removes ranges inside one of its matches. */
    record NotInside(Formula formula, Position position) implements Formula {}

    /** {@code anywhere} (newer syntax): holds when its formula matches anywhere in the file. */
    record Anywhere(Formula formula, Position position) implements Formula {}

    /** {@code focus-metavariable}: one or several metavariables whose ranges become the finding's. */
    record Focus(List<String> metavariables, Position position) {}
}
