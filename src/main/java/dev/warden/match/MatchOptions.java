package dev.warden.match;

/** The rule options that change how a pattern matches (Semgrep's {@code options:} for Python). */
public record MatchOptions(boolean constantPropagation, boolean decoratorsOrderMatters, boolean symbolicPropagation) {
    public static final MatchOptions DEFAULTS = new MatchOptions(true, false, false);
}
