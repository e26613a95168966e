package dev.warden.match;

import dev.warden.python.ast.Alias;
import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.BoolOperator;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.ExceptHandler;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Keyword;
import dev.warden.python.ast.Located;
import dev.warden.python.ast.Node;
import dev.warden.python.ast.Operator;
import dev.warden.python.ast.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Matches pattern nodes against target nodes with Semgrep's semantics, in continuation-passing
 * style: each way a pattern can match calls the continuation with the bindings of that way, and
 * a continuation returning true stops the search. Backtracking is therefore just returning.
 * The pattern side is always the first argument, the target the second.
 *
 * <p>The continuations taken on every attempt are anonymous classes rather than lambdas: the
 * launcher runs the JVM with C1 only, which allocates a capturing lambda through a method handle
 * (about 45 ns, against 3 ns for a plain {@code new}), and matching allocates millions of them.
 */
final class NodeMatcher {
    /** Continuation: what to do with bindings once a part matched; true stops the search. */
    interface K {
        boolean go(Env env);
    }

    /** Continuation of a sequence match that also learns where in the target the match ended. */
    interface SeqK {
        boolean go(Env env, int end);
    }

    /** Matches one pattern element against one target element. */
    interface Element<P, T> {
        boolean match(P p, T t, Env env, K k);
    }

    /** Work allowed for one root attempt; exhausting it abandons the attempt (never hangs). */
    static final int STEP_BUDGET = 200_000;

    private final FileContext file;
    private final Element<Expr, Expr> exprElement = new Element<>() {
        @Override
        public boolean match(Expr p, Expr t, Env env, K k) { return expr(p, t, env, k); }
    };
    private final Element<Param, Param> paramElement = new Element<>() {
        @Override
        public boolean match(Param p, Param t, Env env, K k) { return param(p, t, env, k); }
    };
    private final Element<Object, Object> valueElement = new Element<>() {
        @Override
        public boolean match(Object p, Object t, Env env, K k) { return value(p, t, null, null, env, k); }
    };
    private int steps;
    private int attempts;

    /** Conditions some metavariables' bindings must meet (null: none). */
    private final java.util.Map<String, List<BindingFilter>> bindingFilters;

    /** The pattern matched (null: none known), for what its tree does not say (how its strings are written). */
    private final dev.warden.pattern.Pattern pattern;

    NodeMatcher(FileContext file) { this(file, null, null); }

    NodeMatcher(FileContext file, dev.warden.pattern.Pattern pattern, java.util.Map<String, List<BindingFilter>> bindingFilters) {
        this.file = file;
        this.pattern = pattern;
        this.bindingFilters = bindingFilters == null || bindingFilters.isEmpty() ? null : bindingFilters;
    }

    /** Whether a range of the file may hold what a pattern statement needs (a call of some name, a word). */
    interface RangeTest {
        boolean mayHold(int start, int end);
    }

    /** Per pattern statement after {@code ...}: where its match may start (see {@link SemgrepPattern}); null: no such hint. */
    private java.util.Map<Stmt, RangeTest> afterDots;

    void afterDots(java.util.Map<Stmt, RangeTest> hints) { this.afterDots = hints; }

    /** Starts a root attempt; the deadline is checked every 64 attempts (and every 1024 steps of one). */
    void resetBudget() {
        if ((attempts++ & 63) == 0) Deadline.check();
        steps = STEP_BUDGET;
    }

    /**
     * False once the budget is spent: every matcher then fails fast. Every 1024 steps, the
     * thread's {@link Deadline} is checked (throws {@link TimeoutException} once it has passed).
     */
    private boolean spend() {
        if ((--steps & 1023) == 0) Deadline.check();
        return steps >= 0;
    }

    // ---- metavariables ----------------------------------------------------------------------

    static boolean isMetavariable(String id) {
        if (id == null || id.length() < 2 || id.charAt(0) != '$') return false;
        int i = id.startsWith("$...") ? 4 : 1;
        if (i >= id.length()) return false;
        for (; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') return false;
        }
        return true;
    }

    static boolean isEllipsisMetavariable(String id) { return id.startsWith("$...") && isMetavariable(id); }

    static boolean isDots(Object p) {
        if (p instanceof Expr.Constant) return ((Expr.Constant) p).value() == ConstValue.Singleton.ELLIPSIS;
        if (p instanceof Stmt.ExprStmt) return isDots(((Stmt.ExprStmt) p).value());
        if (p instanceof Arg) return "...".equals(((Arg) p).arg());
        return false;
    }

    /** The {@code $...X} name of a list element that stands for a run of elements, or null. */
    static String dotsMetavariable(Object p) {
        String id = null;
        if (p instanceof Expr.Name) id = ((Expr.Name) p).id();
        else if (p instanceof Stmt.ExprStmt && ((Stmt.ExprStmt) p).value() instanceof Expr.Name) id = ((Expr.Name) ((Stmt.ExprStmt) p).value()).id();
        else if (p instanceof Arg) id = ((Arg) p).arg();
        return id != null && isEllipsisMetavariable(id) ? id : null;
    }

    /** Binds (or unifies) a metavariable with a value covering [start, end) of the target. */
    private boolean bind(String name, Object value, int start, int end, Env env, K k) {
        if (name.equals("$_")) return k.go(env);
        Binding old = env.get(name);
        if (old != null) {
            if (old.value() instanceof Expr.Name && value instanceof Expr.Name) {
                // the same spelling is not the same variable when a function has its own local of it
                return file.sameVariable((Expr.Name) old.value(), (Expr.Name) value) && k.go(env);
            }
            if (Equivalence.equal(old.value(), value)) return k.go(env);
            if (value instanceof Expr.Name && file.options().symbolicPropagation()) {
                Expr symbolic = file.symbolicValue((Expr.Name) value);
                return symbolic != null && Equivalence.equal(old.value(), symbolic) && k.go(env);
            }
            return false;
        }
        if (bindingFilters != null && !allowed(name, value, start, end)) return false;
        return k.go(env.with(name, new Binding(start, end, value)));
    }

    private boolean allowed(String name, Object value, int start, int end) {
        List<BindingFilter> filters = bindingFilters.get(name);
        if (filters == null) return true;
        for (int i = 0; i < filters.size(); i++) if (!filters.get(i).allows(value, file.source(), start, end)) return false;
        return true;
    }

    /** An identifier position in the pattern (function name, attribute, keyword...): metavariable or literal. */
    private boolean identifier(String p, String t, int start, int end, Env env, K k) {
        if (p == null) return k.go(env);
        if (t == null) return false;
        if (isMetavariable(p)) return bind(p, t, start, end, env, k);
        return p.equals(t) && k.go(env);
    }

    // ---- expressions ------------------------------------------------------------------------

    boolean expr(Expr p, Expr t, Env env, K k) {
        if (exprDirect(p, t, env, k)) return true;
        // symbolic propagation: a variable also stands for the expression it was assigned
        // (a metavariable may then be bound to that expression instead, at the variable's place)
        if (t instanceof Expr.Name && file.options().symbolicPropagation() && steps >= 0 && !isDots(p)) {
            Expr value = file.symbolicValue((Expr.Name) t);
            if (value == null) return false;
            if (p instanceof Expr.Name && isMetavariable(((Expr.Name) p).id())) {
                return bind(((Expr.Name) p).id(), value, t.start(), t.end(), env, k);
            }
            return exprDirect(p, value, env, k);
        }
        return false;
    }

