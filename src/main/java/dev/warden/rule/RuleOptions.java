package dev.warden.rule;

/** The rule {@code options} that change matching for Python rules (Semgrep's defaults). */
public record RuleOptions(
        boolean constantPropagation,
        boolean symbolicPropagation,
        boolean decoratorsOrderMatters,
        boolean symmetricEq,
        boolean commutativeBoolop,
        boolean taintAssumeSafeFunctions,
        boolean taintAssumeSafeIndexes,
        boolean taintAssumeSafeBooleans,
        boolean taintAssumeSafeNumbers,
        boolean taintAssumeSafeComparisons,
        boolean taintOnlyPropagateThroughAssignments,
        boolean taintUnifyMvars,
        boolean taintFocusOnSource,
        boolean attrExpr) {

    public static final RuleOptions DEFAULTS =
            new RuleOptions(true, false, false, false, false, false, false, false, false, false, false, false, false, true);
}
