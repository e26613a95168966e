package dev.warden.taint;

import dev.warden.python.ast.CasePattern;
import dev.warden.python.ast.Comprehension;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Keyword;
import dev.warden.python.ast.Stmt;
import dev.warden.python.ast.UnaryOperator;
import dev.warden.rule.LabelExpr;
import dev.warden.rule.RuleOptions;
import dev.warden.rule.TaintSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transfer function of the taint analysis: evaluates the taint of expressions in a state
 * (applying sources, sanitizers and propagators where they match) and the effect of each step on
 * the state. In the reporting pass it also checks sinks and analyses nested functions and lambdas.
 */
final class Evaluator {
    private static final Set<String> BOOLEAN_BUILTINS = Set.of("bool", "isinstance", "issubclass", "hasattr", "callable", "all", "any");
    private static final Set<String> NUMBER_BUILTINS = Set.of("int", "float", "len", "ord", "abs", "round", "hash", "id", "complex", "divmod");

    /** The state key for control-flow taint ({@code control: true} sources); not a Python name. */
    static final String CONTROL = "<control>";

    private final FileAnalysis file;
    private final RuleOptions options;
    /** The function (or lambda) whose body this evaluates; null for the module's top level. */
    private final dev.warden.python.ast.Located function;
    private final boolean summaryMode;
    private TaintState cur;
    private boolean reporting;
    /** Taint of the expressions of the current step, by range (for propagators and sinks). */
    private final RangeMap<Taints> taintByRange = new RangeMap<>();
    private final List<Expr.Lambda> pendingLambdas = new ArrayList<>();
    /** Propagators: taint seen at each match's {@code from} (kept across steps), and its {@code to} in this step. */
    private final Map<SpecMatches.Hit, Taints> propagatorFrom = new HashMap<>();
    private final Map<SpecMatches.Hit, Expr> propagatorTo = new HashMap<>();
    /** Taint found inside non-exact sink matches during the reporting pass. */
    private final Map<SpecMatches.Hit, Taints> regionTaint = new HashMap<>();
    /** Taint of returned values (reporting pass), for summaries. */
    Taints returned = Taints.EMPTY;
    /** Parameter-reaches-sink facts found in summary mode: sink hit to parameter taints. */
    final Map<SpecMatches.Hit, Taints> parameterSinks = new HashMap<>();

    Evaluator(FileAnalysis file, dev.warden.python.ast.Located function, boolean summaryMode) {
        this.file = file;
        this.options = file.options;
        this.function = function;
        this.summaryMode = summaryMode;
    }

    /** Taint of an expression evaluated outside any step (a default value), without side effects. */
    Taints taintOf(Expr e) {
        TaintState saved = cur;
        cur = new TaintState();
        try {
            return eval(e);
        } finally {
            cur = saved;
        }
    }

    // ---- steps ------------------------------------------------------------------------------