    private boolean exprDirect(Expr p, Expr t, Env env, K k) {
        if (t == null) return false;
        if (!spend()) return true;
        if (p instanceof Expr.Name) {
            String id = ((Expr.Name) p).id();
            if (isMetavariable(id)) return bind(id, t, t.start(), t.end(), env, k);
        }
        if (isDots(p)) return k.go(env);
        if (p instanceof Expr.DeepEllipsis) {
            Expr inner = ((Expr.DeepEllipsis) p).value();
            return mayOccurWithin(inner, t, env) && mayHoldKind(inner, t) && deep(inner, t, env, k);
        }
        if (p instanceof Expr.TypedMetavariable) return typed((Expr.TypedMetavariable) p, t, env, k);
        if (p instanceof Expr.Attribute && ((Expr.Attribute) p).attr().equals("...")) {
            return chainPrefix(((Expr.Attribute) p).value(), t, env, k);
        }
        if (pattern != null && (p instanceof Expr.Constant || p instanceof Expr.JoinedStr)) {
            int literals = pattern.dotsConcatenation(p);
            if (literals > 0) return file.writtenAsLiterals(t, literals) && k.go(env);
        }
        if (p instanceof Expr.Constant) return constant((Expr.Constant) p, t, env, k);
        String dotted = DottedNames.literal(p);
        if (dotted != null) return dottedName(dotted, t) && k.go(env);
        if (p instanceof Expr.Call && t instanceof Expr.Call) return call((Expr.Call) p, (Expr.Call) t, env, k);
        if (p instanceof Expr.Attribute && (t instanceof Expr.Name || t instanceof Expr.Attribute)
                && aliasedChain((Expr.Attribute) p, t, env, k)) {
            return true;
        }
        if (p instanceof Expr.Attribute && t instanceof Expr.Attribute) {
            Expr.Attribute pa = (Expr.Attribute) p, ta = (Expr.Attribute) t;
            int nameEnd = ta.end(), nameStart = nameEnd - utf8Length(ta.attr());
            return identifier(pa.attr(), ta.attr(), nameStart, nameEnd, env, new K() {
                @Override
                public boolean go(Env e) { return expr(pa.value(), ta.value(), e, k); }
            });
        }
        if (p instanceof Expr.BinOp && t instanceof Expr.BinOp) return binOp((Expr.BinOp) p, (Expr.BinOp) t, env, k);
        if (p instanceof Expr.BoolOp && t instanceof Expr.BoolOp) return boolOp((Expr.BoolOp) p, (Expr.BoolOp) t, env, k);
        if (p instanceof Expr.JoinedStr && t instanceof Expr.JoinedStr) {
            // one f-string stands for one literal, not for a concatenation holding one (Semgrep matches its part)
            if (pattern != null && !pattern.isConcatenation(p) && file.stringLiterals(t) > 1) return false;
            return fstring(((Expr.JoinedStr) p).values(), ((Expr.JoinedStr) t).values(), env, k);
        }
        if (p instanceof Expr.Dict && t instanceof Expr.Dict) return dict((Expr.Dict) p, (Expr.Dict) t, env, k);
        if (p instanceof Expr.Set && t instanceof Expr.Dict && ((Expr.Set) p).elts().stream().allMatch(NodeMatcher::isDots)) {
            return k.go(env); // `{...}` is also any dict
        }
        if (p.getClass() != t.getClass()) return false;
        return fields(p, t, env, k);
    }

    private static boolean isSimple(Stmt t) {
        return t instanceof Stmt.Assign || t instanceof Stmt.AugAssign || t instanceof Stmt.AnnAssign
                || t instanceof Stmt.Return || t instanceof Stmt.Raise || t instanceof Stmt.Assert
                || t instanceof Stmt.Delete;
    }

    /** An expression pattern against every expression inside a node (not the node itself). */
    /**
     * False when {@code <... p ...>} cannot match inside {@code t}: p is a metavariable bound to an
     * identifier whose spelling does not occur in t's text (without symbolic propagation, a name
     * only matches its own spelling). Saves walking every subtree that lacks it.
     */
    private boolean mayOccurWithin(Expr p, Located t, Env env) {
        String word = boundWord(p, env);
        return word == null || file.words().mayOccurWithin(word, t.start(), t.end());
    }

    /** The word a metavariable pattern bound to a name must spell where it matches, or null (any, or unknown). */
    private String boundWord(Expr p, Env env) {
        if (!(p instanceof Expr.Name) || file.options().symbolicPropagation()) return null;
        String id = ((Expr.Name) p).id();
        if (!isMetavariable(id)) return null;
        Binding b = env.get(id);
        if (b == null) return null;
        Object v = b.value();
        return v instanceof String ? (String) v : v instanceof Expr.Name ? ((Expr.Name) v).id() : null;
    }

    /** For a statement {@code <... $X ...>} with $X bound to a name: the word any statement it matches holds; else null. */
    private String deepBoundWord(Stmt p, Env env) {
        if (!(p instanceof Stmt.ExprStmt) || !(((Stmt.ExprStmt) p).value() instanceof Expr.DeepEllipsis)) return null;
        return boundWord(((Expr.DeepEllipsis) ((Stmt.ExprStmt) p).value()).value(), env);
    }

    /**
     * False when {@code <... p ...>} cannot match inside {@code t}: p is a call, boolean operation,
     * comparison or subscript (which only match their own kind, without symbolic propagation) and
     * no expression of that kind lies within t.
     */
    private boolean mayHoldKind(Expr p, Expr t) {
        if (file.options().symbolicPropagation()) return true;
        if (p instanceof Expr.Call) { // a call the indexes know (random.$F(...)): only where such a call is
            if (deepCalls == null) deepCalls = new java.util.IdentityHashMap<>(4);
            Candidates calls = deepCalls.computeIfAbsent(p, this::indexedCalls);
            if (calls != NOT_INDEXED) return calls.anyOverlapping(t.start(), t.end());
        }
        if (!(p instanceof Expr.Call || p instanceof Expr.BoolOp || p instanceof Expr.Compare || p instanceof Expr.Subscript)) return true;
        return file.facts().hasExpressionWithin(p.getClass(), t.start(), t.end());
    }

    /** Per call pattern inside {@code <... ...>}: where the calls its name filter accepts are (see {@link #indexedCalls}). */
    private java.util.Map<Expr, Candidates> deepCalls; // made on first use: most patterns have none
    private static final Candidates NOT_INDEXED = Candidates.of(new int[0], new int[0]);

    /** The ranges of the calls a call pattern's name filter accepts, from the file's call indexes; NOT_INDEXED without such a filter. */
    private Candidates indexedCalls(Expr call) {
        NameFilter filter = NameFilter.of(call);
        if (filter == null) return NOT_INDEXED;
        Candidates ranges = file.facts().callRanges(filter, file);
        return ranges == null ? NOT_INDEXED : ranges;
    }

    private boolean deepIn(Expr p, Node t, Env env, K k) {
        Deep inside = new Deep(p, env, k);
        dev.warden.python.ast.Children.forEach(t, inside);
        return inside.stop;
    }

    /** Tries {@code <... p ...>} on each child it is given, until one stops the search. */
    private final class Deep implements java.util.function.Consumer<Node> {
        private final Expr p;
        private final Env env;
        private final K k;
        boolean stop;

        Deep(Expr p, Env env, K k) {
            this.p = p;
            this.env = env;
            this.k = k;
        }

        @Override
        public void accept(Node c) {
            if (!stop && deep(p, c, env, k)) stop = true;
        }
    }

    /** {@code P. ...}: P matches the target or the receiver of any call, attribute or subscript chained on it. */
    private boolean chainPrefix(Expr p, Expr t, Env env, K k) {
        for (Expr x = t; x != null; ) {
            if (expr(p, x, env, k)) return true;
            if (x instanceof Expr.Call) x = ((Expr.Call) x).func();
            else if (x instanceof Expr.Attribute) x = ((Expr.Attribute) x).value();
            else if (x instanceof Expr.Subscript) x = ((Expr.Subscript) x).value();
            else x = null;
        }
        return false;
    }

