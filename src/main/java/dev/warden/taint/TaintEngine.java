package dev.warden.taint;

import dev.warden.match.Binding;
import dev.warden.match.DataflowTrace;
import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.python.ast.Located;
import dev.warden.rule.Finding;
import dev.warden.rule.PathGlobs;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.rule.TaintSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Semgrep's taint mode for Python: data from a source that reaches a sink without passing a
 * sanitizer is a finding at the sink. See {@link FileAnalysis} for the analysis and
 * {@link Summaries} for flows through calls of the file's own functions.
 */
public final class TaintEngine {
    private TaintEngine() {}

    private static final java.util.concurrent.atomic.LongAdder FUNCTIONS = new java.util.concurrent.atomic.LongAdder();
    private static final java.util.concurrent.atomic.LongAdder CUT_OFF = new java.util.concurrent.atomic.LongAdder();

    /** Function bodies analysed so far in this process (for {@code --time}). */
    public static long functionsAnalysed() { return FUNCTIONS.sum(); }

    /** Function bodies whose fixpoint stopped at the work budget (their findings may be incomplete). */
    public static long functionsCutOff() { return CUT_OFF.sum(); }

    /** The work bound, in words, for {@code --time}. */
    public static String budget() {
        return "at most " + FileAnalysis.VISITS_PER_NODE + " visits per control-flow node (at least 1000) per function body; "
                + "calls followed " + Summaries.LEVELS + " levels deep in files of at most " + Summaries.MAX_FUNCTIONS + " functions";
    }

    /** The findings of a taint rule in a file, sorted by position. */
    public static List<Finding> run(Rule rule, ParseResult file) {
        if (!rule.isTaint() || !mayMatch(rule, file.source())) return List.of();
        FileAnalysis analysis = new FileAnalysis(rule, file);
        analysis.run();
        FUNCTIONS.add(analysis.functionsAnalysed);
        CUT_OFF.add(analysis.functionsGivenUp);
        List<Finding> out = new ArrayList<>();
        for (FileAnalysis.SinkFinding f : analysis.findings.values()) {
            Map<String, Binding> bindings = FileAnalysis.bindings(f);
            String message = RuleEngine.interpolate(rule.message(), bindings, file.source());
            boolean atSource = analysis.options.taintFocusOnSource() && f.taint() != null && f.taint().source != null;
            int start = atSource ? f.taint().source.start() : f.sink().start();
            int end = atSource ? f.taint().source.end() : f.sink().end();
            out.add(new Finding(rule, start, end, bindings, message, rule.fix(), trace(f)));
        }
        out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
        return out;
    }

    /** False when no source or no sink can match in the file, judging by the identifiers they need. */
    public static boolean mayMatch(Rule rule, Source source) {
        return rule.taint() != null && rule.prefilter().admits(source)
                && PathGlobs.applies(rule.includePaths(), rule.excludePaths(), source.path());
    }

    private static DataflowTrace trace(FileAnalysis.SinkFinding f) {
        Taint t = f.taint();
        if (t == null || t.source == null) return null;
        List<DataflowTrace.Location> via = new ArrayList<>();
        for (Located l : t.via) via.add(new DataflowTrace.Location(l.start(), l.end()));
        return new DataflowTrace(new DataflowTrace.Location(t.source.start(), t.source.end()), via);
    }
}