    TaintState transfer(Instr instr, TaintState state, boolean report) {
        cur = state;
        reporting = report;
        taintByRange.clear();
        propagatorTo.clear();
        Taints main = Taints.EMPTY; // the taint of the step's value, for sinks matching the whole statement
        if (instr instanceof Instr.Eval e) {
            for (Expr x : e.exprs()) main = main.union(eval(x));
        } else if (instr instanceof Instr.Assign a) {
            main = eval(a.value());
            for (Expr t : a.targets()) assign(t, main);
        } else if (instr instanceof Instr.AugAssign a) {
            Taints old = eval(a.target());
            main = eval(a.value());
            Taints both = options.taintOnlyPropagateThroughAssignments() ? Taints.EMPTY : old.union(main);
            assign(a.target(), both);
        } else if (instr instanceof Instr.Bind b) {
            main = eval(b.from());
            // as Semgrep: a `for` loop's tuple target does not take the iterable's taint
            boolean unpackedLoop = (b.stmt() instanceof Stmt.For || b.stmt() instanceof Stmt.AsyncFor)
                    && (b.target() instanceof Expr.Tuple || b.target() instanceof Expr.List);
            if (b.target() != null) assign(b.target(), unpackedLoop ? Taints.EMPTY : main);
        } else if (instr instanceof Instr.BindClean b) {
            for (String name : b.names()) cur.assign(name, Taints.EMPTY);
        } else if (instr instanceof Instr.CaseBind c) {
            Taints subject = eval(c.subject());
            bindCaptures(c.pattern(), subject);
            if (c.guard() != null) eval(c.guard());
        } else if (instr instanceof Instr.Return r) {
            main = eval(r.value());
            if (reporting) returned = returned.union(main);
        } else if (instr instanceof Instr.Raise r) {
            main = eval(r.exc()).union(eval(r.cause()));
        } else if (instr instanceof Instr.Delete d) {
            for (Expr t : d.targets()) {
                String p = path(t);
                if (p != null) cur.assign(p, Taints.EMPTY);
                else eval(t);
            }
        } else if (instr instanceof Instr.Def d) {
            definition(d.def());
        }
        if (reporting && instr.stmt() != null) statementSinks(instr.stmt(), main);
        if (reporting && !pendingLambdas.isEmpty()) {
            List<Expr.Lambda> lambdas = new ArrayList<>(pendingLambdas);
            pendingLambdas.clear();
            for (Expr.Lambda l : lambdas) lambda(l);
        }
        pendingLambdas.clear();
        return cur;
    }

    private void definition(Stmt def) {
        if (def instanceof Stmt.FunctionDef f) {
            header(f.decoratorList(), f.args());
            cur.assign(f.name(), Taints.EMPTY);
            if (reporting) nested(f.args(), f.body(), f);
        } else if (def instanceof Stmt.AsyncFunctionDef f) {
            header(f.decoratorList(), f.args());
            cur.assign(f.name(), Taints.EMPTY);
            if (reporting) nested(f.args(), f.body(), f);
        } else if (def instanceof Stmt.ClassDef c) {
            for (Expr d : c.decoratorList()) eval(d);
            for (Expr b : c.bases()) eval(b);
            for (Keyword k : c.keywords()) eval(k.value());
            cur.assign(c.name(), Taints.EMPTY);
        }
    }

    private void header(List<Expr> decorators, dev.warden.python.ast.Arguments args) {
        for (Expr d : decorators) eval(d);
        for (Expr d : args.defaults()) eval(d);
        for (Expr d : args.kwDefaults()) if (d != null) eval(d);
    }

    /** A nested function: analysed with the enclosing function's variables (none at module level). */
    private void nested(dev.warden.python.ast.Arguments args, List<Stmt> body, Stmt def) {
        if (summaryMode || !file.mayReportIn(def.start(), def.end())) return;
        TaintState closure = cur; // module-level names (and the enclosing function's) as they are here
        TaintState entry = file.entryState(args, closure, this);
        file.analyse(body, def, entry, false);
    }

    private void lambda(Expr.Lambda l) {
        if (summaryMode || !file.mayReportIn(l.start(), l.end())) return;
        TaintState entry = file.entryState(l.args(), cur, this);
        Stmt.Return body = new Stmt.Return(l.body(), l.body().start(), l.body().end());
        file.analyse(List.of(body), l, entry, false);
    }

    private void bindCaptures(CasePattern p, Taints t) {
        if (p == null) return;
        if (p instanceof CasePattern.MatchAs a) {
            if (a.name() != null) cur.assign(a.name(), t);
            bindCaptures(a.pattern(), t);
        } else if (p instanceof CasePattern.MatchStar s) {
            if (s.name() != null) cur.assign(s.name(), t);
        } else if (p instanceof CasePattern.MatchMapping m) {
            if (m.rest() != null) cur.assign(m.rest(), t);
            for (CasePattern q : m.patterns()) bindCaptures(q, t);
        } else if (p instanceof CasePattern.MatchSequence s) {
            for (CasePattern q : s.patterns()) bindCaptures(q, t);
        } else if (p instanceof CasePattern.MatchClass c) {
            for (CasePattern q : c.patterns()) bindCaptures(q, t);
            for (CasePattern q : c.kwdPatterns()) bindCaptures(q, t);
        } else if (p instanceof CasePattern.MatchOr o) {
            for (CasePattern q : o.patterns()) bindCaptures(q, t);
        }
    }