    /** {@code $X: int}: the target's type, known from a literal or a propagated constant, must be the one named. */
    private boolean typed(Expr.TypedMetavariable p, Expr t, Env env, K k) {
        ConstValue v = file.constantValue(t);
        String type = v instanceof ConstValue.Int ? "int" : v instanceof ConstValue.Float ? "float"
                : v instanceof ConstValue.Str ? "str" : v instanceof ConstValue.Bytes ? "bytes"
                : v == ConstValue.Singleton.TRUE || v == ConstValue.Singleton.FALSE ? "bool" : null;
        String wanted = DottedNames.literal(p.type());
        return type != null && type.equals(wanted) && bind(p.name(), t, t.start(), t.end(), env, k);
    }

    /** {@code <... P ...>}: P matches the target or any expression inside it. */
    private boolean deep(Expr p, Node t, Env env, K k) {
        if (t instanceof Expr && expr(p, (Expr) t, env, k)) return true;
        return deepIn(p, t, env, k);
    }

    private boolean constant(Expr.Constant p, Expr t, Env env, K k) {
        ConstValue pv = p.value();
        ConstValue tv = file.constantValue(t);
        if (pv instanceof ConstValue.Str) {
            String ps = ((ConstValue.Str) pv).value();
            if (ps.equals("...")) {
                return (tv instanceof ConstValue.Str || tv instanceof ConstValue.Bytes || tv == null && file.alwaysString(t)) && k.go(env);
            }
            if (ps.length() > 4 && ps.startsWith("=~/") && ps.endsWith("/")) {
                if (!(tv instanceof ConstValue.Str)) return false;
                Matcher m = file.regex(ps.substring(3, ps.length() - 1)).matcher(((ConstValue.Str) tv).value());
                return m.find() && k.go(env);
            }
            if (isMetavariable(ps)) {
                // "$X" binds the string's content (its text without the quotes)
                if (!(tv instanceof ConstValue.Str)) return false;
                int[] inner = file.stringContent(t);
                return bind(ps, ((ConstValue.Str) tv).value(), inner[0], inner[1], env, k);
            }
        }
        return tv != null && Equivalence.constEqual(pv, tv) && k.go(env);
    }

    /**
     * A dotted pattern with metavariables ({@code requests.$W}) against a target that an import
     * renames ({@code get} after {@code from requests import get}): matched part by part against
     * the target's full name.
     */
    private boolean aliasedChain(Expr.Attribute p, Expr t, Env env, K k) {
        Expr patternHead = p.value();
        while (patternHead instanceof Expr.Attribute) patternHead = ((Expr.Attribute) patternHead).value();
        // the pattern must start with a written name ($X.$F has nothing to resolve)
        if (!(patternHead instanceof Expr.Name) || isMetavariable(((Expr.Name) patternHead).id())) return false;
        Expr head = t;
        while (head instanceof Expr.Attribute) head = ((Expr.Attribute) head).value();
        // only an imported leading name can make the target's full name differ from its spelling
        if (!(head instanceof Expr.Name) || !file.imports().isImported(((Expr.Name) head).id())) return false;
        List<String> parts = new ArrayList<>();
        Expr x = p;
        while (x instanceof Expr.Attribute) {
            parts.add(0, ((Expr.Attribute) x).attr());
            x = ((Expr.Attribute) x).value();
        }
        if (!(x instanceof Expr.Name) || isMetavariable(((Expr.Name) x).id())) return false;
        parts.add(0, ((Expr.Name) x).id());
        String canonical = file.imports().canonical(t);
        String literal = DottedNames.literal(t);
        if (canonical == null || canonical.equals(literal)) return false;
        String[] target = canonical.split("\\.");
        if (target.length != parts.size()) return false;
        // where each part is in the source: the attributes written in the target, the rest at its start
        int[][] ranges = new int[target.length][];
        Expr y = t;
        for (int i = target.length - 1; i >= 0; i--) {
            if (y instanceof Expr.Attribute) {
                Expr.Attribute a = (Expr.Attribute) y;
                ranges[i] = new int[] {a.end() - utf8Length(a.attr()), a.end()};
                y = a.value();
            } else {
                ranges[i] = new int[] {y.start(), y.end()};
            }
        }
        return rangedParts(parts.toArray(new String[0]), target, ranges, 0, env, k);
    }

    private boolean rangedParts(String[] pp, String[] tp, int[][] ranges, int i, Env env, K k) {
        if (i == pp.length) return k.go(env);
        return identifier(pp[i], tp[i], ranges[i][0], ranges[i][1], env, new K() {
            @Override
            public boolean go(Env e) { return rangedParts(pp, tp, ranges, i + 1, e, k); }
        });
    }

    /** A plain dotted pattern name (no metavariables) against a target, through import aliases. */
    private boolean dottedName(String pattern, Expr t) {
        // cheap rejections first: only the leftmost name of a chain can be an import alias
        if (t instanceof Expr.Attribute) {
            String attr = ((Expr.Attribute) t).attr();
            if (!pattern.endsWith(attr) || (pattern.length() > attr.length() && pattern.charAt(pattern.length() - attr.length() - 1) != '.')) return false;
        } else if (t instanceof Expr.Name) {
            String id = ((Expr.Name) t).id();
            if (pattern.equals(id)) return true;
            if (!file.imports().importedBefore(id, t.start()) && file.wildcardModules().isEmpty()) return false;
        } else {
            return false;
        }
        String literal = DottedNames.literal(t);
        if (literal == null) return false;
        // as written, or as the imports resolve it
        if (pattern.equals(literal)) return true;
        String canonical = file.imports().canonical(t);
        if (canonical != null && pattern.equals(canonical)) return true;
        // a plain name may come from a wildcard import: `from A import *` then `x` may be `A.x`
        if (canonical == null && t instanceof Expr.Name) {
            for (String module : file.wildcardModules()) if (pattern.equals(module + "." + literal)) return true;
        }
        return false;
    }

    private boolean call(Expr.Call p, Expr.Call t, Env env, K k) {
        return expr(p.func(), t.func(), env, new K() {
            @Override
            public boolean go(Env e) { return arguments(p, t, e, k); }
        });
    }

    /**
     * Positional arguments match in order, {@code ...} standing for any run of them; keyword
     * arguments match in any order; when the pattern has a {@code ...}, the target may have
     * keyword arguments the pattern does not name.
     */
    private boolean arguments(Expr.Call p, Expr.Call t, Env env, K k) {
        boolean open = false;
        for (Expr a : p.args()) if (isDots(a) || dotsMetavariable(a) != null) open = true;
        boolean extraKeywords = open;
        // a trailing `$...X` also takes the keyword arguments the pattern does not name
        String trailing = p.args().isEmpty() ? null : dotsMetavariable(p.args().get(p.args().size() - 1));
        boolean[] used = new boolean[t.keywords().size()];
        K withRest = trailing == null ? k : e -> k.go(extendRun(e, trailing, t.keywords(), used));
        return list(p.args(), t.args(), exprElement, env, new K() {
            @Override
            public boolean go(Env e) { return keywords(p.keywords(), 0, t.keywords(), used, extraKeywords, e, withRest); }
        });
    }

