package dev.warden.match;

import dev.warden.python.ast.Alias;
import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.CasePattern;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.Comprehension;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.ExceptHandler;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import dev.warden.python.ast.Keyword;
import dev.warden.python.ast.Located;
import dev.warden.python.ast.MatchCase;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Node;
import dev.warden.python.ast.Operator;
import dev.warden.python.ast.PyRepr;
import dev.warden.python.ast.Stmt;
import dev.warden.python.ast.TypeParam;
import dev.warden.python.ast.UnaryOperator;
import dev.warden.python.ast.WithItem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which variable uses of a file hold a known constant, after Semgrep's constant propagation
 * (so that {@code x = "a"; foo(x)} matches the pattern {@code foo("a")}), simplified to a
 * flow-insensitive "single constant definition" analysis that needs one walk of the tree.
 *
 * <p><b>Scopes.</b> The module body, each function body, each lambda and each class body is a
 * scope (Python's rules: a name bound anywhere in a scope is local to all of it). Comprehensions
 * are not separate scopes here: their targets count as bindings of the enclosing scope.
 *
 * <p><b>Constant variables.</b> A variable of a scope is constant when it is bound exactly once,
 * by {@code x = e} or {@code x: T = e} (each Name of a chained {@code x = y = e} counts) where
 * {@code e} is a constant expression, and never otherwise: not re-assigned, augmented
 * ({@code x += 1}), deleted, a for/with/except/walrus/import/comprehension/match target, a
 * parameter, a def/class name, a tuple-unpacking target, nor declared {@code global} or
 * {@code nonlocal} in that scope. A {@code global x} in a function also disqualifies the module's
 * {@code x}; a {@code nonlocal x} disqualifies {@code x} in the enclosing function scopes. A bare
 * annotation {@code x: T} binds nothing (but makes {@code x} local).
 *
 * <p><b>Where it propagates.</b> A Load use of a constant variable of its own scope gets the value
 * when it comes after the definition statement (by source position) and inside the statement list
 * that holds the definition (so {@code if c: x = "a"} then {@code foo(x)} after the {@code if}
 * does not: the definition must dominate the use, Semgrep's "must" analysis). A class body sees
 * module constants under the same rule. A function or lambda body (any depth, skipping class
 * scopes as Python does) sees a module constant when the function does not bind the name itself
 * and the definition is a statement directly in the module body, whatever the position (a
 * function usually runs after the module body). Constants of an enclosing function are not
 * propagated into nested functions and lambdas (closures).
 *
 * <p><b>Constant expressions</b> ({@link #evaluate}): str, bytes, int, float, bool and None
 * literals (not Ellipsis nor imaginary numbers); names holding constants; {@code +} of two
 * strings (str, bytes, or a mix, which gives a str as Semgrep treats every string literal kind
 * alike); {@code + - * //} of two ints; {@code str * int} repetition; unary {@code -}/{@code +}
 * of an int or float; f-strings whose interpolations are constants without format spec and with
 * no conversion, {@code !s} or {@code !r}. Results are capped (strings of 1M chars, ints of
 * 100,000 bits), beyond which the value is unknown.
 *
 * <p>Not modelled (Semgrep's flow-sensitive analysis does these): a variable assigned different
 * constants on different paths, a use before a later re-assignment, merging equal values of
 * several branches, "some unknown string" values such as {@code "a" * n} (only {@code and}/{@code or}
 * over strings is known to give some string: {@link #alwaysString}).
 *
 * <p><b>Symbolic propagation</b> ({@link #symbolicValue}, Semgrep's {@code symbolic_propagation:
 * true}): a use of a variable gets the expression it was assigned, e.g. {@code s} in
 * {@code s = requests.Session(); s.get(u)} gives the Call {@code requests.Session()}. Same
 * single-definition and position rules as constants (so, as Semgrep documents, nothing crosses an
 * {@code if} or a loop, and for/except targets get nothing; {@code with E as s} gives {@code s}
 * the expression {@code E}), plus:
 * <ul>
 *   <li>only the expressions Semgrep propagates: literals, names, attribute accesses, subscripts
 *       with a plain index, calls with positional and named arguments only ({@code *a} and
 *       {@code **k} are not), and unary, binary, boolean and comparison operators over those; not
 *       containers, comprehensions, lambdas, f-strings, conditional expressions, await, etc.;
 *   <li>only within the defining scope (and class bodies nested in it), never into functions or
 *       lambdas (Semgrep's analysis is intraprocedural);
 *   <li>not after a statement that may mutate the variable's object, as Semgrep forgets the value
 *       there: {@code x.a = e}, {@code x[i] = e}, {@code x.a += e}, {@code del x.a} (also as a
 *       for/with target) and a statement that calls a method and drops its result
 *       ({@code x.f(...)}, {@code x.a[i].f(...)}). Such a statement kills the uses after it in the
 *       source and, when it is in a loop that starts after the definition, every use in that loop;
 *   <li>chains are followed: after {@code a = b; c = a}, {@code c} gives {@code b}'s own symbolic
 *       value if it has one, else the Name {@code b} (at most 64 variables deep, never in a cycle).
 * </ul>
 * Mutations through an alias ({@code t = s; t.a = 1}) are not noticed, as in Semgrep.
 *
 * <p>Built by one walk of the tree; afterwards the object is read-only. Never throws: on a tree
 * too deep for the thread's stack, or a malformed partial tree, the analysis knows no constants.
 */
public final class ConstantPropagation {
    private static final int MODULE = 0;
    private static final int FUNCTION = 1;
    private static final int CLASS = 2;

    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_INT_BITS = 100_000;
    private static final int MAX_EVAL_DEPTH = 400;
    /** How many variables {@link #symbolicValue} follows through {@code a = b; c = a} chains. */
    private static final int MAX_SYMBOLIC_CHAIN = 64;

    private static final ConstantPropagation EMPTY = new ConstantPropagation(new IdentityHashMap<>(), null);

    /** A scope's variables. */
    private static final class Scope {
        final Scope parent;
        final int kind;
        final HashMap<String, Var> vars = new HashMap<>();
        /** Names declared global or nonlocal here; null when none. */
        HashSet<String> declared;

        Scope(Scope parent, int kind) {
            this.parent = parent;
            this.kind = kind;
        }

        boolean declares(String id) {
            return declared != null && declared.contains(id);
        }

        Var var(String id) {
            Var v = vars.get(id);
            if (v == null) {
                v = new Var(this);
                vars.put(id, v);
            }
            return v;
        }
    }

    /** One variable of one scope. */
    private static final class Var {
        /** The scope the variable belongs to. */
        final Scope owner;
        int assigns;
        boolean poisoned;
        /** The right-hand side of the first simple assignment. */
        Expr value;
        /** End of that assignment statement: uses in its scope must start at or after it. */
        int defEnd;
        /** End of the statement list holding that assignment: uses must start before it. */
        int blockEnd;
        /** Whether that assignment is directly in its scope's body. */
        boolean topLevel;
        /** 0: not evaluated, 1: being evaluated, 2: done. */
        byte state;
        ConstValue result;
        /** Whether {@link #value} is an expression symbolic propagation may propagate. */
        boolean symbolic;
        /** Statements of the owner scope that may mutate the variable's object; null when none. */
        ArrayList<Mutation> mutations;

        Var(Scope owner) {
            this.owner = owner;
        }

        boolean isConstant() {
            return assigns == 1 && !poisoned && value != null;
        }
    }

    /**
     * A statement that may change the object a variable holds ({@code x.a = e}, {@code x[i] = e},
     * {@code del x.a}, a statement {@code x.f(...)}): its range and the loops around it.
     */
    private record Mutation(int start, int end, int[] loopStarts, int[] loopEnds) {
    }

    /** A mutation of the variable {@code root} names, found by the walk, resolved after it. */
    private record PendingMutation(Expr.Name root, Scope scope, Mutation mutation) {
    }

    private final IdentityHashMap<Expr.Name, Scope> useScope;
    /** The walk, kept to analyse deferred function bodies when first asked about (null: nothing deferred). */
    private final Builder builder;

    private ConstantPropagation(IdentityHashMap<Expr.Name, Scope> useScope, Builder builder) {
        this.useScope = useScope;
        this.builder = builder;
    }

    /** The analysis of a parsed file, shared with the matcher (made once per file and thread). */
    public static ConstantPropagation forFile(dev.warden.python.ParseResult file) { return FileFacts.of(file).constants(); }

    /**
     * Analyses {@code module}; a null module gives an analysis that knows no constants. The
     * bodies of functions outside functions (module-level functions and methods, with the
     * functions nested in them) are analysed when a question first concerns one: most files are
     * asked about a few names. Nothing in such a body changes what holds outside it but a
     * {@code global} statement, which is looked for at once.
     */
    public static ConstantPropagation of(Mod.Module module) { return of(module, true); }

    /** {@link #of(Mod.Module)}, with function bodies deferred or (for tests comparing both) all analysed at once. */
    static ConstantPropagation of(Mod.Module module, boolean deferBodies) {
        if (module == null || module.body() == null) return EMPTY;
        try {
            Builder builder = new Builder(deferBodies);
            builder.stmts(module.body(), true);
            ConstantPropagation result = new ConstantPropagation(builder.useScope, builder);
            result.finish(0, 0);
            return result;
        } catch (StackOverflowError | RuntimeException e) {
            return EMPTY;
        }
    }

    /**
     * Evaluates the definitions the walk found since it had {@code candidates} of them and
     * {@code mutations} mutations, in source order, so that chains of definitions need no deep
     * recursion.
     */
    private void finish(int candidates, int mutations) {
        List<Var> vs = builder.candidates;
        for (int i = candidates; i < vs.size(); i++) value(vs.get(i), 0);
        for (int i = candidates; i < vs.size(); i++) vs.get(i).symbolic = isSymbolic(vs.get(i).value, 0);
        List<PendingMutation> ms = builder.mutations;
        for (int i = mutations; i < ms.size(); i++) attachMutation(ms.get(i));
    }

    /**
     * The scope a Load of the tree is in, analysing first the deferred function body that holds
     * it if need be; null when {@code use} is not a Load of the analysed tree. (A file's analysis
     * is used by one thread: the scanner runs all rules of a file on one.)
     */
    private Scope scopeOf(Expr.Name use) {
        Scope scope = useScope.get(use);
        if (builder == null || use == null) return scope;
        if (scope != null) { // a body whose analysis failed part way knows nothing, as a failed file does
            if (!builder.anyFailed) return scope;
            Builder.Deferred d = builder.deferredAt(use.start());
            return d != null && d.failed ? null : scope;
        }
        Builder.Deferred body = builder.deferredAt(use.start());
        if (body == null || body.analysed) return null;
        body.analysed = true;
        int candidates = builder.candidates.size(), mutations = builder.mutations.size();
        try {
            builder.body(body);
            finish(candidates, mutations);
        } catch (StackOverflowError | RuntimeException e) {
            body.failed = true;
            builder.anyFailed = true;
            return null;
        }
        return useScope.get(use);
    }

    /**
     * The constant {@code use} (a Name of the analysed tree, by identity) holds at that point, or
     * null when it is not known to hold one (or is not a Load of the analysed tree).
     */
    public ConstValue valueOf(Expr.Name use) {
        try {
            return valueOf(use, 0);
        } catch (StackOverflowError | RuntimeException e) {
            return null;
        }
    }

    /**
     * The constant value of {@code e} under the rules above (literals, folding, names through
     * {@link #valueOf}), or null when it is not a constant expression.
     */
    public ConstValue evaluate(Expr e) {
        try {
            return evaluate(e, 0);
        } catch (StackOverflowError | RuntimeException ex) {
            return null;
        }
    }

    /**
     * Whether every value {@code e} can have is a string, though it is not one known constant:
     * {@code c and "x" or "y"} (Semgrep's "some string"), also through names holding such an
     * expression. A pattern {@code "..."} matches it.
     */
    public boolean alwaysString(Expr e) {
        try {
            return stringOnly(e, ANY, 0);
        } catch (StackOverflowError | RuntimeException ex) {
            return false;
        }
    }

    private static final int ANY = 0, TRUTHY = 1, FALSY = 2;

    /** Whether each value {@code e} can take (when truthy, when falsy, or at all) is a string. */
    private boolean stringOnly(Expr e, int when, int depth) {
        if (e == null || depth > MAX_EVAL_DEPTH) return false;
        if (e instanceof Expr.BoolOp b && !b.values().isEmpty()) {
            boolean or = b.op() == dev.warden.python.ast.BoolOperator.Or;
            List<Expr> vs = b.values();
            int last = vs.size() - 1;
            // `a or b`: a when truthy, else b; `a and b`: a when falsy, else b
            if (when == (or ? FALSY : TRUTHY)) return stringOnly(vs.get(last), when, depth + 1);
            for (int i = 0; i < last; i++) if (!stringOnly(vs.get(i), or ? TRUTHY : FALSY, depth + 1)) return false;
            return stringOnly(vs.get(last), when, depth + 1);
        }
        if (e instanceof Expr.Name n && n.ctx() == ExprContext.Load) {
            Scope scope = scopeOf(n);
            Var v = scope == null ? null : resolve(n, scope);
            if (v != null && v.isConstant() && v.value != null && v.value != e) return stringOnly(v.value, when, depth + 1);
        }
        return evaluate(e, depth) instanceof ConstValue.Str;
    }

    /**
     * Semgrep's symbolic propagation ({@code symbolic_propagation: true}): the expression
     * {@code use} (a Load Name of the analysed tree, by identity) is known to be equal to, or null.
     * See the class comment for the rules; chains of variables are followed, so after
     * {@code a = b(); c = a} the use {@code c} gives the Call {@code b()}. The result is a node of
     * the analysed tree (the right-hand side of an assignment), never a copy.
     */
    public Expr symbolicValue(Expr.Name use) {
        try {
            return symbolic(use);
        } catch (StackOverflowError | RuntimeException e) {
            return null;
        }
    }

    private Expr symbolic(Expr.Name use) {
        Expr result = null;
        Expr.Name cur = use;
        ArrayList<Var> seen = new ArrayList<>();
        while (cur != null && seen.size() < MAX_SYMBOLIC_CHAIN) {
            Var v = symbolicVar(cur);
            if (v == null) break;
            for (Var s : seen) {
                if (s == v) return result; // a cycle (cannot happen with the position rules; be safe)
            }
            seen.add(v);
            result = v.value;
            cur = result instanceof Expr.Name n && n.ctx() == ExprContext.Load ? n : null;
        }
        return result;
    }

    /** The single-definition variable whose value {@code use} may take symbolically, or null. */
    private Var symbolicVar(Expr.Name use) {
        Scope scope = scopeOf(use);
        if (scope == null) return null;
        Var v = resolve(use, scope);
        if (v == null || !v.isConstant() || !v.symbolic) return null;
        // Only within the defining scope (and class bodies inside it): never into functions.
        for (Scope s = scope; s != v.owner; s = s.parent) {
            if (s == null || s.kind == FUNCTION) return null;
        }
        if (v.mutations != null) {
            for (Mutation m : v.mutations) {
                if (kills(m, v, use)) return null;
            }
        }
        return v;
    }

    /**
     * Whether mutation {@code m} may run between the definition of {@code v} and {@code use}: it
     * lies between them in the source, or a loop that starts after the definition holds both.
     */
    private static boolean kills(Mutation m, Var v, Expr.Name use) {
        if (m.start() >= v.defEnd && m.end() <= use.start()) return true;
        for (int i = 0; i < m.loopStarts().length; i++) {
            if (m.loopStarts()[i] >= v.defEnd && use.start() >= m.loopStarts()[i] && use.start() < m.loopEnds()[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names a statement defines with a value the analysis can know, with that value: the
     * Name targets of {@code x = v}, {@code x: T = v} and {@code with v as x} (the walk's
     * {@code define}s). A name never defined so has no constant or symbolic value, which lets
     * {@link FileFacts} answer for it without the analysis.
     */
    static void definitions(Stmt s, java.util.function.BiConsumer<Expr.Name, Expr> out) {
        if (s instanceof Stmt.Assign a) {
            if (a.targets() != null && a.value() != null) for (Expr t : a.targets()) if (t instanceof Expr.Name n) out.accept(n, a.value());
        } else if (s instanceof Stmt.AnnAssign a) {
            if (a.target() instanceof Expr.Name n && a.value() != null) out.accept(n, a.value());
        } else if (s instanceof Stmt.With || s instanceof Stmt.AsyncWith) {
            List<WithItem> items = s instanceof Stmt.With w ? w.items() : ((Stmt.AsyncWith) s).items();
            if (items != null) {
                for (WithItem w : items) {
                    if (w != null && w.optionalVars() instanceof Expr.Name n && w.contextExpr() != null) out.accept(n, w.contextExpr());
                }
            }
        }
    }

    /** {@link #isSymbolic(Expr, int)} of a whole value (for the cheap checks of {@link FileFacts}). */
    static boolean isSymbolic(Expr e) { return isSymbolic(e, 0); }

    /**
     * The expressions Semgrep propagates symbolically: literals, names, attribute accesses,
     * subscripts with a plain index, calls (with positional and named arguments only), and unary,
     * binary, boolean and comparison operators, over such expressions.
     */
    private static boolean isSymbolic(Expr e, int depth) {
        if (e == null || depth > MAX_EVAL_DEPTH) return false;
        int d = depth + 1;
        if (e instanceof Expr.Constant) return true;
        if (e instanceof Expr.Name n) return n.ctx() == ExprContext.Load && n.id() != null;
        if (e instanceof Expr.Attribute a) return isSymbolic(a.value(), d);
        if (e instanceof Expr.Subscript s) return isSymbolic(s.value(), d) && isSymbolic(s.slice(), d);
        if (e instanceof Expr.Call c) {
            if (!isSymbolic(c.func(), d)) return false;
            if (c.args() != null) {
                for (Expr a : c.args()) if (!isSymbolic(a, d)) return false;
            }
            if (c.keywords() != null) {
                for (Keyword k : c.keywords()) {
                    if (k == null || k.arg() == null || !isSymbolic(k.value(), d)) return false;
                }
            }
            return true;
        }
        if (e instanceof Expr.BinOp b) return isSymbolic(b.left(), d) && isSymbolic(b.right(), d);
        if (e instanceof Expr.UnaryOp u) return isSymbolic(u.operand(), d);
        if (e instanceof Expr.BoolOp b) return allSymbolic(b.values(), d);
        if (e instanceof Expr.Compare c) return isSymbolic(c.left(), d) && allSymbolic(c.comparators(), d);
        return false;
    }

    private static boolean allSymbolic(List<Expr> list, int depth) {
        if (list == null) return false;
        for (Expr e : list) if (!isSymbolic(e, depth)) return false;
        return true;
    }

    /**
     * Gives a mutation to the variable its root names, looked up from the mutation's scope without
     * crossing into enclosing functions (Semgrep's analysis is intraprocedural).
     */
    private static void attachMutation(PendingMutation p) {
        String id = p.root().id();
        if (id == null) return;
        Scope s = p.scope();
        boolean first = true;
        while (s != null) {
            if (first || s.kind != CLASS) {
                if (s.declares(id)) return;
                Var v = s.vars.get(id);
                if (v != null) {
                    if (v.mutations == null) v.mutations = new ArrayList<>();
                    v.mutations.add(p.mutation());
                    return;
                }
                if (s.kind == FUNCTION) return;
            }
            first = false;
            s = s.parent;
        }
    }

    private ConstValue valueOf(Expr.Name use, int depth) {
        if (use == null) return null;
        Scope scope = scopeOf(use);
        if (scope == null) return null;
        Var v = resolve(use, scope);
        return v == null ? null : value(v, depth);
    }

    private static Var resolve(Expr.Name use, Scope scope) {
        String id = use.id();
        if (id == null || scope.declares(id)) return null;
        Var own = scope.vars.get(id);
        if (own != null) return visibleInOwnScope(own, use) ? own : null;
        boolean crossedFunction = scope.kind == FUNCTION;
        for (Scope p = scope.parent; p != null; p = p.parent) {
            if (p.kind == CLASS) continue; // class bodies are invisible to nested scopes
            if (p.declares(id)) return null;
            Var v = p.vars.get(id);
            if (v != null) {
                if (p.kind != MODULE) return null; // no propagation into closures
                if (!crossedFunction) return visibleInOwnScope(v, use) ? v : null;
                return v.topLevel ? v : null;
            }
            if (p.kind == FUNCTION) crossedFunction = true;
        }
        return null;
    }

    private static boolean visibleInOwnScope(Var v, Expr.Name use) {
        return use.start() >= v.defEnd && use.start() < v.blockEnd;
    }

    private ConstValue value(Var v, int depth) {
        if (!v.isConstant()) return null;
        if (v.state == 2) return v.result;
        if (v.state == 1) return null; // a cycle (cannot happen with the position rules; be safe)
        v.state = 1;
        ConstValue r = null;
        try {
            r = evaluate(v.value, depth + 1);
        } finally {
            v.result = r;
            v.state = 2;
        }
        return r;
    }

    // ---------------------------------------------------------------- evaluation

    private ConstValue evaluate(Expr e, int depth) {
        if (e == null || depth > MAX_EVAL_DEPTH) return null;
        if (e instanceof Expr.Constant c) return literal(c.value());
        if (e instanceof Expr.Name n) return n.ctx() == ExprContext.Load ? valueOf(n, depth + 1) : null;
        if (e instanceof Expr.BinOp b) return binOp(b, depth);
        if (e instanceof Expr.UnaryOp u) return unaryOp(u, depth);
        if (e instanceof Expr.JoinedStr j) return joinedStr(j, depth);
        return null;
    }

    /** The value of a literal (no analysis needed), or null for one that is not a constant of the analysis. */
    static ConstValue literalValue(Expr.Constant c) { return literal(c.value()); }

    private static ConstValue literal(ConstValue v) {
        if (v instanceof ConstValue.Str || v instanceof ConstValue.Bytes || v instanceof ConstValue.Int
                || v instanceof ConstValue.Float) {
            return v;
        }
        if (v == ConstValue.Singleton.NONE || v == ConstValue.Singleton.TRUE || v == ConstValue.Singleton.FALSE) {
            return v;
        }
        return null;
    }

    /** Folds a left-deep chain ({@code a + b + c + ...}) iteratively, left to right. */
    private ConstValue binOp(Expr.BinOp b, int depth) {
        int n = 0;
        Expr cur = b;
        while (cur instanceof Expr.BinOp x) {
            n++;
            cur = x.left();
        }
        Expr.BinOp[] spine = new Expr.BinOp[n];
        cur = b;
        for (int i = n - 1; i >= 0; i--) {
            spine[i] = (Expr.BinOp) cur;
            cur = spine[i].left();
        }
        ConstValue acc = evaluate(cur, depth + 1);
        for (int i = 0; i < n && acc != null; i++) {
            ConstValue right = evaluate(spine[i].right(), depth + 1);
            if (right == null) return null;
            acc = apply(spine[i].op(), acc, right);
        }
        return acc;
    }

    private static ConstValue apply(Operator op, ConstValue a, ConstValue b) {
        if (op == null) return null;
        switch (op) {
            case Add -> {
                if (a instanceof ConstValue.Int x && b instanceof ConstValue.Int y) return intResult(x.value().add(y.value()));
                if (a instanceof ConstValue.Str x && b instanceof ConstValue.Str y) return concat(x, y);
                if (a instanceof ConstValue.Bytes x && b instanceof ConstValue.Bytes y) {
                    if ((long) x.value().length + y.value().length > MAX_STRING) return null;
                    byte[] r = new byte[x.value().length + y.value().length];
                    System.arraycopy(x.value(), 0, r, 0, x.value().length);
                    System.arraycopy(y.value(), 0, r, x.value().length, y.value().length);
                    return new ConstValue.Bytes(r);
                }
                ConstValue.Str sa = asStr(a);
                ConstValue.Str sb = asStr(b);
                if (sa != null && sb != null) return concat(sa, sb);
                return null;
            }
            case Sub -> {
                if (a instanceof ConstValue.Int x && b instanceof ConstValue.Int y) return intResult(x.value().subtract(y.value()));
                return null;
            }
            case Mult -> {
                if (a instanceof ConstValue.Int x && b instanceof ConstValue.Int y) return intResult(x.value().multiply(y.value()));
                if (a instanceof ConstValue.Str x && b instanceof ConstValue.Int y) return repeat(x, y.value());
                if (a instanceof ConstValue.Int x && b instanceof ConstValue.Str y) return repeat(y, x.value());
                return null;
            }
            case FloorDiv -> {
                if (a instanceof ConstValue.Int x && b instanceof ConstValue.Int y && y.value().signum() != 0) {
                    BigInteger[] qr = x.value().divideAndRemainder(y.value());
                    BigInteger q = qr[0];
                    if (qr[1].signum() != 0 && x.value().signum() != y.value().signum()) q = q.subtract(BigInteger.ONE);
                    return intResult(q);
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static ConstValue intResult(BigInteger v) {
        return v.bitLength() > MAX_INT_BITS ? null : new ConstValue.Int(v);
    }

    /** A str, or bytes read as Latin-1 (Semgrep treats every string literal kind as a string). */
    private static ConstValue.Str asStr(ConstValue v) {
        if (v instanceof ConstValue.Str s) return s;
        if (v instanceof ConstValue.Bytes b) return new ConstValue.Str(new String(b.value(), StandardCharsets.ISO_8859_1));
        return null;
    }

    private static ConstValue concat(ConstValue.Str a, ConstValue.Str b) {
        if ((long) a.value().length() + b.value().length() > MAX_STRING) return null;
        if (a.codePoints() == null && b.codePoints() == null) return new ConstValue.Str(a.value() + b.value());
        int[] pa = points(a);
        int[] pb = points(b);
        int[] r = new int[pa.length + pb.length];
        System.arraycopy(pa, 0, r, 0, pa.length);
        System.arraycopy(pb, 0, r, pa.length, pb.length);
        return new ConstValue.Str(a.value() + b.value(), r);
    }

    private static int[] points(ConstValue.Str s) {
        return s.codePoints() != null ? s.codePoints() : s.value().codePoints().toArray();
    }

    private static ConstValue repeat(ConstValue.Str s, BigInteger times) {
        if (times.signum() <= 0) return new ConstValue.Str("");
        if (s.codePoints() != null) return null;
        long len = s.value().length();
        if (times.bitLength() > 31 || len * times.longValue() > MAX_STRING) return null;
        return new ConstValue.Str(s.value().repeat(times.intValue()));
    }

    private ConstValue unaryOp(Expr.UnaryOp u, int depth) {
        if (u.op() != UnaryOperator.USub && u.op() != UnaryOperator.UAdd) return null;
        ConstValue v = evaluate(u.operand(), depth + 1);
        boolean neg = u.op() == UnaryOperator.USub;
        if (v instanceof ConstValue.Int i) return neg ? new ConstValue.Int(i.value().negate()) : v;
        if (v instanceof ConstValue.Float f) return neg ? new ConstValue.Float(-f.value()) : v;
        return null;
    }

    private ConstValue joinedStr(Expr.JoinedStr j, int depth) {
        if (j.values() == null) return null;
        StringBuilder sb = new StringBuilder();
        for (Expr part : j.values()) {
            String text;
            if (part instanceof Expr.Constant c && c.value() instanceof ConstValue.Str s) {
                if (s.codePoints() != null) return null;
                text = s.value();
            } else if (part instanceof Expr.FormattedValue fv) {
                if (fv.formatSpec() != null
                        && !(fv.formatSpec() instanceof Expr.JoinedStr spec && spec.values() != null && spec.values().isEmpty())) {
                    return null;
                }
                ConstValue v = evaluate(fv.value(), depth + 1);
                if (v == null) return null;
                if (fv.conversion() == -1 || fv.conversion() == 's') {
                    text = str(v);
                } else if (fv.conversion() == 'r') {
                    if (v instanceof ConstValue.Str s && s.codePoints() != null) return null;
                    text = PyRepr.repr(v);
                } else {
                    return null;
                }
                if (text == null) return null;
            } else {
                return null;
            }
            if ((long) sb.length() + text.length() > MAX_STRING) return null;
            sb.append(text);
        }
        return new ConstValue.Str(sb.toString());
    }

    /** Python's {@code str()} of a constant, or null when not modelled. */
    private static String str(ConstValue v) {
        if (v instanceof ConstValue.Str s) return s.codePoints() == null ? s.value() : null;
        if (v instanceof ConstValue.Int i) return i.value().toString();
        if (v instanceof ConstValue.Float f) return PyRepr.floatRepr(f.value());
        if (v == ConstValue.Singleton.NONE) return "None";
        if (v == ConstValue.Singleton.TRUE) return "True";
        if (v == ConstValue.Singleton.FALSE) return "False";
        if (v instanceof ConstValue.Bytes) return PyRepr.repr(v);
        return null;
    }

    // ---------------------------------------------------------------- the walk

    /** One walk of the tree: scopes, bindings and the scope of each Load use. */
    private static final class Builder {
        /** Whether bodies of functions outside functions wait until asked about ({@link Deferred}). */
        final boolean deferBodies;
        /** The deferred bodies, in source order (they do not nest). */
        final ArrayList<Deferred> deferred = new ArrayList<>();
        /** How many function bodies the walk is in. */
        int functionDepth;
        /** Whether the analysis of some deferred body failed (too deep a tree). */
        boolean anyFailed;

        Builder(boolean deferBodies) { this.deferBodies = deferBodies; }

        /** A function body left for later: the def's range, the scope holding it, what the body's walk needs. */
        static final class Deferred {
            final int start, end;
            final Scope parent;
            final Arguments args;
            final List<TypeParam> typeParams;
            final List<Stmt> body;
            boolean analysed, failed;

            Deferred(int start, int end, Scope parent, Arguments args, List<TypeParam> typeParams, List<Stmt> body) {
                this.start = start;
                this.end = end;
                this.parent = parent;
                this.args = args;
                this.typeParams = typeParams;
                this.body = body;
            }
        }

        /** The deferred body whose def's range holds {@code offset}, or null. */
        Deferred deferredAt(int offset) {
            int lo = 0, hi = deferred.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Deferred d = deferred.get(mid);
                if (offset < d.start) hi = mid - 1;
                else if (offset >= d.end) lo = mid + 1;
                else return d;
            }
            return null;
        }

        /** Walks a deferred body as {@link #function} would have. */
        void body(Deferred d) {
            Scope savedScope = scope;
            int savedEnd = blockEnd, savedDepth = functionDepth;
            boolean savedTop = topLevel;
            ArrayList<int[]> savedLoops = loops;
            scope = d.parent;
            try {
                functionBody(d.args, d.typeParams, d.body);
            } finally { // also after a failure, so that other bodies start from the walk's state
                scope = savedScope;
                blockEnd = savedEnd;
                topLevel = savedTop;
                loops = savedLoops;
                functionDepth = savedDepth;
            }
        }

        /**
         * What a deferred body changes outside itself: {@code global x} anywhere in it (nested
         * functions and classes included) makes the module's {@code x} no constant.
         */
        void globalsIn(List<Stmt> body) {
            Blocks.forEach(body, block -> {
                for (Stmt st : block) {
                    if (st instanceof Stmt.Global g && g.names() != null) {
                        for (String id : g.names()) if (id != null) module.var(id).poisoned = true;
                    }
                }
            });
        }

        final IdentityHashMap<Expr.Name, Scope> useScope = new IdentityHashMap<>();
        final ArrayList<Var> candidates = new ArrayList<>();
        final ArrayList<PendingMutation> mutations = new ArrayList<>();
        /** The loops (start, end) around the current statement, in the current function. */
        ArrayList<int[]> loops = new ArrayList<>();
        final Scope module = new Scope(null, MODULE);
        final Consumer<Node> generic = this::node;
        Scope scope = module;
        int blockEnd = Integer.MAX_VALUE;
        boolean topLevel = true;

        void stmts(List<Stmt> body, boolean scopeBody) {
            if (body == null || body.isEmpty()) return;
            int end = -1;
            for (int i = 0; i < body.size(); i++) {
                if (body.get(i) != null) end = Math.max(end, body.get(i).end());
            }
            int savedEnd = blockEnd;
            boolean savedTop = topLevel;
            blockEnd = end;
            topLevel = scopeBody;
            for (Stmt s : body) {
                if (s != null) stmt(s);
            }
            blockEnd = savedEnd;
            topLevel = savedTop;
        }

        void poison(String id) {
            if (id != null) scope.var(id).poisoned = true;
        }

        void define(String id, Expr value, int defEnd) {
            if (id == null) return;
            Var v = scope.var(id);
            if (++v.assigns == 1) {
                v.value = value;
                v.defEnd = defEnd;
                v.blockEnd = blockEnd;
                v.topLevel = topLevel;
                candidates.add(v);
            }
        }

        /**
         * Records that the code at {@code at} (a statement, or a for/with target) may mutate the
         * object held by the variable at the root of {@code e} (through attributes and subscripts).
         */
        void mutation(Located at, Expr e) {
            while (e instanceof Expr.Attribute || e instanceof Expr.Subscript) {
                if (e instanceof Expr.Attribute a) e = a.value();
                else e = ((Expr.Subscript) e).value();
            }
            if (!(e instanceof Expr.Name n) || n.ctx() != ExprContext.Load) return;
            int[] starts = new int[loops.size()];
            int[] ends = new int[loops.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = loops.get(i)[0];
                ends[i] = loops.get(i)[1];
            }
            mutations.add(new PendingMutation(n, scope, new Mutation(at.start(), at.end(), starts, ends)));
        }

        /** Mutations by a store target: its attributes and subscripts (through tuples and lists). */
        void targetMutations(Located s, Expr t) {
            if (t instanceof Expr.Attribute || t instanceof Expr.Subscript) {
                mutation(s, t);
            } else if (t instanceof Expr.Tuple tu) {
                if (tu.elts() != null) for (Expr e : tu.elts()) targetMutations(s, e);
            } else if (t instanceof Expr.List l) {
                if (l.elts() != null) for (Expr e : l.elts()) targetMutations(s, e);
            } else if (t instanceof Expr.Starred st) {
                targetMutations(s, st.value());
            }
        }

        void loop(Stmt s, Runnable body) {
            loops.add(new int[] {s.start(), s.end()});
            try {
                body.run();
            } finally {
                loops.remove(loops.size() - 1);
            }
        }

        void stmt(Stmt s) {
            if (s instanceof Stmt.Assign a) {
                if (a.targets() != null) {
                    for (Expr t : a.targets()) {
                        if (t instanceof Expr.Name n && a.value() != null) define(n.id(), a.value(), a.end());
                        else target(t);
                        targetMutations(s, t);
                    }
                }
                expr(a.value());
            } else if (s instanceof Stmt.ExprStmt e) {
                // A method call whose result is dropped may update its receiver (Semgrep's rule).
                if (e.value() instanceof Expr.Call c && c.func() instanceof Expr.Attribute) mutation(s, c.func());
                expr(e.value());
            } else if (s instanceof Stmt.FunctionDef f) {
                function(f, f.name(), f.args(), f.decoratorList(), f.returns(), f.typeParams(), f.body());
            } else if (s instanceof Stmt.AsyncFunctionDef f) {
                function(f, f.name(), f.args(), f.decoratorList(), f.returns(), f.typeParams(), f.body());
            } else if (s instanceof Stmt.ClassDef c) {
                exprs(c.decoratorList());
                exprs(c.bases());
                keywords(c.keywords());
                poison(c.name());
                Scope saved = scope;
                scope = new Scope(saved, CLASS);
                typeParams(c.typeParams());
                stmts(c.body(), true);
                scope = saved;
            } else if (s instanceof Stmt.Return r) {
                expr(r.value());
            } else if (s instanceof Stmt.If i) {
                expr(i.test());
                stmts(i.body(), false);
                stmts(i.orelse(), false);
            } else if (s instanceof Stmt.AugAssign a) {
                target(a.target());
                targetMutations(s, a.target());
                expr(a.value());
            } else if (s instanceof Stmt.AnnAssign a) {
                if (a.target() instanceof Expr.Name n) {
                    if (a.value() != null) define(n.id(), a.value(), a.end());
                    else if (n.id() != null) scope.var(n.id());
                } else {
                    target(a.target());
                    targetMutations(s, a.target());
                }
                expr(a.annotation());
                expr(a.value());
            } else if (s instanceof Stmt.For f) {
                loop(s, () -> {
                    target(f.target());
                    if (f.target() != null) targetMutations(f.target(), f.target());
                    expr(f.iter());
                    stmts(f.body(), false);
                });
                stmts(f.orelse(), false);
            } else if (s instanceof Stmt.AsyncFor f) {
                loop(s, () -> {
                    target(f.target());
                    if (f.target() != null) targetMutations(f.target(), f.target());
                    expr(f.iter());
                    stmts(f.body(), false);
                });
                stmts(f.orelse(), false);
            } else if (s instanceof Stmt.While w) {
                loop(s, () -> {
                    expr(w.test());
                    stmts(w.body(), false);
                });
                stmts(w.orelse(), false);
            } else if (s instanceof Stmt.With w) {
                withItems(s, w.items());
                stmts(w.body(), false);
            } else if (s instanceof Stmt.AsyncWith w) {
                withItems(s, w.items());
                stmts(w.body(), false);
            } else if (s instanceof Stmt.Try t) {
                stmts(t.body(), false);
                handlers(t.handlers());
                stmts(t.orelse(), false);
                stmts(t.finalbody(), false);
            } else if (s instanceof Stmt.TryStar t) {
                stmts(t.body(), false);
                handlers(t.handlers());
                stmts(t.orelse(), false);
                stmts(t.finalbody(), false);
            } else if (s instanceof Stmt.Delete d) {
                if (d.targets() != null) {
                    for (Expr t : d.targets()) {
                        target(t);
                        targetMutations(s, t);
                    }
                }
            } else if (s instanceof Stmt.Import imp) {
                aliases(imp.names(), true);
            } else if (s instanceof Stmt.ImportFrom imp) {
                aliases(imp.names(), false);
            } else if (s instanceof Stmt.Global g) {
                if (g.names() == null) return;
                for (String id : g.names()) {
                    if (id == null) continue;
                    declare(id);
                    if (scope != module) module.var(id).poisoned = true;
                }
            } else if (s instanceof Stmt.Nonlocal nl) {
                if (nl.names() == null) return;
                for (String id : nl.names()) {
                    if (id == null) continue;
                    declare(id);
                    for (Scope p = scope.parent; p != null && p.kind != MODULE; p = p.parent) {
                        if (p.kind == FUNCTION) p.var(id).poisoned = true;
                    }
                }
            } else if (s instanceof Stmt.Match m) {
                expr(m.subject());
                if (m.cases() != null) {
                    for (MatchCase c : m.cases()) {
                        if (c == null) continue;
                        pattern(c.pattern());
                        expr(c.guard());
                        stmts(c.body(), false);
                    }
                }
            } else if (s instanceof Stmt.Raise r) {
                expr(r.exc());
                expr(r.cause());
            } else if (s instanceof Stmt.Assert a) {
                expr(a.test());
                expr(a.msg());
            } else if (s instanceof Stmt.TypeAlias t) {
                target(t.name());
                typeParams(t.typeParams());
                expr(t.value());
            } else if (s instanceof Stmt.Pass || s instanceof Stmt.Break || s instanceof Stmt.Continue) {
                return;
            } else if (s != null) {
                Children.forEach(s, generic);
            }
        }

        void declare(String id) {
            if (scope.declared == null) scope.declared = new HashSet<>();
            scope.declared.add(id);
        }

        void aliases(List<Alias> names, boolean plainImport) {
            if (names == null) return;
            for (Alias a : names) {
                if (a == null) continue;
                if (a.asname() != null) {
                    poison(a.asname());
                } else if (a.name() != null && !a.name().equals("*")) {
                    String name = a.name();
                    int dot = plainImport ? name.indexOf('.') : -1;
                    poison(dot < 0 ? name : name.substring(0, dot));
                }
            }
        }

        void withItems(Stmt s, List<WithItem> items) {
            if (items == null) return;
            for (WithItem w : items) {
                if (w == null) continue;
                expr(w.contextExpr());
                // `with E as s`: s stands for E (Semgrep propagates it symbolically, like `s = E`)
                if (w.optionalVars() instanceof Expr.Name n && w.contextExpr() != null) define(n.id(), w.contextExpr(), n.end());
                else target(w.optionalVars());
                if (w.optionalVars() != null) targetMutations(w.optionalVars(), w.optionalVars());
            }
        }

        void handlers(List<ExceptHandler> handlers) {
            if (handlers == null) return;
            for (ExceptHandler h : handlers) {
                if (h == null) continue;
                expr(h.type());
                poison(h.name());
                stmts(h.body(), false);
            }
        }

        void function(Stmt def, String name, Arguments args, List<Expr> decorators, Expr returns,
                List<TypeParam> typeParams, List<Stmt> body) {
            exprs(decorators);
            argumentsOutside(args);
            expr(returns);
            poison(name);
            if (deferBodies && functionDepth == 0 && body != null) {
                deferred.add(new Deferred(def.start(), def.end(), scope, args, typeParams, body));
                globalsIn(body);
                return;
            }
            functionBody(args, typeParams, body);
        }

        /** A function's own scope, inside the current one: its type parameters, parameters and body. */
        void functionBody(Arguments args, List<TypeParam> typeParams, List<Stmt> body) {
            Scope saved = scope;
            ArrayList<int[]> savedLoops = loops;
            scope = new Scope(saved, FUNCTION);
            loops = new ArrayList<>();
            functionDepth++;
            typeParams(typeParams);
            parameters(args);
            stmts(body, true);
            functionDepth--;
            scope = saved;
            loops = savedLoops;
        }

        /** Defaults and annotations: evaluated in the scope that holds the def or lambda. */
        void argumentsOutside(Arguments a) {
            if (a == null) return;
            exprs(a.defaults());
            exprs(a.kwDefaults());
            annotations(a.posonlyargs());
            annotations(a.args());
            if (a.vararg() != null) expr(a.vararg().annotation());
            annotations(a.kwonlyargs());
            if (a.kwarg() != null) expr(a.kwarg().annotation());
        }

        void annotations(List<Arg> args) {
            if (args == null) return;
            for (Arg a : args) if (a != null) expr(a.annotation());
        }

        void parameters(Arguments a) {
            if (a == null) return;
            params(a.posonlyargs());
            params(a.args());
            if (a.vararg() != null) poison(a.vararg().arg());
            params(a.kwonlyargs());
            if (a.kwarg() != null) poison(a.kwarg().arg());
        }

        void params(List<Arg> args) {
            if (args == null) return;
            for (Arg a : args) if (a != null) poison(a.arg());
        }

        void typeParams(List<TypeParam> params) {
            if (params == null) return;
            for (TypeParam p : params) {
                if (p instanceof TypeParam.TypeVar t) {
                    poison(t.name());
                    expr(t.bound());
                    expr(t.defaultValue());
                } else if (p instanceof TypeParam.ParamSpec t) {
                    poison(t.name());
                    expr(t.defaultValue());
                } else if (p instanceof TypeParam.TypeVarTuple t) {
                    poison(t.name());
                    expr(t.defaultValue());
                } else if (p != null) {
                    Children.forEach(p, generic);
                }
            }
        }

        void keywords(List<Keyword> keywords) {
            if (keywords == null) return;
            for (int i = 0; i < keywords.size(); i++) if (keywords.get(i) != null) expr(keywords.get(i).value());
        }

        void exprs(List<Expr> list) {
            if (list == null) return;
            for (int i = 0; i < list.size(); i++) if (list.get(i) != null) expr(list.get(i)); // by index: no iterator per list
        }

        /** A binding target: every Name in it (through tuples, lists, starred) is bound. */
        void target(Expr t) {
            if (t instanceof Expr.Name n) {
                poison(n.id());
            } else if (t instanceof Expr.Tuple tu) {
                if (tu.elts() != null) for (Expr e : tu.elts()) target(e);
            } else if (t instanceof Expr.List l) {
                if (l.elts() != null) for (Expr e : l.elts()) target(e);
            } else if (t instanceof Expr.Starred st) {
                target(st.value());
            } else if (t != null) {
                expr(t); // attribute or subscript: the names inside are read
            }
        }

        void comprehensions(List<Comprehension> generators) {
            if (generators == null) return;
            for (Comprehension c : generators) {
                if (c == null) continue;
                target(c.target());
                expr(c.iter());
                exprs(c.ifs());
            }
        }

        /** Walks an expression; left spines (operators, attribute and call chains) iteratively. */
        void expr(Expr e) {
            while (e != null) {
                if (e instanceof Expr.Name n) {
                    if (n.ctx() == ExprContext.Load) useScope.put(n, scope);
                    else if (n.ctx() != null) poison(n.id());
                    return;
                } else if (e instanceof Expr.Constant) {
                    return;
                } else if (e instanceof Expr.Attribute a) {
                    e = a.value();
                } else if (e instanceof Expr.Call c) {
                    exprs(c.args());
                    keywords(c.keywords());
                    e = c.func();
                } else if (e instanceof Expr.BinOp b) {
                    expr(b.right());
                    e = b.left();
                } else if (e instanceof Expr.Subscript s) {
                    expr(s.slice());
                    e = s.value();
                } else if (e instanceof Expr.BoolOp b) {
                    exprs(b.values());
                    return;
                } else if (e instanceof Expr.Compare c) {
                    exprs(c.comparators());
                    e = c.left();
                } else if (e instanceof Expr.UnaryOp u) {
                    e = u.operand();
                } else if (e instanceof Expr.JoinedStr j) {
                    exprs(j.values());
                    return;
                } else if (e instanceof Expr.FormattedValue f) {
                    expr(f.formatSpec());
                    e = f.value();
                } else if (e instanceof Expr.Tuple t) {
                    exprs(t.elts());
                    return;
                } else if (e instanceof Expr.List l) {
                    exprs(l.elts());
                    return;
                } else if (e instanceof Expr.Dict d) {
                    exprs(d.keys());
                    exprs(d.values());
                    return;
                } else if (e instanceof Expr.Set st) {
                    exprs(st.elts());
                    return;
                } else if (e instanceof Expr.NamedExpr ne) {
                    target(ne.target());
                    e = ne.value();
                } else if (e instanceof Expr.IfExp i) {
                    expr(i.test());
                    expr(i.body());
                    e = i.orelse();
                } else if (e instanceof Expr.Lambda l) {
                    argumentsOutside(l.args());
                    Scope saved = scope;
                    scope = new Scope(saved, FUNCTION);
                    parameters(l.args());
                    expr(l.body());
                    scope = saved;
                    return;
                } else if (e instanceof Expr.ListComp c) {
                    comprehensions(c.generators());
                    e = c.elt();
                } else if (e instanceof Expr.SetComp c) {
                    comprehensions(c.generators());
                    e = c.elt();
                } else if (e instanceof Expr.GeneratorExp c) {
                    comprehensions(c.generators());
                    e = c.elt();
                } else if (e instanceof Expr.DictComp c) {
                    comprehensions(c.generators());
                    expr(c.key());
                    e = c.value();
                } else if (e instanceof Expr.Starred s) {
                    e = s.value();
                } else if (e instanceof Expr.Await a) {
                    e = a.value();
                } else if (e instanceof Expr.Yield y) {
                    e = y.value();
                } else if (e instanceof Expr.YieldFrom y) {
                    e = y.value();
                } else if (e instanceof Expr.Slice s) {
                    expr(s.lower());
                    expr(s.upper());
                    e = s.step();
                } else {
                    Children.forEach(e, generic); // node kinds added later (pattern nodes)
                    return;
                }
            }
        }

        void pattern(CasePattern p) {
            if (p instanceof CasePattern.MatchValue v) {
                expr(v.value());
            } else if (p instanceof CasePattern.MatchSingleton) {
                return;
            } else if (p instanceof CasePattern.MatchSequence s) {
                patterns(s.patterns());
            } else if (p instanceof CasePattern.MatchMapping m) {
                exprs(m.keys());
                patterns(m.patterns());
                poison(m.rest());
            } else if (p instanceof CasePattern.MatchClass c) {
                expr(c.cls());
                patterns(c.patterns());
                patterns(c.kwdPatterns());
            } else if (p instanceof CasePattern.MatchStar s) {
                poison(s.name());
            } else if (p instanceof CasePattern.MatchAs a) {
                pattern(a.pattern());
                poison(a.name());
            } else if (p instanceof CasePattern.MatchOr o) {
                patterns(o.patterns());
            } else if (p != null) {
                Children.forEach(p, generic);
            }
        }

        void patterns(List<CasePattern> list) {
            if (list == null) return;
            for (CasePattern p : list) pattern(p);
        }

        /** Dispatch for children reached through {@link Children#forEach}. */
        void node(Node n) {
            if (n instanceof Stmt s) stmt(s);
            else if (n instanceof Expr e) expr(e);
            else if (n instanceof CasePattern p) pattern(p);
            else if (n instanceof MatchCase c) {
                pattern(c.pattern());
                expr(c.guard());
                stmts(c.body(), false);
            } else if (n != null) Children.forEach(n, generic);
        }
    }
}
