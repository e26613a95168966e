package dev.warden.rule;

import java.util.List;
import java.util.Map;

/**
 * One rule of a Semgrep-format rule file, validated. {@code formula} is null for taint rules,
 * whose sources, sinks, sanitizers and propagators are in {@code taint}. {@code prefilter}, the
 * words a file needs for the rule to match, is derived from them by the shorter constructor.
 */
public record Rule(
        String id,
        String message,
        String severity,
        List<String> languages,
        Map<String, Object> metadata,
        RuleOptions options,
        List<String> includePaths,
        List<String> excludePaths,
        String fix,
        FixRegex fixRegex,
        Formula formula,
        TaintSpec taint,
        Position position,
        Prefilter prefilter) {

    public Rule(String id, String message, String severity, List<String> languages, Map<String, Object> metadata,
                RuleOptions options, List<String> includePaths, List<String> excludePaths, String fix, FixRegex fixRegex,
                Formula formula, TaintSpec taint, Position position) {
        this(id, message, severity, languages, metadata, options, includePaths, excludePaths, fix, fixRegex,
                formula, taint, position, taint != null ? Prefilter.of(taint) : Prefilter.of(formula));
    }

    public boolean isTaint() { return taint != null; }

    /** {@code fix-regex}: replace the first {@code count} (all when null) matches of regex in the finding's text. */
    public record FixRegex(java.util.regex.Pattern regex, String replacement, Integer count) {}
}