    /** Adds the target's unnamed keyword arguments to the run bound to {@code name}. */
    private static Env extendRun(Env env, String name, List<Keyword> keywords, boolean[] used) {
        Binding run = env.get(name);
        if (run == null) return env;
        List<Object> items = run.value() instanceof List ? new ArrayList<>((List<?>) run.value()) : new ArrayList<>();
        int start = run.start(), end = run.end();
        for (int j = 0; j < keywords.size(); j++) {
            if (used[j]) continue;
            Keyword kw = keywords.get(j);
            items.add(kw);
            if (start < 0) start = kw.start();
            end = Math.max(end, kw.end());
        }
        return items.size() == (run.value() instanceof List ? ((List<?>) run.value()).size() : 0) ? env
                : env.with(name, new Binding(start, end, items));
    }

    private boolean keywords(List<Keyword> ps, int i, List<Keyword> ts, boolean[] used, boolean extra, Env env, K k) {
        if (i == ps.size()) {
            if (!extra) for (boolean u : used) if (!u) return false;
            return k.go(env);
        }
        Keyword pk = ps.get(i);
        for (int j = 0; j < ts.size(); j++) {
            if (used[j]) continue;
            Keyword tk = ts.get(j);
            if ((pk.arg() == null) != (tk.arg() == null)) continue;
            used[j] = true;
            int nameEnd = tk.arg() == null ? tk.start() : tk.start() + utf8Length(tk.arg());
            final int jj = j;
            K thenRest = new K() {
                @Override
                public boolean go(Env e) { return keywords(ps, i + 1, ts, used, extra, e, k); }
            };
            boolean stop = identifier(pk.arg(), tk.arg(), tk.start(), nameEnd, env, new K() {
                @Override
                public boolean go(Env e) { return expr(pk.value(), tk.value(), e, thenRest); }
            });
            used[jj] = false;
            if (stop) return true;
        }
        return false;
    }

    /**
     * Chains of one operator are matched flattened, as Semgrep does: {@code & | ^} are
     * associative and commutative (each pattern operand matches a different target operand,
     * other operands may be present); {@code + *} are associative (operands in order, a
     * metavariable may stand for a run of them).
     */
    private boolean binOp(Expr.BinOp p, Expr.BinOp t, Env env, K k) {
        if (p.op() != t.op()) return false;
        Operator op = p.op();
        boolean commutative = op == Operator.BitAnd || op == Operator.BitOr || op == Operator.BitXor;
        boolean associative = commutative || op == Operator.Add || op == Operator.Mult;
        if (!associative) {
            return expr(p.left(), t.left(), env, new K() {
                @Override
                public boolean go(Env e) { return expr(p.right(), t.right(), e, k); }
            });
        }
        List<Expr> po = flatten(p, new ArrayList<>());
        List<Expr> to = flatten(t, new ArrayList<>());
        if (commutative) return unorderedSubset(po, to, env, k);
        return chain(po, 0, to, 0, env, k, run -> {
            Expr result = run.get(0);
            for (int i = 1; i < run.size(); i++) {
                result = new Expr.BinOp(result, op, run.get(i), run.get(0).start(), run.get(i).end());
            }
            return result;
        });
    }

    private boolean boolOp(Expr.BoolOp p, Expr.BoolOp t, Env env, K k) {
        if (p.op() != t.op()) return false;
        List<Expr> po = flatten(p, new ArrayList<>());
        List<Expr> to = flatten(t, new ArrayList<>());
        return chain(po, 0, to, 0, env, k,
                run -> new Expr.BoolOp(p.op(), List.copyOf(run), run.get(0).start(), run.get(run.size() - 1).end()));
    }

    /** Operands of a chain of one operator, parenthesized sub-chains included. */
    private static List<Expr> flatten(Expr e, List<Expr> out) {
        if (e instanceof Expr.BinOp) {
            Expr.BinOp b = (Expr.BinOp) e;
            flattenInto(b.left(), b.op(), out);
            flattenInto(b.right(), b.op(), out);
        } else if (e instanceof Expr.BoolOp) {
            Expr.BoolOp b = (Expr.BoolOp) e;
            for (Expr v : b.values()) {
                if (v instanceof Expr.BoolOp && ((Expr.BoolOp) v).op() == b.op()) flatten(v, out);
                else out.add(v);
            }
        }
        return out;
    }

    private static void flattenInto(Expr e, Operator op, List<Expr> out) {
        if (e instanceof Expr.BinOp && ((Expr.BinOp) e).op() == op) flatten(e, out);
        else out.add(e);
    }

    /**
     * Ordered operands: {@code ...} matches any run, a metavariable may match a run of two or
     * more operands (rebuilt as a chain by {@code join}), anything else one operand.
     */
    private boolean chain(List<Expr> ps, int i, List<Expr> ts, int j, Env env, K k,
                          java.util.function.Function<List<Expr>, Expr> join) {
        if (!spend()) return true;
        if (i == ps.size()) return j == ts.size() && k.go(env);
        Expr p = ps.get(i);
        if (isDots(p)) {
            for (int jj = j; jj <= ts.size(); jj++) {
                if (chain(ps, i + 1, ts, jj, env, k, join)) return true;
            }
            return false;
        }
        if (j >= ts.size()) return false;
        if (expr(p, ts.get(j), env, new K() {
            @Override
            public boolean go(Env e) { return chain(ps, i + 1, ts, j + 1, e, k, join); }
        })) return true;
        if (p instanceof Expr.Name && isMetavariable(((Expr.Name) p).id())) {
            int remainingPatterns = 0;
            for (int x = i + 1; x < ps.size(); x++) if (!isDots(ps.get(x))) remainingPatterns++;
            for (int jj = j + 2; jj <= ts.size() - remainingPatterns; jj++) {
                final int next = jj;
                if (expr(p, join.apply(ts.subList(j, jj)), env, new K() {
                    @Override
                    public boolean go(Env e) { return chain(ps, i + 1, ts, next, e, k, join); }
                })) return true;
            }
        }
        return false;
    }

    /** Commutative operands: each pattern operand (dots aside) matches a different target operand. */
    private boolean unorderedSubset(List<Expr> ps, List<Expr> ts, Env env, K k) {
        List<Expr> required = new ArrayList<>();
        for (Expr x : ps) if (!isDots(x)) required.add(x);
        if (required.size() > ts.size()) return false;
        return unordered(required, 0, ts, new boolean[ts.size()], env, k);
    }

    private boolean unordered(List<Expr> ps, int i, List<Expr> ts, boolean[] used, Env env, K k) {
        if (i == ps.size()) return k.go(env);
        for (int j = 0; j < ts.size(); j++) {
            if (used[j]) continue;
            used[j] = true;
            boolean stop = expr(ps.get(i), ts.get(j), env, new K() {
                @Override
                public boolean go(Env e) { return unordered(ps, i + 1, ts, used, e, k); }
            });
            used[j] = false;
            if (stop || steps < 0) return true;
        }
        return false;
    }

    /** f-strings: a literal piece that is exactly "..." stands for any run of pieces. */
    private boolean fstring(List<Expr> ps, List<Expr> ts, Env env, K k) {
        List<Expr> pieces = new ArrayList<>(ps.size());
        for (Expr x : ps) {
            if (x instanceof Expr.Constant && ((Expr.Constant) x).value() instanceof ConstValue.Str
                    && ((ConstValue.Str) ((Expr.Constant) x).value()).value().equals("...")) {
                pieces.add(new Expr.Constant(ConstValue.Singleton.ELLIPSIS, null, x.start(), x.end()));
            } else if (x instanceof Expr.FormattedValue && isDots(((Expr.FormattedValue) x).value())) {
                pieces.add(new Expr.Constant(ConstValue.Singleton.ELLIPSIS, null, x.start(), x.end()));
            } else {
                pieces.add(x);
            }
        }
        return list(pieces, ts, exprElement, env, k);
    }

