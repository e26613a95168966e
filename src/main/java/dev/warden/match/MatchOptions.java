package dev.warden.match;

/**
 * The rule options that change how a pattern matches (Semgrep's {@code options:} for Python).
 * {@code decoratorsAsExpressions} is Semgrep's {@code attr_expr}: when false, an expression pattern
 * ({@code f(...)}) does not match a decorator ({@code @f(...)}) itself.
 */
public record MatchOptions(boolean constantPropagation, boolean decoratorsOrderMatters, boolean symbolicPropagation,
                           boolean decoratorsAsExpressions) {
    public static final MatchOptions DEFAULTS = new MatchOptions(true, false, false, true);

    public MatchOptions(boolean constantPropagation, boolean decoratorsOrderMatters, boolean symbolicPropagation) {
        this(constantPropagation, decoratorsOrderMatters, symbolicPropagation, true);
    }
}