    // ---- assignment -------------------------------------------------------------------------

    /** Stores taint into an assignment target (tuples: every element gets all of it). */
    private void assign(Expr target, Taints t) {
        if (target instanceof Expr.Tuple || target instanceof Expr.List) t = targetSources(target, t, Taints.EMPTY);
        if (target instanceof Expr.Tuple tu) {
            for (Expr e : tu.elts()) assign(e, t);
        } else if (target instanceof Expr.List li) {
            for (Expr e : li.elts()) assign(e, t);
        } else if (target instanceof Expr.Starred s) {
            assign(s.value(), t);
        } else if (target instanceof Expr.Subscript s) {
            eval(s.slice());
            String p = path(s.value());
            // an element written: the whole container takes the element's taint (index-insensitive)
            if (p != null) store(s.value(), p, t);
            else eval(s.value());
        } else {
            String p = path(target);
            if (p != null) store(target, p, t);
            else if (target instanceof Expr.Attribute a) eval(a.value());
        }
    }

    private void store(Expr target, String path, Taints t) {
        Taints previous = cur.resolve(path);
        // most stores are clean: no lambda made for them (C1 allocates a capturing one through a method handle)
        Taints value = targetSources(target, t.isEmpty() ? t : t.map(x -> x.through(target)), previous);
        List<SpecMatches.Hit> hits = file.matches.sanitizers.at(target.start(), target.end());
        for (int hi = 0; hi < hits.size(); hi++) {
            SpecMatches.Hit h = hits.get(hi);
            if (((TaintSpec.Sanitizer) h.spec()).bySideEffect() != TaintSpec.SideEffect.NO) value = Taints.EMPTY;
        }
        cur.assign(path, value);
    }

    /**
     * A source matching an assignment target itself ({@code $X = open(...)} focused on $X, or
     * {@code <... $ARGS ...>} inside {@code $ARGS = parser.parse_args()}) taints what is stored;
     * its {@code requires} is judged on the target's taint before the assignment.
     */
    private Taints targetSources(Expr target, Taints value, Taints previous) {
        List<SpecMatches.Hit> hits = file.matches.sources.at(target.start(), target.end());
        for (int hi = 0; hi < hits.size(); hi++) {
            SpecMatches.Hit h = hits.get(hi);
            TaintSpec.Source src = (TaintSpec.Source) h.spec();
            if (!requiresHold(src.requires(), previous)) continue;
            value = value.plus(Taint.fromSource(h, src.label()));
        }
        return value;
    }

    /** The access path of a name or attribute chain ({@code x}, {@code x.a.b}), else null. */
    static String path(Expr e) {
        if (e instanceof Expr.Name n) return n.id();
        if (e instanceof Expr.Attribute a) {
            String base = path(a.value());
            return base == null ? null : base + "." + a.attr();
        }
        return null;
    }

    // ---- expressions ------------------------------------------------------------------------

    private boolean accessBase; // evaluating the object of an attribute: its fields do not count