    /**
     * Dict entries in any order: each entry of the pattern matches a different entry of the
     * target; an entry {@code ...} (kept as a {@code **...} item) allows others.
     */
    private boolean dict(Expr.Dict p, Expr.Dict t, Env env, K k) {
        List<Integer> required = new ArrayList<>();
        boolean open = false;
        for (int i = 0; i < p.keys().size(); i++) {
            if (p.keys().get(i) == null && isDots(p.values().get(i))) open = true;
            else required.add(i);
        }
        int n = t.keys().size();
        if (required.size() > n || (!open && required.size() != n)) return false;
        return dictEntries(p, required, 0, t, new boolean[n], env, k);
    }

    private boolean dictEntries(Expr.Dict p, List<Integer> required, int r, Expr.Dict t, boolean[] used, Env env, K k) {
        if (r == required.size()) return k.go(env);
        int i = required.get(r);
        Expr pk = p.keys().get(i), pv = p.values().get(i);
        K rest = new K() { // the same for every entry tried: the entries marked used say which are left
            @Override
            public boolean go(Env e) { return dictEntries(p, required, r + 1, t, used, e, k); }
        };
        for (int j = 0; j < used.length; j++) {
            if (used[j]) continue;
            Expr tk = t.keys().get(j), tv = t.values().get(j);
            if ((pk == null) != (tk == null)) continue;
            used[j] = true;
            boolean stop = pk == null ? expr(pv, tv, env, rest) : expr(pk, tk, env, new K() {
                @Override
                public boolean go(Env e) { return expr(pv, tv, e, rest); }
            });
            used[j] = false;
            if (stop || steps < 0) return true;
        }
        return false;
    }

    // ---- sequences with dots --------------------------------------------------------------

    /** A whole pattern list against a whole target list, {@code ...} and {@code $...X} matching runs. */
    <P, T> boolean list(List<P> ps, List<T> ts, Element<P, T> element, Env env, K k) {
        return seq(ps, 0, ts, 0, element, NodeMatcher::isDots, NodeMatcher::dotsMetavariable, true, env, ignoringEnd(k));
    }

    /** A sequence continuation that only passes the bindings on. */
    private static SeqK ignoringEnd(K k) {
        return new SeqK() {
            @Override
            public boolean go(Env e, int end) { return k.go(e); }
        };
    }

    <P, T> boolean seq(List<P> ps, int i, List<T> ts, int j, Element<P, T> element,
                       java.util.function.Predicate<P> dots, java.util.function.Function<P, String> dotsVar,
                       boolean anchoredEnd, Env env, SeqK k) {
        if (!spend()) return true;
        if (i == ps.size()) return (!anchoredEnd || j == ts.size()) && k.go(env, j);
        P p = ps.get(i);
        String var = dotsVar == null ? null : dotsVar.apply(p);
        if (dots.test(p) || var != null) {
            for (int jj = j; jj <= ts.size(); jj++) {
                final int end = jj;
                if (var != null) {
                    List<T> run = ts.subList(j, jj);
                    int rs = run.isEmpty() ? -1 : ((Located) run.get(0)).start();
                    int re = run.isEmpty() ? -1 : ((Located) run.get(run.size() - 1)).end();
                    if (bind(var, new ArrayList<Object>(run), rs, re, env, new K() {
                        @Override
                        public boolean go(Env e) { return seq(ps, i + 1, ts, end, element, dots, dotsVar, anchoredEnd, e, k); }
                    })) return true;
                } else if (seq(ps, i + 1, ts, end, element, dots, dotsVar, anchoredEnd, env, k)) {
                    return true;
                }
                if (steps < 0) return true;
            }
            return false;
        }
        if (j >= ts.size()) return false;
        return element.match(p, ts.get(j), env, new K() {
            @Override
            public boolean go(Env e) { return seq(ps, i + 1, ts, j + 1, element, dots, dotsVar, anchoredEnd, e, k); }
        });
    }

    // ---- statements -------------------------------------------------------------------------

    /**
     * False when {@link #stmt} fails on the two kinds alone: an expression statement pattern may
     * match any statement; otherwise only the same kind, or the few pairs {@code stmt} allows
     * across kinds (an assignment and an annotated one, {@code def} and {@code async def}, the
     * two import forms).
     */
    static boolean kindsMayMatch(Stmt p, Stmt t) {
        if (p.getClass() == t.getClass() || p instanceof Stmt.ExprStmt) return true;
        if (p instanceof Stmt.Assign) return t instanceof Stmt.AnnAssign;
        if (p instanceof Stmt.FunctionDef) return t instanceof Stmt.AsyncFunctionDef;
        if (p instanceof Stmt.Import || p instanceof Stmt.ImportFrom) return t instanceof Stmt.Import || t instanceof Stmt.ImportFrom;
        return false;
    }

    /** Whether every statement of a block is {@code ...} or {@code $...X} (an empty block too): what an empty target block matches. */
    private static boolean onlyDots(List<Stmt> block) {
        for (Stmt s : block) if (!isDots(s) && dotsMetavariable(s) == null) return false;
        return true;
    }

    boolean stmt(Stmt p, Stmt t, Env env, K k) {
        if (!spend()) return true;
        if (p instanceof Stmt.ExprStmt) {
            Expr v = ((Stmt.ExprStmt) p).value();
            if (v instanceof Expr.Name && isMetavariable(((Expr.Name) v).id())) {
                return bind(((Expr.Name) v).id(), t, file.statementStart(t), t.end(), env, k);
            }
            if (v instanceof Expr.DeepEllipsis) {
                // `<... e ...>` searches the whole statement once (trying the deep pattern again at
                // every child would search each subtree once per level above it)
                Expr inner = ((Expr.DeepEllipsis) v).value();
                return (isSimple(t) || t instanceof Stmt.ExprStmt) && mayOccurWithin(inner, t, env) && deepIn(inner, t, env, k);
            }
            if (t instanceof Stmt.ExprStmt && expr(v, ((Stmt.ExprStmt) t).value(), env, k)) return true;
            // in a sequence, an expression statement also matches a simple statement containing it
            return (isSimple(t) || t instanceof Stmt.ExprStmt) && !isDots(v) && deepIn(v, t, env, k);
        }
        if (p instanceof Stmt.Return && t instanceof Stmt.Return && ((Stmt.Return) p).value() == null) {
            return ((Stmt.Return) t).value() == null && k.go(env); // a bare `return` is only that
        }
        if (p instanceof Stmt.Assign && t instanceof Stmt.AnnAssign && ((Stmt.Assign) p).targets().size() == 1) {
            Stmt.Assign pa = (Stmt.Assign) p;
            Stmt.AnnAssign ta = (Stmt.AnnAssign) t;
            return ta.value() != null && expr(pa.targets().get(0), ta.target(), env, new K() {
                @Override
                public boolean go(Env e) { return expr(pa.value(), ta.value(), e, k); }
            });
        }
        if (p instanceof Stmt.FunctionDef && t instanceof Stmt.FunctionDef) {
            Stmt.FunctionDef pf = (Stmt.FunctionDef) p, tf = (Stmt.FunctionDef) t;
            return function(pf.name(), pf.args(), pf.body(), pf.decoratorList(), pf.returns(),
                    tf.name(), tf.args(), tf.body(), tf.decoratorList(), tf.returns(), t, env, k);
        }
        if (p instanceof Stmt.FunctionDef && t instanceof Stmt.AsyncFunctionDef) {
            Stmt.FunctionDef pf = (Stmt.FunctionDef) p;
            Stmt.AsyncFunctionDef tf = (Stmt.AsyncFunctionDef) t;
            return function(pf.name(), pf.args(), pf.body(), pf.decoratorList(), pf.returns(),
                    tf.name(), tf.args(), tf.body(), tf.decoratorList(), tf.returns(), t, env, k);
        }
        if (p instanceof Stmt.ClassDef && t instanceof Stmt.ClassDef) return classDef((Stmt.ClassDef) p, (Stmt.ClassDef) t, env, k);
        if (p instanceof Stmt.If && t instanceof Stmt.If) {
            Stmt.If pi = (Stmt.If) p, ti = (Stmt.If) t;
            // an `else:` or `elif` in the pattern needs one in the target (unless it is only `...`): most ifs have none
            if (ti.orelse().isEmpty() && !onlyDots(pi.orelse())) return false;
            K orelse = new K() {
                @Override
                public boolean go(Env e) { return pi.orelse().isEmpty() ? k.go(e) : body(pi.orelse(), ti.orelse(), e, k); }
            };
            return expr(pi.test(), ti.test(), env, new K() {
                @Override
                public boolean go(Env e) { return body(pi.body(), ti.body(), e, orelse); }
            });
        }
        if (p instanceof Stmt.Try && t instanceof Stmt.Try) {
            Stmt.Try pt = (Stmt.Try) p, tt = (Stmt.Try) t;
            K finalbody = new K() {
                @Override
                public boolean go(Env e) { return optionalBody(pt.finalbody(), tt.finalbody(), e, k); }
            };
            K orelse = new K() {
                @Override
                public boolean go(Env e) { return optionalBody(pt.orelse(), tt.orelse(), e, finalbody); }
            };
            return body(pt.body(), tt.body(), env, new K() {
                @Override
                public boolean go(Env e) { return handlers(pt.handlers(), tt.handlers(), e, orelse); }
            });
        }
        if ((p instanceof Stmt.Import || p instanceof Stmt.ImportFrom) && ImportPaths.isLiteral(p)) {
            return (t instanceof Stmt.Import || t instanceof Stmt.ImportFrom) && ImportPaths.covers(p, t) && k.go(env);
        }
        if (p instanceof Stmt.Import && t instanceof Stmt.Import) {
            return aliases(((Stmt.Import) p).names(), ((Stmt.Import) t).names(), env, k);
        }
        if (p instanceof Stmt.ImportFrom && t instanceof Stmt.ImportFrom) {
            Stmt.ImportFrom pi = (Stmt.ImportFrom) p, ti = (Stmt.ImportFrom) t;
            if (pi.level() != ti.level()) return false;
            return dottedIdentifier(pi.module(), ti.module(), ti.start(), ti.end(), env,
                    e -> aliases(pi.names(), ti.names(), e, k));
        }
        if (p.getClass() != t.getClass()) return false;
        return fields(p, t, env, k);
    }

