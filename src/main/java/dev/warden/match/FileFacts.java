package dev.warden.match;

import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about one parsed file that every pattern of every rule can share: its imports, constants,
 * function scopes, and its expressions grouped by node kind (so a pattern whose root is a call
 * only visits calls). Computed on first use; {@link #of} keeps the last file's facts per thread,
 * since a scan runs all rules of a file on one thread.
 */
final class FileFacts {
    private static final ThreadLocal<FileFacts> LAST = new ThreadLocal<>();

    final Source source;
    final Mod.Module module;
    final dev.warden.python.Tokens tokens;
    private ImportAliases imports;
    private ConstantPropagation constants;
    private List<Expr> expressions;
    private Map<Class<?>, List<Expr>> byKind;

    private FileFacts(Source source, Mod.Module module, dev.warden.python.Tokens tokens) {
        this.source = source;
        this.module = module;
        this.tokens = tokens;
    }

    static FileFacts of(ParseResult file) {
        FileFacts last = LAST.get();
        if (last != null && last.module == file.module()) return last;
        FileFacts facts = new FileFacts(file.source(), file.module(), file.tokens());
        LAST.set(facts);
        return facts;
    }

    private java.util.Set<Expr> decorators;

    /** Whether {@code e} is a decorator itself (the expression after an {@code @}). */
    boolean isDecorator(Expr e) {
        if (decorators == null) {
            java.util.Set<Expr> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            dev.warden.python.ast.Children.walk(module, n -> {
                if (n instanceof Stmt.FunctionDef f) out.addAll(f.decoratorList());
                else if (n instanceof Stmt.AsyncFunctionDef f) out.addAll(f.decoratorList());
                else if (n instanceof Stmt.ClassDef c) out.addAll(c.decoratorList());
            });
            decorators = out;
        }
        return decorators.contains(e);
    }

    /** {@link ConstantPropagation#alwaysString}, without the analysis for a name it can give no value. */
    boolean alwaysString(Expr e) {
        if (e instanceof Expr.Name n && neverDefined(n, false)) return false;
        return constants().alwaysString(e);
    }

    ImportAliases imports() {
        if (imports == null) imports = ImportAliases.of(module);
        return imports;
    }

    ConstantPropagation constants() {
        if (constants == null) constants = ConstantPropagation.of(module);
        return constants;
    }

    /** The identifiers the constant analysis can give a value, and those of them a symbolic one (null: not yet known). */
    private java.util.Set<String> defined, definedSymbolic;

    /**
     * Whether no name of the file with this one's identifier is defined the ways that give the
     * analysis a value ({@code x = v}, {@code x: T = v}, {@code with v as x}; with
     * {@code symbolic}, only by a value symbolic propagation can carry): then it has none, and the
     * analysis is not built to say so.
     */
    private boolean neverDefined(Expr.Name name, boolean symbolic) {
        if (defined == null) {
            java.util.Set<String> ids = new java.util.HashSet<>(), symbolicIds = new java.util.HashSet<>();
            List<Place> all = places();
            for (int i = 0; i < all.size(); i++) {
                ConstantPropagation.definitions(all.get(i).statement(), (n, value) -> {
                    if (n.id() == null) return;
                    ids.add(n.id());
                    if (ConstantPropagation.isSymbolic(value)) symbolicIds.add(n.id());
                });
            }
            defined = ids;
            definedSymbolic = symbolicIds;
        }
        return !(symbolic ? definedSymbolic : defined).contains(name.id());
    }

    /** Constant values of names and foldable expressions, remembered (as symbolic values below). */
    private final java.util.IdentityHashMap<Expr, ConstValue> constantValues = new java.util.IdentityHashMap<>();

    /** {@link ConstantPropagation#evaluate}, once per expression. */
    ConstValue constantValue(Expr e) {
        if (e instanceof Expr.Constant) return ConstantPropagation.literalValue((Expr.Constant) e); // a literal needs no analysis
        if (e instanceof Expr.Name && neverDefined((Expr.Name) e, false)) return null;
        ConstValue v = constantValues.get(e);
        if (v == null && !constantValues.containsKey(e)) {
            v = constants().evaluate(e);
            constantValues.put(e, v);
        }
        return v;
    }

    /** Symbolic values by use, remembered: every pattern of every rule may ask about the same names. */
    private final java.util.IdentityHashMap<Expr.Name, Expr> symbolicValues = new java.util.IdentityHashMap<>();

    /** What a variable was assigned, for symbolic propagation ({@link ConstantPropagation#symbolicValue}). */
    Expr symbolicValue(Expr.Name use) {
        if (neverDefined(use, true)) return null;
        Expr v = symbolicValues.get(use);
        if (v == null && !symbolicValues.containsKey(use)) {
            v = constants().symbolicValue(use);
            symbolicValues.put(use, v);
        }
        return v;
    }

    private List<List<Stmt>> blocks;

    /** Every statement list of the file (where statement patterns start). */
    List<List<Stmt>> blocks() {
        if (blocks == null) {
            List<List<Stmt>> out = new ArrayList<>();
            Blocks.forEach(module.body(), out::add);
            blocks = out;
        }
        return blocks;
    }

    /** A statement's place: its block, its index there, the block's end offset, and its rank in file order. */
    record Place(List<Stmt> block, int index, int blockEnd, int rank) {
        Stmt statement() { return block.get(index); }
    }

    private List<Place> places;
    private Map<Class<?>, List<Place>> placesByKind;

    /** Where every statement of the file is, block by block in {@link #blocks()} order. */
    List<Place> places() {
        if (places == null) {
            List<Place> all = new ArrayList<>();
            Map<Class<?>, List<Place>> kinds = new HashMap<>();
            for (List<Stmt> block : blocks()) {
                int blockEnd = block.get(block.size() - 1).end();
                for (int i = 0; i < block.size(); i++) {
                    Place place = new Place(block, i, blockEnd, all.size());
                    all.add(place);
                    kinds.computeIfAbsent(block.get(i).getClass(), k -> new ArrayList<>()).add(place);
                }
            }
            places = all;
            placesByKind = kinds;
        }
        return places;
    }

    /** The places of the statements of some kinds, in file order. */
    List<Place> places(List<Class<? extends Stmt>> kinds) {
        places();
        if (kinds.size() == 1) return placesByKind.getOrDefault(kinds.get(0), List.of());
        List<Place> cached = placesOfKinds.get(kinds);
        if (cached != null) return cached;
        List<Place> out = new ArrayList<>();
        for (Class<?> kind : kinds) out.addAll(placesByKind.getOrDefault(kind, List.of()));
        out.sort((a, b) -> Integer.compare(a.rank, b.rank));
        placesOfKinds.put(List.copyOf(kinds), out);
        return out;
    }

    private final Map<List<Class<? extends Stmt>>, List<Place>> placesOfKinds = new HashMap<>();

    /** Per filter key: the places {@link #placesAssigning} accepted. */
    private final Map<String, List<Place>> assigning = new HashMap<>();

    /**
     * The assignments whose assigned value {@code filter} accepts, worked out once per file: many
     * patterns share the start {@code $X = request.$W} and no index finds its values. Without
     * symbolic propagation (the caller checks).
     */
    List<Place> placesAssigning(NameFilter filter, FileContext context) {
        String key = filter.key();
        List<Place> known = assigning.get(key);
        if (known != null) return known;
        List<Place> all = places(SemgrepPattern.ASSIGNMENTS), out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (filter.mayMatch(SemgrepPattern.valueAssigned(all.get(i).statement()), context)) out.add(all.get(i));
        }
        assigning.put(key, out);
        return out;
    }
    private java.util.IdentityHashMap<Expr, Place> assignmentsByValue;

    /** The place of the assignment ({@code x = v} or {@code x: T = v}) whose value is {@code value}, or null. */
    Place assignmentOf(Expr value) {
        if (assignmentsByValue == null) {
            java.util.IdentityHashMap<Expr, Place> byValue = new java.util.IdentityHashMap<>();
            for (Place p : places()) {
                Stmt st = p.statement();
                Expr v = st instanceof Stmt.Assign ? ((Stmt.Assign) st).value() : st instanceof Stmt.AnnAssign ? ((Stmt.AnnAssign) st).value() : null;
                if (v != null) byValue.put(v, p);
            }
            assignmentsByValue = byValue;
        }
        return assignmentsByValue.get(value);
    }

    private Map<Class<?>, int[]> startsByKind;

    /** Whether a statement of one of the kinds starts within {@code (start, end)}. */
    boolean hasStatementWithin(List<Class<? extends Stmt>> kinds, int start, int end) {
        if (startsByKind == null) {
            Map<Class<?>, int[]> byKind = new HashMap<>();
            places();
            placesByKind.forEach((kind, ps) -> {
                int[] starts = new int[ps.size()];
                for (int i = 0; i < starts.length; i++) starts[i] = ps.get(i).statement().start();
                java.util.Arrays.sort(starts);
                byKind.put(kind, starts);
            });
            startsByKind = byKind;
        }
        for (int k = 0; k < kinds.size(); k++) {
            int[] starts = startsByKind.get(kinds.get(k));
            if (starts != null && anyStartIn(starts, start + 1, end)) return true;
        }
        return false;
    }

    /** Every expression of the file, parents before children (few patterns can match any kind: built when first asked). */
    List<Expr> expressions() {
        if (expressions == null) {
            List<Expr> all = new ArrayList<>();
            Children.walk(module, n -> {
                if (n instanceof Expr) all.add((Expr) n);
            });
            expressions = all;
        }
        return expressions;
    }

    /** The file's expressions by node kind, each kind's in the order of {@link #expressions()}. */
    private Map<Class<?>, List<Expr>> byKind() {
        if (byKind == null) {
            Map<Class<?>, List<Expr>> kinds = new HashMap<>();
            Children.walk(module, n -> {
                if (n instanceof Expr) kinds.computeIfAbsent(n.getClass(), k -> new ArrayList<>()).add((Expr) n);
            });
            byKind = kinds;
        }
        return byKind;
    }

    private final Map<Class<?>, int[]> expressionStarts = new HashMap<>();

    /** Whether an expression of a kind starts within {@code [start, end)}. */
    boolean hasExpressionWithin(Class<?> kind, int start, int end) {
        int[] starts = expressionStarts.get(kind);
        if (starts == null) {
            List<Expr> es = expressions(kind);
            starts = new int[es.size()];
            for (int i = 0; i < starts.length; i++) starts[i] = es.get(i).start();
            java.util.Arrays.sort(starts);
            expressionStarts.put(kind, starts);
        }
        return anyStartIn(starts, start, end);
    }

    /** Whether some of the sorted {@code starts} lies in {@code [from, to)}. */
    private static boolean anyStartIn(int[] starts, int from, int to) {
        int lo = 0, hi = starts.length; // the first start at or after from
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < from) lo = mid + 1; else hi = mid;
        }
        return lo < starts.length && starts[lo] < to;
    }

    /** The expressions of one node kind. */
    List<Expr> expressions(Class<?> kind) {
        return byKind().getOrDefault(kind, List.of());
    }

    /** The indexes below, without ([0]) and with ([1]) symbolic propagation. */
    private final NameIndex[] calls = new NameIndex[2], callsOnReceivers = new NameIndex[2], dottedNames = new NameIndex[2];

    /**
     * The calls whose callee ends in {@code name} ({@code name(...)}, {@code x.name(...)}), and
     * every call of a plain name that may stand for any dotted name (an imported name, such as
     * {@code run} after {@code from m import f as run}; with {@code symbolic} propagation also a
     * variable with a known value): a pattern whose callee ends in {@code name} can only match
     * among these (also with wildcard imports, which bring names in under their own names).
     */
    List<Expr> callsEndingIn(String name, boolean symbolic) { return callIndex(symbolic).candidates(name); }

    private NameIndex callIndex(boolean symbolic) {
        int m = symbolic ? 1 : 0;
        if (calls[m] == null) {
            calls[m] = symbolic // the same calls by the same names: only the aliases differ
                    ? callIndex(false).withAliases(expressions(Expr.Call.class), e -> standsForAny(((Expr.Call) e).func(), true))
                    : new NameIndex(expressions(Expr.Call.class), e -> lastName(((Expr.Call) e).func()), e -> standsForAny(((Expr.Call) e).func(), false));
        }
        return calls[m];
    }

    /**
     * The calls {@code R.m(...)} whose receiver R ends in {@code name} ({@code name.m(...)},
     * {@code x.name.m(...)}), and those whose receiver or callee is a plain name that may stand
     * for any (see {@link #callsEndingIn}): a pattern {@code a.name.$M(...)} can only match among
     * these. An import resolves only the leftmost name of a chain, so a longer receiver keeps its
     * last name.
     */
    List<Expr> callsOnReceiverEndingIn(String name, boolean symbolic) {
        return receiverIndex(symbolic).candidates(name);
    }

    private NameIndex receiverIndex(boolean symbolic) {
        int m = symbolic ? 1 : 0;
        if (callsOnReceivers[m] == null) {
            java.util.function.Predicate<Expr> alias = e -> {
                Expr f = ((Expr.Call) e).func();
                return standsForAny(f, symbolic) || f instanceof Expr.Attribute && standsForAny(((Expr.Attribute) f).value(), symbolic);
            };
            callsOnReceivers[m] = symbolic
                    ? receiverIndex(false).withAliases(expressions(Expr.Call.class), alias)
                    : new NameIndex(expressions(Expr.Call.class), e -> {
                        Expr f = ((Expr.Call) e).func();
                        return f instanceof Expr.Attribute ? lastName(((Expr.Attribute) f).value()) : null;
                    }, alias);
        }
        return callsOnReceivers[m];
    }

    /**
     * The names and attributes a plain dotted pattern ({@code os.environ}) can match: attributes
     * named like its last part, names spelled like it, and every plain name that may stand for any
     * (see {@link #callsEndingIn}); valid with wildcard imports too (see there).
     */
    List<Expr> dottedNameCandidates(String dotted, boolean symbolic) {
        return dottedNameIndex(symbolic).candidates(dotted.substring(dotted.lastIndexOf('.') + 1));
    }

    private NameIndex dottedNameIndex(boolean symbolic) {
        int m = symbolic ? 1 : 0;
        if (dottedNames[m] == null) {
            if (symbolic) { // the same names: only plain names can be aliases
                dottedNames[m] = dottedNameIndex(false).withAliases(expressions(Expr.Name.class), e -> standsForAny(e, true));
            } else {
                List<Expr> namesAndAttributes = new ArrayList<>(expressions(Expr.Name.class));
                namesAndAttributes.addAll(expressions(Expr.Attribute.class));
                dottedNames[m] = new NameIndex(namesAndAttributes, FileFacts::lastName, e -> standsForAny(e, false));
            }
        }
        return dottedNames[m];
    }

    /** The calls whose callee ends in one of some names, and those of plain names that may stand for any (see {@link #callsEndingIn}). */
    List<Expr> callsEndingInAny(java.util.Set<String> names) { return callIndex(false).candidates(names::contains); }

    /** The calls whose callee ends in a name with a given start, and those that may stand for any. */
    List<Expr> callsEndingInPrefix(String prefix) { return callIndex(false).candidates(n -> n.startsWith(prefix)); }

    private NameIndex attributes;

    /** The attributes {@code x.name} named one of {@code names} (null: any) and starting with {@code prefix} (null: any), in file order. */
    List<Expr> attributesNamed(java.util.Set<String> names, String prefix) {
        if (attributes == null) attributes = new NameIndex(expressions(Expr.Attribute.class), e -> ((Expr.Attribute) e).attr(), e -> false);
        return attributes.candidates(name -> (names == null || names.contains(name)) && (prefix == null || name.startsWith(prefix)));
    }

    /** Per filter key, without ([0]) and with ([1]) symbolic propagation: the index's targets the filter accepts. */
    @SuppressWarnings("unchecked")
    private final Map<String, List<Expr>>[] accepted = new Map[] {new HashMap<>(), new HashMap<>()};

    /**
     * The targets an index gave for {@code filter} that it accepts, worked out once per file:
     * many patterns of many rules share a filter ({@code subprocess.$F(...)}). A filter's key
     * names its kind, so each key only ever meets one index: call filters the call indexes,
     * dotted-name filters ({@code os.environ}) the dotted-name index.
     */
    List<Expr> accepted(NameFilter filter, List<Expr> indexed, FileContext context) {
        Map<String, List<Expr>> cache = accepted[context.options().symbolicPropagation() ? 1 : 0];
        String key = filter.key();
        List<Expr> known = cache.get(key);
        if (known != null) return known;
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < indexed.size(); i++) if (filter.mayMatch(indexed.get(i), context)) out.add(indexed.get(i));
        cache.put(key, out);
        return out;
    }

    /** Per filter key: where the calls are that a call filter accepts (see {@link #callRanges}). */
    private final Map<String, Candidates> callRanges = new HashMap<>();

    /**
     * The ranges of the calls the call indexes give for {@code filter} and it accepts, or null
     * when no index serves the filter (no callee or receiver named; a receiver, in a file with a
     * wildcard import); without symbolic propagation only (the caller checks).
     */
    Candidates callRanges(NameFilter filter, FileContext context) {
        Candidates known = callRanges.get(filter.key());
        if (known != null) return known;
        List<Expr> indexed = SemgrepPattern.callsAllowedBy(filter, this, false);
        if (indexed == null) return null;
        Candidates ranges = Candidates.ofNodes(accepted(filter, indexed, context));
        callRanges.put(filter.key(), ranges);
        return ranges;
    }

    /** An imported name, or (symbolic propagation) a variable with a known value. */
    private boolean standsForAny(Expr e, boolean symbolic) {
        if (!(e instanceof Expr.Name)) return false;
        return imports().isImported(((Expr.Name) e).id()) || symbolic && symbolicValue((Expr.Name) e) != null;
    }

    /** The identifier a name or attribute chain ends in, else null. */
    private static String lastName(Expr e) {
        return e instanceof Expr.Name ? ((Expr.Name) e).id() : e instanceof Expr.Attribute ? ((Expr.Attribute) e).attr() : null;
    }



    /** The expressions of some node kinds (in no particular order across kinds). */
    List<Expr> expressions(List<Class<? extends Expr>> kinds) {
        if (kinds.size() == 1) return expressions(kinds.get(0));
        List<Expr> out = new ArrayList<>();
        for (Class<?> kind : kinds) out.addAll(expressions(kind));
        return out;
    }

    private List<String> wildcardModules;

    /** Modules imported with {@code from M import *} at the top level of the file. */
    List<String> wildcardModules() {
        if (wildcardModules == null) {
            List<String> out = new java.util.ArrayList<>();
            for (Stmt s : module.body()) {
                if (s instanceof Stmt.ImportFrom) {
                    Stmt.ImportFrom f = (Stmt.ImportFrom) s;
                    if (f.level() == 0 && f.module() != null && f.names().size() == 1 && f.names().get(0).name().equals("*")) out.add(f.module());
                }
            }
            wildcardModules = out;
        }
        return wildcardModules;
    }

    /** A function's range and the names local to it (parameters and anything it assigns). */
    private record FunctionScope(int start, int end, java.util.Set<String> locals) {}

    private List<FunctionScope> functions;

    /**
     * Whether two uses of the same name are the same variable: not when one is inside a function
     * that has its own local of that name and the other is not in that function.
     */
    boolean sameVariable(Expr.Name a, Expr.Name b) {
        if (!a.id().equals(b.id())) return false;
        if (functions == null) functions = functionScopes();
        FunctionScope fa = innermost(a, a.id()), fb = innermost(b, b.id());
        return fa == fb;
    }

    /** The innermost function around a use that has the name as a local (null: the module's). */
    private FunctionScope innermost(Expr use, String id) {
        FunctionScope best = null;
        for (FunctionScope f : functions) {
            if (f.start <= use.start() && use.end() <= f.end && f.locals.contains(id)
                    && (best == null || f.start >= best.start)) best = f;
        }
        return best;
    }

    private List<FunctionScope> functionScopes() {
        List<FunctionScope> out = new java.util.ArrayList<>();
        dev.warden.python.ast.Children.walk(module, n -> {
            dev.warden.python.ast.Arguments args = null;
            List<Stmt> body = null;
            int start = 0, end = 0;
            if (n instanceof Stmt.FunctionDef) {
                Stmt.FunctionDef f = (Stmt.FunctionDef) n;
                args = f.args();
                body = f.body();
                start = f.start();
                end = f.end();
            } else if (n instanceof Stmt.AsyncFunctionDef) {
                Stmt.AsyncFunctionDef f = (Stmt.AsyncFunctionDef) n;
                args = f.args();
                body = f.body();
                start = f.start();
                end = f.end();
            }
            if (args == null) return;
            java.util.Set<String> locals = new java.util.HashSet<>();
            for (dev.warden.python.ast.Arg a : args.posonlyargs()) locals.add(a.arg());
            for (dev.warden.python.ast.Arg a : args.args()) locals.add(a.arg());
            for (dev.warden.python.ast.Arg a : args.kwonlyargs()) locals.add(a.arg());
            if (args.vararg() != null) locals.add(args.vararg().arg());
            if (args.kwarg() != null) locals.add(args.kwarg().arg());
            for (Stmt st : body) {
                dev.warden.python.ast.Children.walk(st, x -> {
                    if (x instanceof Expr.Name && ((Expr.Name) x).ctx() == dev.warden.python.ast.ExprContext.Store) {
                        locals.add(((Expr.Name) x).id());
                    }
                });
            }
            out.add(new FunctionScope(start, end, locals));
        });
        return out;
    }

}