    Taints eval(Expr e) {
        if (e == null) return Taints.EMPTY;
        int s = e.start(), en = e.end();
        boolean cleanResult = false;
        List<SpecMatches.Hit> hits = file.matches.sanitizers.at(s, en);
        for (int hi = 0; hi < hits.size(); hi++) {
            SpecMatches.Hit h = hits.get(hi);
            TaintSpec.Sanitizer san = (TaintSpec.Sanitizer) h.spec();
            if (san.bySideEffect() != TaintSpec.SideEffect.NO) {
                String p = path(e);
                if (p != null) cur.assign(p, Taints.EMPTY);
                if (san.bySideEffect() == TaintSpec.SideEffect.ONLY) continue;
            }
            cleanResult = true;
            if (!san.exact()) {
                accessBase = false;
                return record(e, Taints.EMPTY);
            }
        }
        if (!file.matches.sanitizers.around(s, en).isEmpty()) {
            accessBase = false;
            return record(e, Taints.EMPTY);
        }
        boolean base = accessBase;
        accessBase = false;
        Taints t = kind(e, base);
        if (cleanResult) t = Taints.EMPTY;
        t = sources(e, t);
        record(e, t);
        if (!file.matches.propagators.isEmpty()) propagators(e, t);
        if (reporting) sinks(e, t);
        return t;
    }

    private Taints record(Expr e, Taints t) {
        taintByRange.put(SpecMatches.key(e), t);
        if (reporting && !t.isEmpty()) {
            for (SpecMatches.Hit h : file.matches.sinks.containing(e.start(), e.end())) regionTaint.merge(h, t, Taints::union);
        }
        return t;
    }

    private Taints sources(Expr e, Taints t) {
        Taints out = t;
        List<SpecMatches.Hit> at = file.matches.sources.at(e.start(), e.end()), around = file.matches.sources.around(e.start(), e.end());
        for (int i = 0; i < at.size(); i++) out = source(e, at.get(i), t, out, true);
        for (int i = 0; i < around.size(); i++) out = source(e, around.get(i), t, out, false);
        return out;
    }

    private Taints source(Expr e, SpecMatches.Hit h, Taints own, Taints out, boolean sameRange) {
        TaintSpec.Source src = (TaintSpec.Source) h.spec();
        if (!requiresHold(src.requires(), own)) return out;
        Taint taint = Taint.fromSource(h, src.label());
        if (src.control()) {
            // a control source taints what runs after it, not the value it returns
            cur.assign(CONTROL, cur.resolve(CONTROL).plus(taint));
            return out;
        }
        if (sameRange && src.bySideEffect() != TaintSpec.SideEffect.NO) {
            String p = path(e);
            if (p != null) {
                cur.assign(p, cur.resolve(p).plus(taint));
                if (src.bySideEffect() == TaintSpec.SideEffect.ONLY) return out;
            }
        }
        return out.plus(taint);
    }

    private static boolean requiresHold(LabelExpr requires, Taints t) {
        if (requires == null) return true;
        return requires.holds(t.labels());
    }