    private boolean function(String pName, Arguments pArgs, List<Stmt> pBody, List<Expr> pDecorators, Expr pReturns,
                             String tName, Arguments tArgs, List<Stmt> tBody, List<Expr> tDecorators, Expr tReturns,
                             Stmt t, Env env, K k) {
        int[] name = file.definitionName(t);
        K thenBody = new K() {
            @Override
            public boolean go(Env e) { return body(pBody, tBody, e, k); }
        };
        K thenDecorators = new K() {
            @Override
            public boolean go(Env e) { return decorators(pDecorators, tDecorators, e, thenBody); }
        };
        K thenReturns = pReturns == null ? thenDecorators : new K() {
            @Override
            public boolean go(Env e) { return expr(pReturns, tReturns, e, thenDecorators); }
        };
        return identifier(pName, tName, name[0], name[1], env, new K() {
            @Override
            public boolean go(Env e) { return parameters(pArgs, tArgs, e, thenReturns); }
        });
    }

    private static K k(K k) { return k; }

    private boolean classDef(Stmt.ClassDef p, Stmt.ClassDef t, Env env, K k) {
        int[] name = file.definitionName(t);
        boolean anyBases = p.bases().isEmpty() && p.keywords().isEmpty();
        return identifier(p.name(), t.name(), name[0], name[1], env,
                e -> (anyBases ? k(e2 -> decorators(p.decoratorList(), t.decoratorList(), e2, e3 -> classBody(p.body(), t.body(), e3, k))).go(e)
                        : list(p.bases(), t.bases(), exprElement, e, e2 -> keywords(p.keywords(), 0, t.keywords(),
                                new boolean[t.keywords().size()], true, e2,
                                e3 -> decorators(p.decoratorList(), t.decoratorList(), e3, e4 -> classBody(p.body(), t.body(), e4, k))))));
    }

    /** Decorators: each pattern decorator matches a different target decorator, in any order. */
    private boolean decorators(List<Expr> ps, List<Expr> ts, Env env, K k) {
        if (ps.isEmpty()) return k.go(env);
        if (ps.size() > ts.size()) return false;
        if (file.options().decoratorsOrderMatters()) return orderedDecorators(ps, 0, ts, 0, env, k);
        return unorderedDecorators(ps, 0, ts, new boolean[ts.size()], env, k);
    }

    /** With {@code decorators_order_matters}: the pattern's decorators in the same order, others between. */
    private boolean orderedDecorators(List<Expr> ps, int i, List<Expr> ts, int j, Env env, K k) {
        if (i == ps.size()) return k.go(env);
        for (int jj = j; jj < ts.size(); jj++) {
            final int next = jj + 1;
            if (decorator(ps.get(i), ts.get(jj), env, new K() {
                @Override
                public boolean go(Env e) { return orderedDecorators(ps, i + 1, ts, next, e, k); }
            })) return true;
        }
        return false;
    }

    private boolean unorderedDecorators(List<Expr> ps, int i, List<Expr> ts, boolean[] used, Env env, K k) {
        if (i == ps.size()) return k.go(env);
        for (int j = 0; j < ts.size(); j++) {
            if (used[j]) continue;
            used[j] = true;
            boolean stop = decorator(ps.get(i), ts.get(j), env, new K() {
                @Override
                public boolean go(Env e) { return unorderedDecorators(ps, i + 1, ts, used, e, k); }
            });
            used[j] = false;
            if (stop || steps < 0) return true;
        }
        return false;
    }

    /** {@code @d} and {@code @d()} are the same decorator; {@code @d(...)} also matches a bare {@code @d}. */
    private boolean decorator(Expr p, Expr t, Env env, K k) {
        if (expr(p, t, env, k)) return true;
        if (t instanceof Expr.Call && ((Expr.Call) t).args().isEmpty() && ((Expr.Call) t).keywords().isEmpty()
                && !(p instanceof Expr.Call)) {
            return expr(p, ((Expr.Call) t).func(), env, k);
        }
        if (p instanceof Expr.Call && !(t instanceof Expr.Call)) {
            Expr.Call pc = (Expr.Call) p;
            boolean anyArgs = pc.keywords().isEmpty() && pc.args().stream().allMatch(NodeMatcher::isDots);
            return anyArgs && expr(pc.func(), t, env, k);
        }
        return false;
    }

    /**
     * A block of a compound statement: the pattern's statements from the block's first one on,
     * {@code ...} reaching into nested blocks; statements after the pattern's last are allowed.
     * A body that is a lone statement metavariable ({@code $S}) stands for the whole block.
     */
    private boolean body(List<Stmt> ps, List<Stmt> ts, Env env, K k) {
        if (ps.size() == 1 && ps.get(0) instanceof Stmt.ExprStmt && ((Stmt.ExprStmt) ps.get(0)).value() instanceof Expr.Name) {
            String id = ((Expr.Name) ((Stmt.ExprStmt) ps.get(0)).value()).id();
            if (isMetavariable(id) && !ts.isEmpty()) {
                return bind(id, ts.size() == 1 ? ts.get(0) : new ArrayList<Object>(ts), file.statementStart(ts.get(0)),
                        ts.get(ts.size() - 1).end(), env, k);
            }
        }
        return statements(ps, 0, ts, 0, env, ignoringEnd(k));
    }

