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
 * {@code self.method(...)}) that the file calls by name gets a summary (which parameters reach its
 * return value, which reach a sink inside it, what source taint it returns), computed by analysing
 * its body with placeholder taint on each parameter. At a call, the summary gives the result's
 * taint, and a tainted argument for a parameter that reaches a sink is a finding at the call.
 * Summaries are computed when a call first needs one (a tainted argument, or a source the function
 * may return), each once, so chains of calls between local functions are followed (up to
 * {@link #LEVELS} deep); a recursive call inside a function being summarised is treated as an
 * unknown call. Which functions may hold a source or reach a sink, through the functions they
 * call, is worked out once on the file's call graph, so that functions that cannot are neither
 * summarised nor analysed.
 */
final class Summaries {
    /**
     * Calls followed this many levels deep (summaries computed while computing another): a bound
     * on the analysis's recursion, rarely reached, since each summary is computed once.
     */
    static final int LEVELS = 16;
    /** Functions summarised at most, so a file of thousands of functions stays cheap. */
    static final int MAX_FUNCTIONS = 400;

    private final FileAnalysis file;
    private final Map<String, Stmt> functions = new LinkedHashMap<>();
    private final Map<String, Summary> summaries = new HashMap<>();
    private final Map<Object, String> classOf = new java.util.IdentityHashMap<>();
    /** Per method name, the methods ({@code Class.name}) a call {@code self.name(...)} may be. */
    private final Map<String, List<String>> methodKeys = new HashMap<>();
    /** The functions being summarised, innermost last. */
    private final java.util.Set<String> inProgress = new java.util.LinkedHashSet<>();

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
        // a summary serves only calls `name(...)` / `self.name(...)`: functions never called so need none
        NodeIndex nodes = file.nodes();
        functions.keySet().removeIf(key -> {
            int dot = key.indexOf('.');
            return dot < 0 ? !nodes.calledNames.contains(key) : !nodes.calledSelfMethods.contains(key.substring(dot + 1));
        });
        for (String key : functions.keySet()) {
            int dot = key.indexOf('.');
            if (dot >= 0) methodKeys.computeIfAbsent(key.substring(dot + 1), k -> new ArrayList<>()).add(key);
        }
    }

    private static boolean plainMethod(List<Expr> decorators) {
        for (Expr d : decorators) {
            if (d instanceof Expr.Name n && (n.id().equals("staticmethod") || n.id().equals("classmethod"))) return false;
        }
        return true;
    }

    /**
     * The summary of {@code self.name(...)} called inside {@code method}, or null (see
     * {@link #of(String, boolean)}).
     */
    Summary ofMethod(dev.warden.python.ast.Located method, String name, boolean taintedArguments) {
        String cls = method == null ? null : classOf.get(method);
        return cls == null ? null : demand(cls + "." + name, taintedArguments);
    }

    /**
     * The summary of a local function for a call, computed when first needed; null when there is
     * none, or when it cannot matter: no argument is tainted and no source can reach the function's
     * result (none inside it or in the local functions it calls).
     */
    Summary of(String name, boolean taintedArguments) { return demand(name, taintedArguments); }

    private Summary demand(String key, boolean taintedArguments) {
        Summary known = summaries.get(key);
        Integer cutAt = cutOffAt.get(key);
        if (known != null && (cutAt == null || inProgress.size() >= cutAt)) {
            if (cutAt != null) cutOff.addAll(inProgress); // what uses it is as partial
            return known;
        }
        Stmt def = functions.get(key);
        if (def == null || !taintedArguments && !mayHoldSource(key)) return known;
        // a call inside a function being summarised (recursion), or too deep: no summary
        if (inProgress.contains(key)) return null;
        if (inProgress.size() >= LEVELS) {
            cutOff.addAll(inProgress);
            return null;
        }
        Summary s;
        if (!mayReachSink(key, def) && !returnsValue(def)) {
            s = nothing(def); // no sink reachable, no value returned: the analysis would find nothing
        } else {
            int depth = inProgress.size();
            inProgress.add(key);
            try {
                s = summarise(def);
            } finally {
                inProgress.remove(key);
            }
            if (cutOff.remove(key)) cutOffAt.put(key, depth);
            else cutOffAt.remove(key);
        }
        summaries.put(key, s);
        return s;
    }

    /**
     * Summaries that lack calls the depth limit cut off, by the depth they were computed at: a
     * demand from less deep computes them again (at most {@link #LEVELS} times): a summary first
     * needed deep in a chain of calls is not reused, cut short, where a call nearer the top needs it.
     */
    private final Map<String, Integer> cutOffAt = new HashMap<>();
    /** The functions in progress whose summary a cut-off call (or a cut-off summary) has made partial. */
    private final java.util.Set<String> cutOff = new java.util.HashSet<>();

    /**
     * Whether a {@code return} with a value (or a {@code yield}) occurs in the function, nested
     * scopes included (a cheap superset): else its summary returns no taint.
     */
    private static boolean returnsValue(Stmt def) {
        boolean[] found = {false};
        dev.warden.python.ast.Children.walk(def, n -> {
            if (n instanceof Stmt.Return r && r.value() != null || n instanceof Expr.Yield || n instanceof Expr.YieldFrom) found[0] = true;
        });
        return found[0];
    }

    /**
     * The summary the analysis gives a function that returns no value and reaches no sink, in its
     * body or through the local functions it calls: its result carries no taint and no parameter
     * reaches a sink. Computed without analysing the body, which could find nothing else.
     */
    private static Summary nothing(Stmt def) {
        Arguments args = argsOf(def);
        return new Summary(args, FileAnalysis.allParameters(args), Taints.EMPTY, Map.of());
    }

    /** Whether a source matches inside the function, or inside a local function it may call, at any depth. */
    private boolean mayHoldSource(String key) {
        if (holdsSource == null) holdsSource = closure(file.matches.sources);
        return holdsSource.contains(key);
    }

    /**
     * Whether a call in {@code [start, end)} may be served by a summary that returns a source's
     * taint even for clean arguments: a call of a function that {@link #mayHoldSource may hold a
     * source}. Any other call of a local function with clean arguments gets no summary.
     */
    boolean callsSourceHolderIn(int start, int end) {
        return file.nodes().anyLocalCallIn(start, end, name -> anyServing(name, (key, def) -> mayHoldSource(key)));
    }

    /**
     * Whether a function that may serve a call named {@code callName} ({@code name}, or
     * {@code self.m} for any class's method m) passes {@code test}.
     */
    private boolean anyServing(String callName, java.util.function.BiPredicate<String, Stmt> test) {
        List<String> keys = serving(callName);
        for (int i = 0; i < keys.size(); i++) if (test.test(keys.get(i), functions.get(keys.get(i)))) return true;
        return false;
    }

    /** The functions (keys) that may serve a call named {@code callName}: {@code name}, or any class's method for {@code self.name}. */
    private List<String> serving(String callName) {
        if (callName.startsWith("self.")) return methodKeys.getOrDefault(callName.substring(5), List.of());
        return functions.containsKey(callName) ? List.of(callName) : List.of();
    }

    /** Whether some function may have a parameter that reaches a sink (so calls can be findings). */
    boolean anyReachesSink() {
        if (Boolean.FALSE.equals(anyMayReachSink)) return false; // no function could, and summaries only narrow that
        for (String key : functions.keySet()) if (mayReachSink(key, functions.get(key))) return true;
        anyMayReachSink = false;
        return false;
    }

    /** Whether a call named {@code name} ({@code self.m} for a method) may be served by a summary with a sink inside. */
    boolean mayReachSink(String name) { return anyServing(name, this::mayReachSink); }

    /**
     * Known once summarised in full; before, judged by a sink inside it or inside a local function
     * it may call, at any depth (a summary's parameter reaches a sink only through one of those).
     */
    private boolean mayReachSink(String key, Stmt def) {
        Summary s = summaries.get(key);
        if (s != null && !cutOffAt.containsKey(key)) return !s.parameterSinks.isEmpty();
        if (reachesSink == null) reachesSink = closure(file.matches.sinks);
        return reachesSink.contains(key);
    }

    /** The functions with a sink, and with a source, inside them or a local function they may call (built when first asked). */
    private java.util.Set<String> reachesSink, holdsSource;
    private Boolean anyMayReachSink;

    /**
     * The functions (keys) with a hit of {@code kind} inside their range, or with a call inside
     * that a function in the set may serve: the hits' functions, then their callers, breadth first.
     */
    private java.util.Set<String> closure(SpecMatches.Kind kind) {
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Map.Entry<String, Stmt> e : functions.entrySet()) {
            Stmt def = e.getValue();
            if (kind.anyOverlapping(def.start(), def.end()) && out.add(e.getKey())) work.add(e.getKey());
        }
        Map<String, List<String>> callers = callers();
        while (!work.isEmpty()) {
            for (String caller : callers.getOrDefault(work.poll(), List.of())) if (out.add(caller)) work.add(caller);
        }
        return out;
    }

    /** Per function (key), the functions whose range holds a call it may serve: the call graph, reversed (built once, for both closures). */
    private Map<String, List<String>> callers;

    private Map<String, List<String>> callers() {
        if (callers == null) {
            Map<String, List<String>> out = new HashMap<>();
            for (Map.Entry<String, Stmt> e : functions.entrySet()) {
                String caller = e.getKey();
                file.nodes().forEachLocalCallIn(e.getValue().start(), e.getValue().end(), name -> {
                    for (String callee : serving(name)) out.computeIfAbsent(callee, k -> new ArrayList<>()).add(caller);
                });
            }
            callers = out;
        }
        return callers;
    }

    /** Gives up on summaries in a file of very many functions (calls then propagate as unknown ones). */
    void limit() {
        if (functions.size() > MAX_FUNCTIONS) {
            functions.clear();
            methodKeys.clear();
        }
    }

    /** The parameters of a summarised function (a def or an async def). */
    private static Arguments argsOf(Stmt def) {
        return def instanceof Stmt.FunctionDef f ? f.args() : ((Stmt.AsyncFunctionDef) def).args();
    }

    private Summary summarise(Stmt def) {
        Arguments args = argsOf(def);
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
            boolean spread = starred; // **kwargs or *args: any parameter may get any argument
            for (int i = 0; i < call.keywords().size() && !spread; i++) spread = call.keywords().get(i).arg() == null;
            if (spread) {
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