    private Taints kind(Expr e, boolean base) {
        boolean onlyAssign = options.taintOnlyPropagateThroughAssignments();
        if (e instanceof Expr.Name n) {
            if (n.id().equals("_")) return Taints.EMPTY;
            Taints own = cur.resolve(n.id());
            return base || onlyAssign ? own : own.union(cur.fields(n.id()));
        } else if (e instanceof Expr.Attribute a) {
            accessBase = true;
            Taints object = eval(a.value());
            String p = path(e);
            if (p == null) return onlyAssign ? Taints.EMPTY : object;
            Taints own = cur.own(p);
            if (onlyAssign) return own == null ? Taints.EMPTY : own;
            Taints t = own != null ? own : object;
            return base ? t : t.union(cur.fields(p));
        } else if (e instanceof Expr.Subscript s) {
            Taints object = eval(s.value());
            Taints index = eval(s.slice());
            if (onlyAssign) return Taints.EMPTY;
            return options.taintAssumeSafeIndexes() ? object : object.union(index);
        } else if (e instanceof Expr.Call c) {
            return call(c);
        } else if (e instanceof Expr.BinOp b) {
            Taints t = eval(b.left()).union(eval(b.right()));
            return onlyAssign ? Taints.EMPTY : t;
        } else if (e instanceof Expr.BoolOp b) {
            Taints t = Taints.EMPTY;
            for (Expr v : b.values()) t = t.union(eval(v));
            return onlyAssign ? Taints.EMPTY : t;
        } else if (e instanceof Expr.UnaryOp u) {
            Taints t = eval(u.operand());
            if (onlyAssign) return Taints.EMPTY;
            if (u.op() == UnaryOperator.Not && options.taintAssumeSafeBooleans()) return Taints.EMPTY;
            return t;
        } else if (e instanceof Expr.Compare c) {
            Taints t = eval(c.left());
            for (Expr x : c.comparators()) t = t.union(eval(x));
            if (onlyAssign || options.taintAssumeSafeComparisons() || options.taintAssumeSafeBooleans()) return Taints.EMPTY;
            return t;
        } else if (e instanceof Expr.IfExp i) {
            eval(i.test());
            Taints t = eval(i.body()).union(eval(i.orelse()));
            return onlyAssign ? Taints.EMPTY : t;
        } else if (e instanceof Expr.NamedExpr n) {
            Taints t = eval(n.value());
            assign(n.target(), t);
            return t;
        } else if (e instanceof Expr.Lambda l) {
            pendingLambdas.add(l);
            return Taints.EMPTY;
        } else if (e instanceof Expr.Dict d) {
            Taints t = Taints.EMPTY;
            for (int i = 0; i < d.keys().size(); i++) if (d.keys().get(i) != null) t = t.union(eval(d.keys().get(i)));
            for (int i = 0; i < d.values().size(); i++) t = t.union(eval(d.values().get(i)));
            return onlyAssign ? Taints.EMPTY : t;
        } else if (e instanceof Expr.Set x) {
            return elements(x.elts(), onlyAssign);
        } else if (e instanceof Expr.List x) {
            return elements(x.elts(), onlyAssign);
        } else if (e instanceof Expr.Tuple x) {
            return elements(x.elts(), onlyAssign);
        } else if (e instanceof Expr.ListComp c) {
            return comprehension(c.generators(), List.of(c.elt()), onlyAssign);
        } else if (e instanceof Expr.SetComp c) {
            return comprehension(c.generators(), List.of(c.elt()), onlyAssign);
        } else if (e instanceof Expr.GeneratorExp c) {
            return comprehension(c.generators(), List.of(c.elt()), onlyAssign);
        } else if (e instanceof Expr.DictComp c) {
            return comprehension(c.generators(), List.of(c.key(), c.value()), onlyAssign);
        } else if (e instanceof Expr.Await a) {
            Taints t = eval(a.value());
            return onlyAssign ? Taints.EMPTY : t;
        } else if (e instanceof Expr.Yield y) {
            eval(y.value()); return Taints.EMPTY;
        } else if (e instanceof Expr.YieldFrom y) {
            eval(y.value()); return Taints.EMPTY;
        } else if (e instanceof Expr.FormattedValue f) {
            Taints t = eval(f.value());
            eval(f.formatSpec());
            return onlyAssign ? Taints.EMPTY : t;
        } else if (e instanceof Expr.JoinedStr j) {
            return elements(j.values(), onlyAssign);
        } else if (e instanceof Expr.Starred s) {
            Taints t = eval(s.value());
            return t;
        } else if (e instanceof Expr.Slice s) {
            Taints t = eval(s.lower()).union(eval(s.upper())).union(eval(s.step()));
            return onlyAssign ? Taints.EMPTY : t;
        }
        return Taints.EMPTY; // constants, and pattern-only nodes
    }

    private Taints elements(List<Expr> elts, boolean onlyAssign) {
        Taints t = Taints.EMPTY;
        for (Expr x : elts) t = t.union(eval(x));
        return onlyAssign ? Taints.EMPTY : t;
    }