    /**
     * Pattern statements from {@code i} against the block from {@code j}; the continuation gets
     * the end offset of the last target statement matched. {@code ...} skips any statements,
     * those of nested blocks included (Semgrep's deep statement matching).
     */
    boolean statements(List<Stmt> ps, int i, List<Stmt> ts, int j, Env env, SeqK k) {
        return statements(ps, i, ts, j, -1, env, k);
    }

    private boolean statements(List<Stmt> ps, int i, List<Stmt> ts, int j, int lastEnd, Env env, SeqK k) {
        if (!spend()) return true;
        if (i == ps.size()) return k.go(env, lastEnd);
        Stmt p = ps.get(i);
        String var = dotsMetavariable(p);
        if (isDots(p) || var != null) {
            if (i + 1 == ps.size()) {
                // trailing dots: the rest of the block
                int end = ts.isEmpty() || j >= ts.size() ? lastEnd : ts.get(ts.size() - 1).end();
                if (var != null) {
                    List<Stmt> run = ts.subList(Math.min(j, ts.size()), ts.size());
                    return bind(var, new ArrayList<Object>(run), run.isEmpty() ? -1 : run.get(0).start(), end, env, e -> k.go(e, end));
                }
                return k.go(env, end);
            }
            Stmt next = ps.get(i + 1);
            // the statement after the dots is tried at each statement: most differ from it in kind alone
            boolean direct = var == null && !isDots(next) && dotsMetavariable(next) == null;
            // only statements holding what it needs can start its match, here or nested: the file's hint for
            // it (a call, words it spells), and for `<... $X ...>` with $X bound to a name, that name
            RangeTest needs = afterDots == null ? null : afterDots.get(next);
            String word = direct ? deepBoundWord(next, env) : null;
            if (word != null) needs = spelling(file.words(), word, needs);
            if (needs != null && (j >= ts.size() || !needs.mayHold(file.statementStart(ts.get(j)), ts.get(ts.size() - 1).end()))) {
                return false;
            }
            for (int jj = j; jj < ts.size(); jj++) {
                if (needs != null && !needs.mayHold(file.statementStart(ts.get(jj)), ts.get(jj).end())) continue;
                if (!direct || kindsMayMatch(next, ts.get(jj))) {
                    final int from = jj;
                    K rest = new K() {
                        @Override
                        public boolean go(Env e) { return statements(ps, i + 1, ts, from, lastEnd, e, k); }
                    };
                    if (var != null ? bind(var, new ArrayList<Object>(ts.subList(j, jj)), jj > j ? ts.get(j).start() : -1,
                            jj > j ? ts.get(jj - 1).end() : -1, env, rest) : rest.go(env)) return true;
                    if (steps < 0) return true;
                }
                // or further on, inside the blocks nested in this statement
                if (var == null && Blocks.holdsBlocks(ts.get(jj)) && intoNested(ps, i + 1, ts.get(jj), env, k, needs)) return true;
            }
            return false;
        }
        if (j >= ts.size()) return false;
        Stmt t = ts.get(j);
        if (!kindsMayMatch(p, t)) return false; // before a continuation is made for it
        return stmt(p, t, env, new K() {
            @Override
            public boolean go(Env e) { return statements(ps, i + 1, ts, j + 1, t.end(), e, k); }
        });
    }

    /** {@code also} (null: anything), and the word spelled within the range. */
    static RangeTest spelling(FileWords words, String word, RangeTest also) {
        return new RangeTest() {
            @Override
            public boolean mayHold(int start, int end) { return words.mayOccurWithin(word, start, end) && (also == null || also.mayHold(start, end)); }
        };
    }

    /**
     * The rest of a statement pattern, started anywhere inside the blocks nested in {@code t};
     * functions and classes included (a metavariable bound outside still only unifies with the
     * same variable inside: see {@link FileContext#sameVariable}).
     */
    private boolean intoNested(List<Stmt> ps, int i, Stmt t, Env env, SeqK k, RangeTest needs) {
        return Blocks.nestedBlocks(t, new java.util.function.Predicate<List<Stmt>>() {
            @Override
            public boolean test(List<Stmt> block) {
                for (int s = 0; s < block.size(); s++) {
                    // the same hint as after the dots (see statements)
                    if (needs != null && !needs.mayHold(file.statementStart(block.get(s)), block.get(s).end())) continue;
                    if (statements(ps, i, block, s, -1, env, k) || steps < 0) return true;
                }
                return false;
            }
        });
    }

    /** A class body: the members the pattern names, in any order, among any others. */
    private boolean classBody(List<Stmt> ps, List<Stmt> ts, Env env, K k) {
        List<Stmt> required = new ArrayList<>();
        for (Stmt s : ps) if (!isDots(s)) required.add(s);
        if (required.size() > ts.size()) return false;
        return unorderedStmts(required, 0, ts, new boolean[ts.size()], env, k);
    }

    private boolean unorderedStmts(List<Stmt> ps, int i, List<Stmt> ts, boolean[] used, Env env, K k) {
        if (i == ps.size()) return k.go(env);
        for (int j = 0; j < ts.size(); j++) {
            if (used[j]) continue;
            used[j] = true;
            boolean stop = stmt(ps.get(i), ts.get(j), env, new K() {
                @Override
                public boolean go(Env e) { return unorderedStmts(ps, i + 1, ts, used, e, k); }
            });
            used[j] = false;
            if (stop || steps < 0) return true;
        }
        return false;
    }

    private boolean optionalBody(List<Stmt> ps, List<Stmt> ts, Env env, K k) {
        return ps.isEmpty() ? k.go(env) : body(ps, ts, env, k);
    }

    /** Except clauses: the pattern's, in order, among the target's (others may come between). */
    private boolean handlers(List<ExceptHandler> ps, List<ExceptHandler> ts, Env env, K k) {
        return seq(ps, 0, ts, 0, this::handler, x -> false, null, true, env, (e, end) -> k.go(e))
                || (ps.size() < ts.size() && subsequence(ps, 0, ts, 0, env, k));
    }

    private boolean subsequence(List<ExceptHandler> ps, int i, List<ExceptHandler> ts, int j, Env env, K k) {
        if (i == ps.size()) return k.go(env);
        for (int jj = j; jj < ts.size(); jj++) {
            final int next = jj + 1;
            if (handler(ps.get(i), ts.get(jj), env, new K() {
                @Override
                public boolean go(Env e) { return subsequence(ps, i + 1, ts, next, e, k); }
            })) return true;
        }
        return false;
    }

    private boolean handler(ExceptHandler p, ExceptHandler t, Env env, K k) {
        K body = new K() {
            @Override
            public boolean go(Env e) { return body(p.body(), t.body(), e, k); }
        };
        K rest = new K() {
            @Override
            public boolean go(Env e) { return identifier(p.name(), t.name(), t.start(), t.end(), e, body); }
        };
        if (p.type() == null) return rest.go(env);
        if (isDots(p.type())) return rest.go(env); // `except ...:` also matches a bare `except:`
        return t.type() != null && exceptType(p.type(), t.type(), env, rest);
    }

    /** {@code except (..., E, ...)} matches a tuple of exception types containing E. */
    private boolean exceptType(Expr p, Expr t, Env env, K k) {
        if (p instanceof Expr.Tuple && !(t instanceof Expr.Tuple)) {
            return list(((Expr.Tuple) p).elts(), List.of(t), exprElement, env, k);
        }
        return expr(p, t, env, k);
    }

