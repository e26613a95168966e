package dev.warden.taint;

import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls across functions of one file (beyond Semgrep's intraprocedural engine): each function
 * defined once at the module's top level (and each method of a top-level class, for calls
 * {@code self.method(...)}) gets a summary (which parameters reach its return value,
 * which reach a sink inside it, what source taint it returns), computed by analysing its body with
 * placeholder taint on each parameter. At a call, the summary gives the result's taint, and a
 * tainted argument for a parameter that reaches a sink is a finding at the call. Summaries are
 * refined for a bounded number of rounds, so calls between local functions (and recursion) are
 * followed a few levels deep.
 */
final class Summaries {
    /** Rounds of summary computation (each round lets taint cross one more call level). */
    static final int ROUNDS = 3;
    /** Functions summarised at most, so a file of thousands of functions stays cheap. */
    static final int MAX_FUNCTIONS = 400;

    private final FileAnalysis file;
    private final Map<String, Stmt> functions = new LinkedHashMap<>();
    private final Map<String, Summary> summaries = new HashMap<>();
    private final Map<Object, String> classOf = new java.util.IdentityHashMap<>();

    Summaries(FileAnalysis file) {
        this.file = file;
        Map<String, Integer> seen = new HashMap<>();
        for (Stmt s : file.file.module().body()) {
            String name = s instanceof Stmt.FunctionDef f ? f.name() : s instanceof Stmt.AsyncFunctionDef f ? f.name() : null;
            if (name == null) continue;
            seen.merge(name, 1, Integer::sum);
            functions.put(name, s);
        }
        // methods of top-level classes, as Class.method (static and class methods left out)
        for (Stmt s : file.file.module().body()) {
            if (!(s instanceof Stmt.ClassDef c)) continue;
            for (Stmt m : c.body()) {
                String name = m instanceof Stmt.FunctionDef f && plainMethod(f.decoratorList()) ? f.name()
                        : m instanceof Stmt.AsyncFunctionDef f && plainMethod(f.decoratorList()) ? f.name() : null;
                if (name == null) continue;
                String key = c.name() + "." + name;
                seen.merge(key, 1, Integer::sum);
                functions.put(key, m);
                classOf.put(m, c.name());
            }
        }
        seen.forEach((name, count) -> { if (count > 1) functions.remove(name); }); // redefined: which one runs is unknown
    }

    private static boolean plainMethod(List<Expr> decorators) {
        for (Expr d : decorators) {
            if (d instanceof Expr.Name n && (n.id().equals("staticmethod") || n.id().equals("classmethod"))) return false;
        }
        return true;
    }

    /** The summary of {@code self.name(...)} called inside {@code method}, or null. */
    Summary ofMethod(dev.warden.python.ast.Located method, String name) {
        String cls = method == null ? null : classOf.get(method);
        return cls == null ? null : summaries.get(cls + "." + name);
    }

    boolean isEmpty() { return functions.isEmpty(); }

    /** The summary of a local function, or null when there is none. */
    Summary of(String name) { return summaries.get(name); }

    void compute() {
        if (functions.isEmpty() || functions.size() > MAX_FUNCTIONS) return;
        for (int round = 0; round < ROUNDS; round++) {
            boolean changed = false;
            for (Map.Entry<String, Stmt> e : functions.entrySet()) {
                Summary next = summarise(e.getValue());
                Summary old = summaries.get(e.getKey());
                if (old == null || !old.sameAs(next)) changed = true;
                summaries.put(e.getKey(), next);
            }
            if (!changed) break;
        }
    }