    /** Comprehension variables live in their own scope: they do not leak into the state. */
    private Taints comprehension(List<Comprehension> generators, List<Expr> results, boolean onlyAssign) {
        TaintState outer = cur;
        cur = cur.copy();
        try {
            for (Comprehension g : generators) {
                Taints iter = eval(g.iter());
                assign(g.target(), iter);
                for (Expr cond : g.ifs()) eval(cond);
            }
            Taints t = Taints.EMPTY;
            for (Expr r : results) t = t.union(eval(r));
            return onlyAssign ? Taints.EMPTY : t;
        } finally {
            cur = outer;
        }
    }

    private Taints call(Expr.Call c) {
        Taints callee = eval(c.func());
        Taints args = Taints.EMPTY;
        List<Taints> argTaints = new ArrayList<>(c.args().size());
        for (Expr a : c.args()) {
            Taints t = eval(a);
            argTaints.add(t);
            args = args.union(t);
        }
        Map<String, Taints> keywordTaints = new HashMap<>();
        for (Keyword k : c.keywords()) {
            Taints t = eval(k.value());
            if (k.arg() != null) keywordTaints.put(k.arg(), t);
            args = args.union(t);
        }
        if (options.taintOnlyPropagateThroughAssignments()) return Taints.EMPTY;
        callee = taintByRange.getOrDefault(SpecMatches.key(c.func()), callee); // a propagator may have reached it
        if (c.func() instanceof Expr.Name n) {
            if (options.taintAssumeSafeBooleans() && BOOLEAN_BUILTINS.contains(n.id())) return Taints.EMPTY;
            if (options.taintAssumeSafeNumbers() && NUMBER_BUILTINS.contains(n.id())) return Taints.EMPTY;
            Summaries.Summary summary = file.summaries.of(n.id(), !args.isEmpty());
            if (summary != null) return summary.apply(c, argTaints, keywordTaints, args, this);
        }
        if (c.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Name self && self.id().equals("self")) {
            // self.method(...) inside a method: the method of the same class, self as its first argument
            Taints receiver = taintByRange.getOrDefault(SpecMatches.key(self), Taints.EMPTY);
            Summaries.Summary summary = file.summaries.ofMethod(function, a.attr(), !args.isEmpty() || !receiver.isEmpty());
            if (summary != null) {
                return summary.apply(c, receiver, argTaints, keywordTaints, args, this);
            }
        }
        if (options.taintAssumeSafeFunctions()) return Taints.EMPTY;
        return callee.union(args);
    }

    // ---- propagators and sinks ------------------------------------------------------------------

    /**
     * Propagators act at their metavariables' places, not at the whole match (which may span
     * statements): the taint of the {@code from} expression is remembered, and given to the
     * {@code to} expression when both have been evaluated, in either order.
     */
    private void propagators(Expr e, Taints t) {
        long k = SpecMatches.key(e);
        for (SpecMatches.Hit h : file.matches.propagatorsFrom(k)) {
            propagatorFrom.merge(h, t, Taints::union);
            TaintSpec.Propagator p = (TaintSpec.Propagator) h.spec();
            dev.warden.match.Binding to = h.bindings().get(p.to());
            Expr target = propagatorTo.get(h);
            if (target != null) propagate(h, target);
            else if (to != null && file.nodes().parameters.containsKey(SpecMatches.key(to.start(), to.end()))) {
                Taints moved = relabel(p, t);
                if (moved != null) file.parameterTaint.merge(SpecMatches.key(to.start(), to.end()), moved, Taints::union);
            }
        }
        for (SpecMatches.Hit h : file.matches.propagatorsTo(k)) {
            propagatorTo.put(h, e);
            if (propagatorFrom.containsKey(h)) propagate(h, e);
        }
    }

    private void propagate(SpecMatches.Hit h, Expr target) {
        TaintSpec.Propagator p = (TaintSpec.Propagator) h.spec();
        Taints moved = relabel(p, propagatorFrom.get(h));
        if (moved == null) return;
        Taints through = moved.map(x -> x.through(target));
        taintByRange.merge(SpecMatches.key(target), through, Taints::union);
        String path = path(target);
        if (p.bySideEffect() && path != null) cur.assign(path, cur.resolve(path).union(through));
    }