    /** Imported names: each pattern alias matches a different target alias, in order. */
    private boolean aliases(List<Alias> ps, List<Alias> ts, Env env, K k) {
        if (ps.size() == 1 && isDotsAlias(ps.get(0))) return k.go(env);
        return aliasRun(ps, 0, ts, 0, env, k);
    }

    private static boolean isDotsAlias(Alias a) { return a.name().equals("..."); }

    private boolean aliasRun(List<Alias> ps, int i, List<Alias> ts, int j, Env env, K k) {
        if (i == ps.size()) return k.go(env);
        for (int jj = j; jj < ts.size(); jj++) {
            Alias pa = ps.get(i), ta = ts.get(jj);
            final int next = jj + 1;
            if (dottedIdentifier(pa.name(), ta.name(), ta.start(), ta.end(), env,
                    e -> identifier(pa.asname(), ta.asname(), ta.start(), ta.end(), e, e2 -> aliasRun(ps, i + 1, ts, next, e2, k)))) {
                return true;
            }
        }
        return false;
    }

    /** A dotted module name where each part may be a metavariable ({@code foo.$BAR}). */
    private boolean dottedIdentifier(String p, String t, int start, int end, Env env, K k) {
        if (p == null) return k.go(env);
        if (t == null) return false;
        if (isMetavariable(p)) return bind(p, t, start, end, env, k);
        String[] pp = p.split("\\."), tp = t.split("\\.");
        if (pp.length != tp.length) return false;
        return parts(pp, tp, 0, start, end, env, k);
    }

    private boolean parts(String[] pp, String[] tp, int i, int start, int end, Env env, K k) {
        if (i == pp.length) return k.go(env);
        return identifier(pp[i], tp[i], start, end, env, new K() {
            @Override
            public boolean go(Env e) { return parts(pp, tp, i + 1, start, end, e, k); }
        });
    }

    // ---- parameters ---------------------------------------------------------------------------

    /** One parameter with its kind and default, flattened from {@code arguments}. */
    private record Param(int kind, Arg arg, Expr dflt) {}

    /** Whether a pattern's parameter list is {@code (...)} alone, which any list matches. */
    private static boolean anyParameters(Arguments p) {
        return p.posonlyargs().isEmpty() && p.args().size() == 1 && p.vararg() == null && p.kwonlyargs().isEmpty()
                && p.kwarg() == null && p.defaults().isEmpty() && isDots(p.args().get(0)) && p.args().get(0).annotation() == null;
    }

    private static List<Param> params(Arguments a) {
        List<Param> out = new ArrayList<>();
        List<Arg> positional = new ArrayList<>(a.posonlyargs());
        positional.addAll(a.args());
        int firstDefault = positional.size() - a.defaults().size();
        for (int i = 0; i < positional.size(); i++) {
            out.add(new Param(0, positional.get(i), i >= firstDefault ? a.defaults().get(i - firstDefault) : null));
        }
        if (a.vararg() != null) out.add(new Param(1, a.vararg(), null));
        for (int j = 0; j < a.kwonlyargs().size(); j++) out.add(new Param(2, a.kwonlyargs().get(j), a.kwDefaults().get(j)));
        if (a.kwarg() != null) out.add(new Param(3, a.kwarg(), null));
        return out;
    }

    private boolean parameters(Arguments p, Arguments t, Env env, K k) {
        if (anyParameters(p)) return k.go(env);
        List<Param> ps = params(p), ts = params(t);
        return seq(ps, 0, ts, 0, paramElement, x -> isDots(x.arg()), x -> dotsMetavariable(x.arg()), true, env, ignoringEnd(k));
    }

    private boolean param(Param p, Param t, Env env, K k) {
        if (p.kind() != t.kind() && !(p.kind() == 0 && t.kind() == 2)) return false;
        Arg pa = p.arg(), ta = t.arg();
        int nameEnd = ta.start() + utf8Length(ta.arg());
        K thenDefault = new K() {
            @Override
            public boolean go(Env e) { return optionalExpr(p.dflt(), t.dflt(), e, k); }
        };
        return identifier(pa.arg(), ta.arg(), ta.start(), nameEnd, env, new K() {
            @Override
            public boolean go(Env e) { return optionalExpr(pa.annotation(), ta.annotation(), e, thenDefault); }
        });
    }

    private boolean optionalExpr(Expr p, Expr t, Env env, K k) {
        return p == null ? k.go(env) : expr(p, t, env, k);
    }

    // ---- everything else: field by field ----------------------------------------------------

    /** Same node kind: every meaningful field matches; a field the pattern leaves out matches anything. */
    private boolean fields(Object p, Object t, Env env, K k) {
        Equivalence.Field[] fs = Equivalence.fields(p.getClass());
        // the operators first (`$S is (not ...)` against every comparison): most targets differ
        // there, which {@link #value} would find only after binding the fields before them
        if (!sameOperators(p, t)) return false;
        return field(fs, 0, p, t, env, k);
    }

    /**
     * False when {@link #value} must fail on the operators of two nodes of one kind (compared as
     * {@code ==}). Binary and boolean operations never come here: {@code binOp}/{@code boolOp} match them.
     */
    private static boolean sameOperators(Object p, Object t) {
        if (p instanceof Expr.Compare) return ((Expr.Compare) p).ops().equals(((Expr.Compare) t).ops());
        if (p instanceof Expr.UnaryOp) return ((Expr.UnaryOp) p).op() == ((Expr.UnaryOp) t).op();
        if (p instanceof Stmt.AugAssign) return ((Stmt.AugAssign) p).op() == ((Stmt.AugAssign) t).op();
        return true;
    }

    private boolean field(Equivalence.Field[] fs, int i, Object p, Object t, Env env, K k) {
        if (i == fs.length) return k.go(env);
        Object pv = fs[i].get(p), tv = fs[i].get(t);
        if (i + 1 == fs.length) return value(pv, tv, p, t, env, k); // the last field: nothing to continue with but k
        return value(pv, tv, p, t, env, new K() {
            @Override
            public boolean go(Env e) { return field(fs, i + 1, p, t, e, k); }
        });
    }

    @SuppressWarnings("unchecked")
    private boolean value(Object pv, Object tv, Object pParent, Object tParent, Env env, K k) {
        if (pv == null) return k.go(env);
        if (tv == null) return isDots(pv) && k.go(env); // `return ...` also matches a bare `return`
        if (pv instanceof Expr) return tv instanceof Expr && expr((Expr) pv, (Expr) tv, env, k);
        if (pv instanceof Stmt) return tv instanceof Stmt && stmt((Stmt) pv, (Stmt) tv, env, k);
        if (pv instanceof List) {
            List<Object> pl = (List<Object>) pv, tl = (List<Object>) tv;
            if (!pl.isEmpty() && pl.get(0) instanceof Stmt) return body((List<Stmt>) pv, (List<Stmt>) tv, env, k);
            return list(pl, tl, valueElement, env, k);
        }
        if (pv instanceof String) {
            Located at = tParent instanceof Located ? (Located) tParent : null;
            return identifier((String) pv, (String) tv, at == null ? -1 : at.start(), at == null ? -1 : at.end(), env, k);
        }
        if (pv instanceof Arguments) return parameters((Arguments) pv, (Arguments) tv, env, k);
        if (pv instanceof Node) return pv.getClass() == tv.getClass() && fields(pv, tv, env, k);
        if (pv instanceof ConstValue) return tv instanceof ConstValue && Equivalence.constEqual((ConstValue) pv, (ConstValue) tv) && k.go(env);
        if (pv instanceof BoolOperator || pv instanceof Enum) return pv == tv && k.go(env);
        return pv.equals(tv) && k.go(env);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }
}
