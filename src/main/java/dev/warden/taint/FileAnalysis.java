package dev.warden.taint;

import dev.warden.match.Binding;
import dev.warden.python.ParseResult;
import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Located;
import dev.warden.python.ast.Stmt;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.rule.RuleOptions;
import dev.warden.rule.TaintSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One taint rule on one file: the spec matches, then each function (and the module's top level)
 * analysed on its control-flow graph until the taint of every variable is stable, then one more
 * pass that reports the sinks tainted data reaches.
 */
final class FileAnalysis {
    /** Fixpoint iterations allowed per node of a graph before the function is given up on. */
    static final int VISITS_PER_NODE = 40;

    final Rule rule;
    final TaintSpec spec;
    final ParseResult file;
    final RuleEngine engine;
    final RuleOptions options;
    final SpecMatches matches;
    /** The file's expression and statement ranges and parameters, built when first needed. */
    private NodeIndex nodes;
    /** Taint given to a parameter by a propagator ({@code lambda $Y: ...}). */
    final Map<Long, Taints> parameterTaint = new HashMap<>();
    /** Findings by sink range. */
    final Map<Long, SinkFinding> findings = new LinkedHashMap<>();
    /** Local functions by name, for calls across functions in the file (built by {@link #run}). */
    Summaries summaries;
    int functionsAnalysed;
    int functionsGivenUp;

    record SinkFinding(SpecMatches.Hit sink, Taint taint) {}

    FileAnalysis(Rule rule, ParseResult file) {
        this.rule = rule;
        this.spec = rule.taint();
        this.file = file;
        this.engine = RuleEngine.on(rule, file);
        this.options = rule.options() == null ? RuleOptions.DEFAULTS : rule.options();
        this.matches = SpecMatches.of(spec, engine, k -> nodes().isNode(k));
    }

    NodeIndex nodes() {
        if (nodes == null) nodes = NodeIndex.of(file);
        return nodes;
    }

    /** Analyses the whole file; findings collect in {@link #findings}. */
    void run() {
        if (matches.sources.isEmpty() || matches.sinks.isEmpty()) return;
        summaries = new Summaries(this);
        summaries.limit();
        analyse(file.module().body(), null, new TaintState(), false);
    }

    /**
     * Analyses one body with an initial state, then reports. {@code function}: the function whose
     * body it is (null for the module), so that nested functions see its variables.
     */
    Evaluator analyse(List<Stmt> body, Located function, TaintState initial, boolean summaryMode) {
        Cfg cfg = CfgBuilder.of(body);
        List<Cfg.Node> order = cfg.reversePostorder();
        TaintState[] in = new TaintState[cfg.nodes.size()];
        TaintState[] out = new TaintState[cfg.nodes.size()];
        in[cfg.entry.id] = initial;
        Evaluator ev = new Evaluator(this, function, summaryMode);
        functionsAnalysed++;
        boolean[] inert = inertSteps(cfg);
        int budget = Math.max(1000, order.size() * VISITS_PER_NODE);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Cfg.Node n : order) {
                TaintState inState = n == cfg.entry ? initial : null;
                for (Cfg.Node p : n.pred) if (out[p.id] != null) inState = TaintState.join(inState, out[p.id]);
                if (inState == null) continue;
                in[n.id] = inState;
                TaintState result = inert[n.id] && inState.isEmpty() ? inState : ev.transfer(n.instr, inState.copy(), false);
                if (!result.sameAs(out[n.id])) {
                    out[n.id] = result;
                    changed = true;
                }
                if (--budget <= 0) {
                    functionsGivenUp++;
                    changed = false;
                    break;
                }
            }
        }
        for (Cfg.Node n : order) {
            if (in[n.id] != null && !(inert[n.id] && in[n.id].isEmpty())) ev.transfer(n.instr, in[n.id].copy(), true);
        }
        ev.finishRegions();
        return ev;
    }

    /**
     * Per node: whether its step is inert in a clean state, so that the analysis may pass a clean
     * state through it untouched: it defines no function or class (their bodies are analysed from
     * there), and its expressions hold no source, no propagator's match (which passes taint on
     * from an earlier step) and no call of a local function that may hold a source (whose summary
     * could return a source's taint; with clean arguments, any other gets none). Evaluating such
     * a step in a clean state taints nothing, reports nothing (a sink needs taint) and demands no
     * summary, so skipping it changes neither the results nor the order in which summaries are
     * computed. Most statements of the functions holding a sink never see any taint.
     */
    private boolean[] inertSteps(Cfg cfg) {
        boolean[] inert = new boolean[cfg.nodes.size()];
        for (Cfg.Node n : cfg.nodes) inert[n.id] = isInert(n.instr);
        return inert;
    }

    private boolean isInert(Instr instr) {
        if (instr instanceof Instr.Def) return false;
        if (instr instanceof Instr.Nop || instr instanceof Instr.BindClean) return true;
        List<Expr> exprs = new ArrayList<>(4);
        if (instr instanceof Instr.Eval e) exprs.addAll(e.exprs());
        else if (instr instanceof Instr.Assign a) { exprs.addAll(a.targets()); exprs.add(a.value()); }
        else if (instr instanceof Instr.AugAssign a) { exprs.add(a.target()); exprs.add(a.value()); }
        else if (instr instanceof Instr.Bind b) { exprs.add(b.target()); exprs.add(b.from()); }
        else if (instr instanceof Instr.Return r) exprs.add(r.value());
        else if (instr instanceof Instr.Raise r) { exprs.add(r.exc()); exprs.add(r.cause()); }
        else if (instr instanceof Instr.Delete d) exprs.addAll(d.targets());
        else return false; // case patterns (captures), and a step kind this does not know: always evaluated
        for (Expr e : exprs) {
            if (e == null) continue;
            if (matches.sources.anyOverlapping(e.start(), e.end())) return false;
            // a propagator carries taint between its places outside the state (from one step to a later one)
            if (matches.propagators.anyOverlapping(e.start(), e.end())) return false;
            if (summaries != null && summaries.callsSourceHolderIn(e.start(), e.end())) return false;
        }
        return true;
    }

    /**
     * Whether analysing code in {@code [start, end)} can report anything: a sink overlaps it, or it
     * calls a local function whose summary has a parameter reaching a sink. Nested functions and
     * lambdas that cannot are not analysed.
     */
    boolean mayReportIn(int start, int end) {
        if (matches.sinks.anyOverlapping(start, end)) return true;
        return summaries != null && summaries.anyReachesSink() && nodes().anyLocalCallIn(start, end, summaries::mayReachSink);
    }

    /** The initial state of a function: its parameters tainted by sources, defaults or propagators. */
    TaintState entryState(Arguments args, TaintState closure, Evaluator outer) {
        TaintState s = closure == null ? new TaintState() : closure.copy();
        List<Arg> all = allParameters(args);
        int firstDefault = args.posonlyargs().size() + args.args().size() - args.defaults().size();
        for (int i = 0; i < all.size(); i++) {
            Arg a = all.get(i);
            Taints t = parameterTaint.getOrDefault(SpecMatches.key(a), Taints.EMPTY);
            t = t.union(sourcesAtParameter(a));
            int positional = args.posonlyargs().size() + args.args().size();
            Expr dflt = null;
            if (i < positional && i >= firstDefault) dflt = args.defaults().get(i - firstDefault);
            int kw = i - positional - (args.vararg() != null ? 1 : 0);
            if (kw >= 0 && kw < args.kwonlyargs().size() && all.get(i) == args.kwonlyargs().get(kw)) dflt = args.kwDefaults().get(kw);
            if (dflt != null && outer != null) t = t.union(outer.taintOf(dflt));
            s.assign(a.arg(), t);
        }
        return s;
    }

    Taints sourcesAtParameter(Arg a) {
        List<SpecMatches.Hit> hits = new ArrayList<>(matches.sources.at(a.start(), a.end()));
        hits.addAll(matches.sources.around(a.start(), a.end()));
        // a source that names the parameter by its name only (`def f($X): ...` binds the arg's name)
        int nameEnd = a.start() + a.arg().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (nameEnd != a.end()) hits.addAll(matches.sources.at(a.start(), nameEnd));
        Taints t = Taints.EMPTY;
        for (SpecMatches.Hit h : hits) t = t.plus(Taint.fromSource(h, ((TaintSpec.Source) h.spec()).label()));
        return t;
    }

    static List<Arg> allParameters(Arguments args) {
        List<Arg> all = new ArrayList<>(args.posonlyargs());
        all.addAll(args.args());
        if (args.vararg() != null) all.add(args.vararg());
        all.addAll(args.kwonlyargs());
        if (args.kwarg() != null) all.add(args.kwarg());
        return all;
    }

    /** Records a tainted sink (the first taint found wins, for the trace). */
    void report(SpecMatches.Hit sink, Taint taint) {
        findings.putIfAbsent(SpecMatches.key(sink.start(), sink.end()), new SinkFinding(sink, taint));
    }

    /** The finding's bindings: the sink's, then the source's for metavariables the sink lacks. */
    static Map<String, Binding> bindings(SinkFinding f) {
        Map<String, Binding> out = new LinkedHashMap<>(f.sink().bindings());
        if (f.taint() != null && f.taint().source != null) {
            for (Map.Entry<String, Binding> e : f.taint().source.bindings().entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
        }
        return out;
    }
}