    /** The taint a propagator passes on (relabelled), or null when it passes nothing. */
    private static Taints relabel(TaintSpec.Propagator p, Taints t) {
        if (t == null || t.isEmpty() || !requiresHold(p.requires(), t)) return null;
        if (p.label() == null) return t;
        String label = p.label();
        List<String> replace = p.replaceLabels();
        return t.map(x -> replace.isEmpty() || replace.contains(x.label) ? x.withLabel(label) : x);
    }

    /** Exact sinks at this expression: a call's arguments, or the expression itself. */
    private void sinks(Expr e, Taints t) {
        List<SpecMatches.Hit> hits = file.matches.sinks.at(e.start(), e.end());
        for (int hi = 0; hi < hits.size(); hi++) {
            SpecMatches.Hit h = hits.get(hi);
            TaintSpec.Sink sink = (TaintSpec.Sink) h.spec();
            if (!sink.exact()) continue; // checked over its whole region
            Taints reaching = t;
            if (e instanceof Expr.Call c && !sink.focused()) {
                reaching = Taints.EMPTY;
                for (Expr a : c.args()) reaching = reaching.union(taintByRange.getOrDefault(SpecMatches.key(a), Taints.EMPTY));
                for (Keyword k : c.keywords()) reaching = reaching.union(taintByRange.getOrDefault(SpecMatches.key(k.value()), Taints.EMPTY));
            }
            check(h, sink.requires(), reaching);
        }
    }

    /** Exact sinks that match a whole statement ({@code return ...}): the statement's value. */
    private void statementSinks(Stmt stmt, Taints main) {
        long k = SpecMatches.key(stmt);
        if (file.nodes().isExpression(k)) return; // an expression statement: checked as the expression
        List<SpecMatches.Hit> hits = file.matches.sinks.at(stmt.start(), stmt.end());
        for (int hi = 0; hi < hits.size(); hi++) {
            SpecMatches.Hit h = hits.get(hi);
            TaintSpec.Sink sink = (TaintSpec.Sink) h.spec();
            if (sink.exact()) check(h, sink.requires(), main);
        }
        // exact sinks that cover no single expression or statement are treated as regions
    }

    void finishRegions() {
        for (Map.Entry<SpecMatches.Hit, Taints> e : regionTaint.entrySet()) {
            TaintSpec.Sink sink = (TaintSpec.Sink) e.getKey().spec();
            check(e.getKey(), sink.requires(), e.getValue());
        }
    }

    /** A tainted argument reaches a sink inside a local function: a finding at the call. */
    void callReachesSink(Expr.Call call, SpecMatches.Hit inner, Taints reaching) {
        if (!reporting) return;
        TaintSpec.Sink sink = (TaintSpec.Sink) inner.spec();
        SpecMatches.Hit atCall = file.matches.callSite(call, inner);
        check(atCall, sink.requires(), reaching);
    }

    private void check(SpecMatches.Hit sinkHit, LabelExpr requires, Taints reaching) {
        if (cur != null) reaching = reaching.union(cur.resolve(CONTROL));
        if (reaching.isEmpty()) return;
        if (summaryMode) {
            Taints params = reaching.filter(Taint::isParameter);
            if (!params.isEmpty()) parameterSinks.merge(sinkHit, params, Taints::union);
        }
        Taints real = reaching.filter(x -> !x.isParameter());
        if (options.taintUnifyMvars()) real = real.filter(x -> file.engine.compatible(x.source.bindings(), sinkHit.bindings()));
        if (real.isEmpty()) return;
        if (requires == null ? real.isEmpty() : !requires.holds(real.labels())) return;
        if (summaryMode) return;
        file.report(sinkHit, real.items().get(0));
    }
}
