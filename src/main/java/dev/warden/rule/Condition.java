package dev.warden.rule;

import java.util.List;

/** A filter on a match's metavariable bindings, applied after a conjunction's terms. */
public sealed interface Condition {
    Position position();

    /** {@code metavariable-regex}: the bound text matches, anchored at its start. */
    record MetavariableRegex(String metavariable, java.util.regex.Pattern regex, boolean constantPropagation,
                             Position position) implements Condition {}

    /**
     * {@code metavariable-pattern}: the bound code (or, with {@code language: generic} or
     * {@code regex}, its text) matches a nested formula.
     */
    record MetavariablePattern(String metavariable, Formula formula, String language, Position position) implements Condition {}

    /** {@code metavariable-comparison}: a Python-like expression over metavariables is true. */
    record MetavariableComparison(String metavariable, String comparison, boolean strip, Integer base,
                                  Position position) implements Condition {}

    /** {@code metavariable-analysis}: an analyzer ({@code entropy}, {@code redos}) flags the bound value. */
    record MetavariableAnalysis(String metavariable, String analyzer, Position position) implements Condition {}

    /**
     * {@code metavariable-type} (or {@code where: - metavariable: ... type:}): the bound expression
     * has one of the types, each written as in the target language ({@code str}, {@code int}, a
     * class name); {@code language} is null unless the rule says otherwise.
     */
    record MetavariableType(String metavariable, List<String> types, String language, Position position) implements Condition {}
}