    private Summary summarise(Stmt def) {
        Arguments args = def instanceof Stmt.FunctionDef f ? f.args() : ((Stmt.AsyncFunctionDef) def).args();
        List<Stmt> body = def instanceof Stmt.FunctionDef f ? f.body() : ((Stmt.AsyncFunctionDef) def).body();
        List<Arg> params = FileAnalysis.allParameters(args);
        TaintState entry = new TaintState();
        for (int i = 0; i < params.size(); i++) {
            Arg a = params.get(i);
            entry.assign(a.arg(), Taints.of(Taint.fromParameter(i)).union(file.sourcesAtParameter(a)));
        }
        Evaluator ev = file.analyse(body, def, entry, true);
        return new Summary(args, params, ev.returned, ev.parameterSinks);
    }

    /** What a function does with its parameters' taint. */
    static final class Summary {
        private final Arguments args;
        private final List<Arg> params;
        private final Taints returned;                          // placeholders and source taint
        private final Map<SpecMatches.Hit, Taints> parameterSinks; // sink inside -> parameters reaching it

        Summary(Arguments args, List<Arg> params, Taints returned, Map<SpecMatches.Hit, Taints> parameterSinks) {
            this.args = args;
            this.params = params;
            this.returned = returned;
            this.parameterSinks = parameterSinks;
        }

        boolean sameAs(Summary o) {
            if (!returned.sameAs(o.returned) || parameterSinks.size() != o.parameterSinks.size()) return false;
            for (Map.Entry<SpecMatches.Hit, Taints> e : parameterSinks.entrySet()) {
                Taints other = o.parameterSinks.get(e.getKey());
                if (other == null || !other.sameAs(e.getValue())) return false;
            }
            return true;
        }

        /**
         * The taint of a call's result; reports (through the evaluator) tainted arguments that reach
         * a sink inside the function.
         */
        Taints apply(Expr.Call call, List<Taints> positional, Map<String, Taints> keywords, Taints all, Evaluator ev) {
            return apply(call, null, positional, keywords, all, ev);
        }

        /**
         * As {@link #apply(Expr.Call, List, Map, Taints, Evaluator)}; {@code receiver} (non-null for
         * {@code self.method(...)}) is the taint of the implicit first argument.
         */
        Taints apply(Expr.Call call, Taints receiver, List<Taints> positional, Map<String, Taints> keywords, Taints all, Evaluator ev) {
            Taints[] actual = new Taints[params.size()];
            boolean starred = false;
            int positionalParams = args.posonlyargs().size() + args.args().size();
            int shift = receiver == null ? 0 : 1;
            if (receiver != null && actual.length > 0) actual[0] = receiver;
            for (int i = 0; i < call.args().size(); i++) {
                if (call.args().get(i) instanceof Expr.Starred) { starred = true; continue; }
                int p = i + shift;
                if (p < positionalParams) actual[p] = positional.get(i);
                else if (args.vararg() != null) {
                    int v = positionalParams;
                    actual[v] = actual[v] == null ? positional.get(i) : actual[v].union(positional.get(i));
                }
            }
            for (Map.Entry<String, Taints> k : keywords.entrySet()) {
                for (int i = 0; i < params.size(); i++) {
                    if (params.get(i).arg().equals(k.getKey()) && params.get(i) != args.vararg() && params.get(i) != args.kwarg()) actual[i] = k.getValue();
                }
            }
            if (call.keywords().stream().anyMatch(k -> k.arg() == null) || starred) {
                for (int i = 0; i < actual.length; i++) actual[i] = actual[i] == null ? all : actual[i].union(all);
            }
            Taints result = Taints.EMPTY;
            for (Taint t : returned.items()) {
                if (!t.isParameter()) result = result.plus(t);
                else if (t.parameter < actual.length && actual[t.parameter] != null) result = result.union(actual[t.parameter]);
            }
            for (Map.Entry<SpecMatches.Hit, Taints> e : parameterSinks.entrySet()) {
                Taints reaching = Taints.EMPTY;
                for (Taint p : e.getValue().items()) {
                    if (p.parameter < actual.length && actual[p.parameter] != null) reaching = reaching.union(actual[p.parameter]);
                }
                if (!reaching.isEmpty()) ev.callReachesSink(call, e.getKey(), reaching);
            }
            return result;
        }
    }
}
