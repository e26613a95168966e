package dev.warden.scan;

import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.rule.Finding;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.taint.TaintEngine;
import java.util.List;

/** Runs a rule of either mode on a file: search rules by {@link RuleEngine}, taint rules by {@link TaintEngine}. */
public final class RuleRunner {
    private RuleRunner() {}

    public static List<Finding> run(Rule rule, ParseResult file) {
        return rule.isTaint() ? TaintEngine.run(rule, file) : RuleEngine.run(rule, file);
    }

    /** The cheap check on a file's bytes that lets parsing be skipped when the rule cannot match. */
    public static boolean mayMatch(Rule rule, Source source) {
        return rule.isTaint() ? TaintEngine.mayMatch(rule, source) : RuleEngine.mayMatch(rule, source);
    }
}
