package dev.warden.match;

import dev.warden.pattern.Pattern;
import dev.warden.pattern.PatternException;
import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import dev.warden.python.ast.Alias;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.Comprehension;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Keyword;
import dev.warden.python.ast.Node;
import dev.warden.python.ast.Stmt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled Semgrep pattern, ready to run on parsed files. Before matching a file it checks that
 * every identifier the pattern spells literally occurs somewhere in the file's bytes, which skips
 * most files without walking their trees.
 */
public final class SemgrepPattern {
    private final Pattern pattern;
    private final byte[][] requiredIdentifiers;
    private final long[] requiredWords; // the same, as FileWords hashes
    /**
     * Attribute and keyword names the pattern spells out: no import alias can rename them, so a
     * match's own range must contain each (checked before trying a big candidate).
     */
    private final String[] localWords;

    /**
     * For a statement pattern, the kinds of statement that must occur inside the statement where a
     * match starts, one list per statement written in its blocks (each matches a statement nested
     * in the target's blocks); empty when there is nothing to require.
     */
    private final List<List<Class<? extends Stmt>>> nestedKinds;

    /** For a pattern starting with an assignment of a call or dotted name, the filter its value puts on the target's; else null. */
    private final NameFilter assignedValue;
    /** For a pattern starting with an assignment: its value, whose root kind the target's must have (see {@link #mayMatch(Expr, Expr)}). */
    private final Expr assignedShape;

    /** For a pattern starting with an assignment to one target: that target, whose root kind the target's must have. */
    private final Expr assignedTarget;

    /** For a statement pattern starting with a call statement ({@code logger.$F(...)}) or the return of a call, the call's name filter; else null. */
    private final NameFilter firstCall;

    /**
     * Statements of the pattern (at any depth) that follow {@code ...} and hold a call the call
     * indexes can look up ({@code ...} then {@code open(..., $D, ...)}, {@code x = f(...)},
     * {@code with open(...) as $F:}), with that call's filter: the search after the dots only
     * visits statements that contain such a call.
     */
    private final Map<Stmt, NameFilter> callsAfterDots;

    /**
     * Statements of the pattern (at any depth) that follow {@code ...}, with the words their
     * match must spell within its range ({@link #collectLocalWords}: {@code $S.query(...)} needs
     * {@code query}): without symbolic propagation, the search after the dots skips statements
     * (and their nested blocks) lacking one.
     */
    private final Map<Stmt, String[]> wordsAfterDots;

    /** For an expression pattern: the filter of its root ({@link NameFilter#of}), or null. */
    private final NameFilter rootFilter;

    /** For a call pattern: the keyword names it writes ({@code host} of {@code $F(..., host="...")}), each a target call must have. */
    private final String[] rootKeywords;

    /**
     * For a def pattern: the node kinds of the container literals it writes as parameter defaults
     * ({@code {}} of {@code def $F(..., $D={}, ...)}), each of which a target def needs among its
     * own defaults (or, with symbolic propagation, a name that may hold one); else empty.
     */
    private final List<List<Class<? extends Expr>>> defaultKinds;

    /** Whether the root of an expression pattern is a plain dotted name. */
    private final boolean dottedRoot;

    private SemgrepPattern(Pattern pattern) {
        this.pattern = pattern;
        this.dottedRoot = pattern.isExpression() && DottedNames.literal(pattern.expression()) != null;
        Stmt first = pattern.isExpression() ? null : pattern.statements().get(0);
        this.assignedValue = first instanceof Stmt.Assign ? NameFilter.of(((Stmt.Assign) first).value()) : null;
        this.assignedShape = first instanceof Stmt.Assign ? ((Stmt.Assign) first).value() : null;
        this.assignedTarget = first instanceof Stmt.Assign && ((Stmt.Assign) first).targets().size() == 1 ? ((Stmt.Assign) first).targets().get(0) : null;
        Expr firstValue = first instanceof Stmt.ExprStmt ? ((Stmt.ExprStmt) first).value() : first instanceof Stmt.Return ? ((Stmt.Return) first).value() : null;
        this.firstCall = firstValue instanceof Expr.Call ? NameFilter.of(firstValue) : null;
        this.callsAfterDots = pattern.isExpression() ? Map.of() : callsAfterDots(pattern.statements());
        this.wordsAfterDots = pattern.isExpression() ? Map.of() : wordsAfterDots(pattern.statements());
        this.rootFilter = pattern.isExpression() ? NameFilter.of(pattern.expression()) : null;
        this.rootKeywords = pattern.isExpression() && pattern.expression() instanceof Expr.Call
                ? writtenKeywords((Expr.Call) pattern.expression()) : new String[0];
        this.defaultKinds = defaultKinds(first);
        this.nestedKinds = pattern.isExpression() || startKinds(pattern.statements()) == null ? List.of()
                : nestedKinds(pattern.statements().get(0));
        Set<String> ids = new LinkedHashSet<>();
        if (pattern.isExpression()) collectIdentifiers(pattern.expression(), ids);
        else for (Stmt s : pattern.statements()) collectIdentifiers(s, ids);
        if (pattern.isExpression()) collectKeywords(pattern.expression(), ids);
        else for (Stmt s : pattern.statements()) collectKeywords(s, ids);
        // loops, not streams: thousands of patterns compile at start-up, before the JIT has compiled a stream
        this.requiredIdentifiers = new byte[ids.size()][];
        this.requiredWords = new long[ids.size()];
        int k = 0;
        for (String id : ids) {
            requiredIdentifiers[k] = id.getBytes(StandardCharsets.UTF_8);
            requiredWords[k] = FileWords.hash(requiredIdentifiers[k]);
            k++;
        }
        Set<String> local = new LinkedHashSet<>();
        if (pattern.isExpression()) collectLocalWords(pattern.expression(), local);
        else for (Stmt st : pattern.statements()) collectLocalWords(st, local);
        this.localWords = local.toArray(new String[0]);
    }

    /** The keyword names a call pattern writes ({@code host} of {@code f(host=...)}), without metavariables and {@code ...}. */
    private static String[] writtenKeywords(Expr.Call call) {
        List<String> out = new ArrayList<>();
        for (Keyword k : call.keywords()) {
            String a = k.arg();
            if (a != null && !a.startsWith("$") && !a.equals("...")) out.add(a);
        }
        return out.toArray(new String[0]);
    }

    public static SemgrepPattern compile(String text) throws PatternException {
        return new SemgrepPattern(Pattern.parse(text));
    }

    public Pattern pattern() { return pattern; }

    /** The identifiers the pattern spells out, as {@link FileWords} hashes: a matching file contains each. */
    public long[] requiredWords() { return requiredWords.clone(); }

    /** False when the file lacks an identifier the pattern spells out, so it cannot match. */
    public boolean mayMatch(Source source) { return mayOccurIn(source.bytes(), source.length()); }

    /**
     * Whether the file's indexes give the places this pattern can match (a call by its callee's or
     * receiver's name, a dotted name, a statement starting with such a call or its assignment), so
     * that looking for it everywhere is cheap.
     */
    public boolean isIndexed() {
        if (pattern.isExpression()) return dottedRoot || indexable(rootFilter);
        return indexable(firstCall) || indexable(assignedValue);
    }

    private static boolean indexable(NameFilter f) { return f != null && (f.calleeLastName() != null || f.receiverLastName() != null); }

    /** Every place the pattern matches in the file, one per distinct range, in source order. */
    public List<Match> matches(ParseResult file) { return matches(file, MatchOptions.DEFAULTS, false); }

    /**
     * Matches with options; with {@code allBindings}, every distinct set of bindings at a place is
     * reported (a few per place at most), which rule formulas need to combine patterns.
     */
    public List<Match> matches(ParseResult file, MatchOptions options, boolean allBindings) {
        return matches(file, options, allBindings, null);
    }

    /**
     * Like {@link #matches(ParseResult, MatchOptions, boolean)}, but only the matches that overlap
     * one of the {@code candidates} are needed (all matches when null): the pattern is tried only at
     * nodes (and statement runs) whose range could overlap one.
     */
    public List<Match> matches(ParseResult file, MatchOptions options, boolean allBindings, Candidates candidates) {
        return matches(file, options, allBindings, candidates, null);
    }

    /**
     * Like {@link #matches(ParseResult, MatchOptions, boolean, Candidates)}; a metavariable named in
     * {@code filters} is only bound where they all allow it (a rule's conditions, checked while
     * matching instead of on every match after).
     */
    public List<Match> matches(ParseResult file, MatchOptions options, boolean allBindings, Candidates candidates,
                               Map<String, List<BindingFilter>> filters) {
        List<Match> out = new ArrayList<>();
        if (candidates != null && candidates.isEmpty()) return out;
        if (!mayOccurIn(file.source().bytes(), file.source().length())) return out;
        FileFacts facts = FileFacts.of(file);
        FileContext context = new FileContext(facts, options);
        NodeMatcher matcher = new NodeMatcher(context, pattern, filters);
        Recorder recorder = new Recorder(out, allBindings);
        if (pattern.isExpression()) {
            Expr p = pattern.expression();
            int concatenation = pattern.dotsConcatenation(p); // "..." "...": literals the target must be written as
            if (concatenation > 0 && !context.mayHoldLiteralRun(concatenation)) return out; // most files concatenate no strings
            List<Class<? extends Expr>> kinds = concatenation > 0 ? STRING_KINDS : rootKinds(p, options);
            NameFilter names = rootFilter;
            boolean checkRanges = localWords.length > 0 && !options.symbolicPropagation();
            boolean symbolic = options.symbolicPropagation();
            // a filter on the name the pattern ends in (os.$M(...) with $M one of chmod/lchmod; $X.$F with $F =~ is_.*)
            // chooses fewer targets than the receiver's index
            List<Expr> targets = !symbolic && filters != null ? namedAsFiltered(p, filters, facts) : null;
            boolean namesChecked = false;
            if (targets == null && names != null) {
                List<Expr> allowed = callsAllowedBy(names, facts, symbolic);
                if (allowed != null) {
                    targets = facts.accepted(names, allowed, context); // the same filter and index: the same targets
                    namesChecked = true;
                }
            }
            if (targets == null && dottedRoot) {
                targets = facts.dottedNameCandidates(DottedNames.literal(p), symbolic);
                if (names != null) { // the names that can stand for it, once per file for every pattern with the filter
                    targets = facts.accepted(names, targets, context);
                    namesChecked = true;
                }
            }
            if (targets == null) targets = kinds == null ? facts.expressions() : facts.expressions(kinds);
            for (Expr t : targets) {
                // the matcher's own test for a concatenation pattern, before an attempt is set up (most strings are one literal)
                if (concatenation > 0 && !context.writtenAsLiterals(t, concatenation)) continue;
                if (kinds == null && !mayMatch(p, t)) continue; // the kinds, and the indexes, give only targets of fitting kinds
                if (names != null && !namesChecked && !names.mayMatch(t, context)) continue;
                if (rootKeywords.length > 0 && t instanceof Expr.Call && !hasKeywords((Expr.Call) t)) continue;
                if (candidates != null && !candidates.anyOverlapping(t.start(), t.end())) continue;
                if (checkRanges && !containsLocalWords(file, t.start(), t.end())) continue;
                if (!options.decoratorsAsExpressions() && facts.isDecorator(t)) continue;
                matcher.resetBudget();
                matcher.expr(p, t, Env.EMPTY, recorder.attempt(t.start(), t.end()));
            }
        } else {
            List<Stmt> ps = pattern.statements();
            List<Class<? extends Stmt>> kinds = startKinds(ps);
            boolean checkRanges = localWords.length > 0 && !options.symbolicPropagation();
            // a match starts at a statement of the block (or its decorators) and ends within the
            // block; a single statement (not `...`) matches that statement alone
            boolean oneStatement = ps.size() == 1 && !NodeMatcher.isDots(ps.get(0)) && NodeMatcher.dotsMetavariable(ps.get(0)) == null;
            // a first statement that is a call: the target's first statement must hold one the call index allows
            Candidates calls = null;
            if (firstCall != null && !options.symbolicPropagation()) {
                calls = facts.callRanges(firstCall, context);
                if (calls != null && calls.isEmpty()) return out;
            }
            List<FileFacts.Place> places = kinds == null ? facts.places() : facts.places(kinds);
            // an assignment of a call: only the assignments of calls the call index allows
            if (assignedValue != null && kinds != null && !options.symbolicPropagation()) {
                List<Expr> allowed = callsAllowedBy(assignedValue, facts, false);
                if (allowed != null) {
                    List<FileFacts.Place> some = new ArrayList<>();
                    for (Expr call : allowed) {
                        FileFacts.Place place = facts.assignmentOf(call);
                        if (place != null && kinds.contains(place.statement().getClass())) some.add(place);
                    }
                    places = some;
                } else { // no index for the value (`$X = request.$W`): the assignments the filter accepts, once per file
                    places = facts.placesAssigning(assignedValue, context);
                }
            }
            boolean afterDotsKnown = false;
            for (FileFacts.Place place : places) {
                Stmt first = place.statement();
                int start = context.statementStart(first), maxEnd = oneStatement ? first.end() : place.blockEnd();
                if (candidates != null && !candidates.anyOverlapping(start, maxEnd)) continue;
                if (checkRanges && !containsLocalWords(file, start, maxEnd)) continue;
                if (calls != null && !calls.anyOverlapping(first.start(), first.end())) continue;
                if (!hasNestedKinds(facts, first)) continue;
                if (!defaultKinds.isEmpty() && !hasDefaults(first, options.symbolicPropagation())) continue;
                if (assignedValue != null && !assignedValue.mayMatch(valueAssigned(first), context)) continue;
                if (assignedShape != null && !mayMatchAssigned(assignedShape, valueAssigned(first), options)) continue;
                if (assignedTarget != null && !options.symbolicPropagation() && !mayMatchTarget(assignedTarget, first)) continue;
                if (!afterDotsKnown) {
                    afterDotsKnown = true;
                    if (!options.symbolicPropagation() && (!callsAfterDots.isEmpty() || !wordsAfterDots.isEmpty())) {
                        matcher.afterDots(afterDotsHints(facts, context));
                    }
                }
                matcher.resetBudget();
                matcher.statements(ps, 0, place.block(), place.index(), Env.EMPTY, recorder.attempt(start, -1));
            }
        }
        out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
        return out;
    }

    /**
     * The calls a call pattern's filter can accept, from the file's call indexes (by the callee's
     * last name, or its receiver's), or null when the filter names neither, or only a receiver in
     * a file with a wildcard import (which may bring in the receiver's functions by their names).
     */
    static List<Expr> callsAllowedBy(NameFilter filter, FileFacts facts, boolean symbolic) {
        String callee = filter.calleeLastName(), receiver = filter.receiverLastName();
        if (callee != null) return facts.callsEndingIn(callee, symbolic);
        // `from subprocess import *` brings in `run`, a call without the receiver subprocess.$F(...) names
        return receiver != null && facts.wildcardModules().isEmpty() ? facts.callsOnReceiverEndingIn(receiver, symbolic) : null;
    }

    /** Where each statement after {@code ...} may match in this file: by the calls it needs, and by the words it spells. */
    private Map<Stmt, NodeMatcher.RangeTest> afterDotsHints(FileFacts facts, FileContext context) {
        Map<Stmt, NodeMatcher.RangeTest> hints = new java.util.IdentityHashMap<>();
        for (Map.Entry<Stmt, NameFilter> e : callsAfterDots.entrySet()) {
            Candidates calls = facts.callRanges(e.getValue(), context); // null: no index serves it (a receiver, with a wildcard import)
            if (calls != null) hints.put(e.getKey(), calls::anyOverlapping);
        }
        FileWords words = context.words();
        for (Map.Entry<Stmt, String[]> e : wordsAfterDots.entrySet()) {
            NodeMatcher.RangeTest test = hints.get(e.getKey()); // the calls it needs, if any
            for (String w : e.getValue()) test = NodeMatcher.spelling(words, w, test);
            hints.put(e.getKey(), test);
        }
        return hints;
    }

    private static Map<Stmt, String[]> wordsAfterDots(List<Stmt> statements) {
        Map<Stmt, String[]> out = new java.util.IdentityHashMap<>();
        forEachAfterDots(statements, st -> {
            Set<String> words = new LinkedHashSet<>();
            collectLocalWords(st, words);
            if (!words.isEmpty()) out.put(st, words.toArray(new String[0]));
        });
        return out;
    }

    /** Each statement of the pattern (at any depth) that follows {@code ...} or {@code $...X}. */
    private static void forEachAfterDots(List<Stmt> statements, java.util.function.Consumer<Stmt> visit) {
        Blocks.forEach(statements, block -> {
            for (int i = 1; i < block.size(); i++) {
                if (NodeMatcher.isDots(block.get(i - 1)) || NodeMatcher.dotsMetavariable(block.get(i - 1)) != null) visit.accept(block.get(i));
            }
        });
    }

    private static Map<Stmt, NameFilter> callsAfterDots(List<Stmt> statements) {
        Map<Stmt, NameFilter> out = new java.util.IdentityHashMap<>();
        forEachAfterDots(statements, st -> {
            Expr call = callOf(st);
            NameFilter filter = call == null ? null : NameFilter.of(call);
            if (filter != null && (filter.calleeLastName() != null || filter.receiverLastName() != null)) out.put(st, filter);
        });
        return out;
    }

    /** The call a statement pattern is built around: {@code f(...)}, {@code x = f(...)}, {@code with f(...) as y:}; else null. */
    private static Expr callOf(Stmt s) {
        Expr e = s instanceof Stmt.ExprStmt ? ((Stmt.ExprStmt) s).value()
                : s instanceof Stmt.Assign ? ((Stmt.Assign) s).value()
                : s instanceof Stmt.With && ((Stmt.With) s).items().size() == 1 ? ((Stmt.With) s).items().get(0).contextExpr()
                : null;
        return e instanceof Expr.Call ? e : null;
    }

    /**
     * For a pattern ending in an attribute metavariable ({@code r.$M(...)}, {@code r.$M}) that a
     * binding filter restricts to some names or to names with a fixed start: the calls (or
     * attributes) ending in such a name, from the file's indexes; else null. Attributes only
     * without wildcard imports: one brings in a plain name ({@code chmod} for {@code os.$M}),
     * which the calls' index holds but the attributes' does not.
     */
    private static List<Expr> namedAsFiltered(Expr p, Map<String, List<BindingFilter>> filters, FileFacts facts) {
        boolean call = p instanceof Expr.Call;
        if (!call && !facts.wildcardModules().isEmpty()) return null;
        Expr named = call ? ((Expr.Call) p).func() : p;
        if (!(named instanceof Expr.Attribute)) return null;
        String attr = ((Expr.Attribute) named).attr();
        if (!NodeMatcher.isMetavariable(attr) || NodeMatcher.isEllipsisMetavariable(attr)) return null;
        List<BindingFilter> conditions = filters.get(attr);
        if (conditions == null) return null;
        for (BindingFilter f : conditions) {
            if (f.identifiers() != null) return call ? facts.callsEndingInAny(f.identifiers()) : facts.attributesNamed(f.identifiers(), null);
            if (!f.literalStart().isEmpty()) {
                return call ? facts.callsEndingInPrefix(f.literalStart()) : facts.attributesNamed(null, f.literalStart());
            }
        }
        return null;
    }

    /** Whether a call has every keyword argument the pattern names (each pattern keyword matches one of the same name). */
    private boolean hasKeywords(Expr.Call t) {
        List<Keyword> ks = t.keywords();
        for (String name : rootKeywords) {
            boolean found = false;
            for (int i = 0; i < ks.size() && !found; i++) found = name.equals(ks.get(i).arg());
            if (!found) return false;
        }
        return true;
    }

    /** Most sets of bindings reported for one place; more would only repeat the same finding. */
    private static final int MAX_BINDINGS_PER_PLACE = 8;

    /** Whether every local word occurs between two byte offsets (only worth asking for big ranges). */
    private boolean containsLocalWords(ParseResult file, int start, int end) {
        if (end - start < 256) return true;
        FileWords words = FileWords.of(file.source().bytes(), file.source().length());
        for (String word : localWords) if (!words.mayOccurWithin(word, start, end)) return false;
        return true;
    }

    private static void collectLocalWords(Node node, Set<String> out) {
        // an attribute of a plain dotted name (os.path.join) may be renamed by an import; one of a
        // metavariable, call or subscript ($S.query, f().x) cannot
        if (node instanceof Expr.Attribute && DottedNames.literal(node instanceof Expr ? (Expr) node : null) == null
                && !((Expr.Attribute) node).attr().equals("...")) {
            addIdentifier(((Expr.Attribute) node).attr(), out);
        } else if (node instanceof Keyword) {
            addIdentifier(((Keyword) node).arg(), out);
        }
        else if (node instanceof Expr.TypedMetavariable) return;
        Children.forEach(node, c -> collectLocalWords(c, out));
    }

    /**
     * Keeps the matches of one root attempt after another: the continuation given to the matcher
     * (one object for all attempts, see {@link NodeMatcher} on lambdas); its answer tells the
     * matcher whether to stop looking at the attempt's place.
     */
    private static final class Recorder implements NodeMatcher.K, NodeMatcher.SeqK {
        private final List<Match> out;
        private final boolean allBindings;
        private final Set<Object> seen = new HashSet<>();
        private int start, end, found;

        Recorder(List<Match> out, boolean allBindings) {
            this.out = out;
            this.allBindings = allBindings;
        }

        /** Starts an attempt at {@code [start, end]} (end -1: told by the sequence matcher). */
        Recorder attempt(int start, int end) {
            this.start = start;
            this.end = end;
            this.found = 0;
            return this;
        }

        @Override
        public boolean go(Env env) { return record(env, end); }

        @Override
        public boolean go(Env env, int seqEnd) { return seqEnd >= 0 && record(env, seqEnd); }

        private boolean record(Env env, int matchEnd) {
            Object key = allBindings ? BindingKey.of(start, matchEnd, env) : (Object) (((long) start << 32) | (matchEnd & 0xffffffffL));
            if (seen.add(key)) {
                out.add(new Match(start, matchEnd, env.toMap()));
                found++;
            }
            return !allBindings || found >= MAX_BINDINGS_PER_PLACE;
        }
    }

    /** The value an assignment statement assigns (null for another statement or an annotation alone). */
    static Expr valueAssigned(Stmt s) {
        if (s instanceof Stmt.Assign) return ((Stmt.Assign) s).value();
        return s instanceof Stmt.AnnAssign ? ((Stmt.AnnAssign) s).value() : null;
    }

    /** The parameters of a def or an async def, else null. */
    private static Arguments argsOf(Stmt s) {
        return s instanceof Stmt.FunctionDef f ? f.args() : s instanceof Stmt.AsyncFunctionDef f ? f.args() : null;
    }

    private static List<List<Class<? extends Expr>>> defaultKinds(Stmt first) {
        Arguments args = argsOf(first);
        if (args == null) return List.of();
        List<List<Class<? extends Expr>>> out = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>(args.defaults());
        defaults.addAll(args.kwDefaults());
        for (Expr d : defaults) {
            // only what nothing but the same kind of literal matches (a Set of `...` also matches dicts)
            if (d instanceof Expr.Dict || d instanceof Expr.List) out.add(List.of(d.getClass()));
            else if (d instanceof Expr.Set set) out.add(set.elts().stream().allMatch(NodeMatcher::isDots) ? List.of(Expr.Set.class, Expr.Dict.class) : List.of(Expr.Set.class));
        }
        return List.copyOf(out);
    }

    /** Whether a def has a default of each of {@link #defaultKinds} (with symbolic propagation, any name may hold one). */
    private boolean hasDefaults(Stmt def, boolean symbolic) {
        Arguments args = argsOf(def);
        if (args == null) return false;
        for (List<Class<? extends Expr>> kinds : defaultKinds) {
            if (!anyDefaultOf(args.defaults(), kinds, symbolic) && !anyDefaultOf(args.kwDefaults(), kinds, symbolic)) return false;
        }
        return true;
    }

    private static boolean anyDefaultOf(List<Expr> defaults, List<Class<? extends Expr>> kinds, boolean symbolic) {
        for (int i = 0; i < defaults.size(); i++) {
            Expr d = defaults.get(i);
            if (d != null && (kinds.contains(d.getClass()) || symbolic && d instanceof Expr.Name)) return true;
        }
        return false;
    }

    private boolean hasNestedKinds(FileFacts facts, Stmt target) {
        for (int i = 0; i < nestedKinds.size(); i++) { // by index: no iterator per target
            if (!facts.hasStatementWithin(nestedKinds.get(i), target.start(), target.end())) return false;
        }
        return true;
    }

    private static List<List<Class<? extends Stmt>>> nestedKinds(Stmt first) {
        Set<List<Class<? extends Stmt>>> out = new LinkedHashSet<>();
        Blocks.nestedBlocks(first, block -> {
            for (Stmt s : block) {
                List<Class<? extends Stmt>> kinds = startKinds(List.of(s));
                if (kinds != null) out.add(kinds);
            }
            return false;
        });
        return List.copyOf(out);
    }

    /** An expression statement pattern also matches inside these simple statements. */
    private static final List<Class<? extends Stmt>> HOLDING_EXPRESSIONS = List.of(Stmt.ExprStmt.class, Stmt.Assign.class,
            Stmt.AugAssign.class, Stmt.AnnAssign.class, Stmt.Return.class, Stmt.Raise.class, Stmt.Assert.class, Stmt.Delete.class);

    /**
     * The kinds of statement a statement pattern can start at, judged by its first statement's
     * kind; null when it can start anywhere.
     */
    private static List<Class<? extends Stmt>> startKinds(List<Stmt> ps) {
        Stmt first = ps.get(0);
        if (NodeMatcher.isDots(first) || NodeMatcher.dotsMetavariable(first) != null) return null;
        if (first instanceof Stmt.ExprStmt) {
            Expr v = ((Stmt.ExprStmt) first).value();
            if (v instanceof Expr.Name && NodeMatcher.isMetavariable(((Expr.Name) v).id())) return null;
            return HOLDING_EXPRESSIONS;
        }
        if (first instanceof Stmt.FunctionDef) return List.of(Stmt.FunctionDef.class, Stmt.AsyncFunctionDef.class);
        if (first instanceof Stmt.Assign) return ASSIGNMENTS;
        if (first instanceof Stmt.Import || first instanceof Stmt.ImportFrom) return List.of(Stmt.Import.class, Stmt.ImportFrom.class);
        return List.of(first.getClass());
    }

    /** Targets a literal can match: itself, or (constant propagation) a name or an expression folding to it. */
    private static final List<Class<? extends Expr>> CONSTANT_KINDS = List.of(Expr.Constant.class, Expr.Name.class,
            Expr.BinOp.class, Expr.JoinedStr.class, Expr.BoolOp.class);

    /** The statements an assignment pattern can start at ({@code $X = v} also matches {@code x: T = v}). */
    static final List<Class<? extends Stmt>> ASSIGNMENTS = List.of(Stmt.Assign.class, Stmt.AnnAssign.class);

    /** Targets an implicit concatenation pattern ({@code "..." "..."}) can match: string literals. */
    private static final List<Class<? extends Expr>> STRING_KINDS = List.of(Expr.Constant.class, Expr.JoinedStr.class);

    /** The node kinds a pattern's root can match, or null when it can match any. */
    private static List<Class<? extends Expr>> rootKinds(Expr p, MatchOptions options) {
        if (p instanceof Expr.Constant) {
            if (((Expr.Constant) p).value() == ConstValue.Singleton.ELLIPSIS) return null; // `...`
            return options.constantPropagation() ? CONSTANT_KINDS : List.of(Expr.Constant.class);
        }
        if (p instanceof Expr.Set) return List.of(Expr.Set.class, Expr.Dict.class); // {...}: dicts too
        if (p instanceof Expr.DeepEllipsis || p instanceof Expr.TypedMetavariable) return null;
        if (p instanceof Expr.Name && NodeMatcher.isMetavariable(((Expr.Name) p).id())) return null;
        // dotted names: also a plain name that is an alias; anything else (with symbolic propagation, a name for it)
        if (DottedNames.literal(p) != null) return List.of(Expr.Name.class, Expr.Attribute.class);
        return List.of(p.getClass());
    }

    /** Whether a statement's assignment target may match a one-target pattern's (targets are matched as a list, one for one). */
    private static boolean mayMatchTarget(Expr p, Stmt s) {
        if (s instanceof Stmt.Assign) return ((Stmt.Assign) s).targets().size() == 1 && mayMatch(p, ((Stmt.Assign) s).targets().get(0));
        if (s instanceof Stmt.AnnAssign) return mayMatch(p, ((Stmt.AnnAssign) s).target());
        return true;
    }

    /** Whether an assignment's value may match the pattern's: a variable may stand for anything with symbolic propagation. */
    private static boolean mayMatchAssigned(Expr p, Expr t, MatchOptions options) {
        if (t == null || t instanceof Expr.Name && options.symbolicPropagation()) return true;
        if (p instanceof Expr.TypedMetavariable) return true;
        // `$M.name` and `P. ...` may also match a plain imported name or a longer chain
        if (p instanceof Expr.Attribute) return t instanceof Expr.Attribute || t instanceof Expr.Name || ((Expr.Attribute) p).attr().equals("...");
        return mayMatch(p, t);
    }

    /** Cheap pre-check: could this pattern's root match that target node at all? */
    private static boolean mayMatch(Expr p, Expr t) {
        if (p instanceof Expr.Name && NodeMatcher.isMetavariable(((Expr.Name) p).id())) return true;
        if (p instanceof Expr.Constant || p instanceof Expr.DeepEllipsis) return true;
        if (DottedNames.literal(p) != null) return t instanceof Expr.Name || t instanceof Expr.Attribute;
        if (p instanceof Expr.Set && t instanceof Expr.Dict) return true; // {...} matches dicts too
        return p.getClass() == t.getClass();
    }

    private boolean mayOccurIn(byte[] bytes, int length) {
        if (requiredWords.length == 0) return true;
        FileWords words = FileWords.of(bytes, length);
        for (long word : requiredWords) if (!words.contains(word)) return false;
        return true;
    }

    /** The identifiers a pattern spells out (not metavariables): a matching file must contain each. */
    private static void collectIdentifiers(Node node, Set<String> out) {
        if (node instanceof Expr.Name) addIdentifier(((Expr.Name) node).id(), out);
        else if (node instanceof Expr.Attribute) addIdentifier(((Expr.Attribute) node).attr(), out);
        else if (node instanceof Keyword) addIdentifier(((Keyword) node).arg(), out);
        else if (node instanceof Stmt.FunctionDef) addIdentifier(((Stmt.FunctionDef) node).name(), out);
        else if (node instanceof Stmt.ClassDef) addIdentifier(((Stmt.ClassDef) node).name(), out);
        else if (node instanceof Alias) for (String part : ((Alias) node).name().split("\\.")) addIdentifier(part, out);
        else if (node instanceof Stmt.ImportFrom && ((Stmt.ImportFrom) node).module() != null) {
            for (String part : ((Stmt.ImportFrom) node).module().split("\\.")) addIdentifier(part, out);
        }
        else if (node instanceof Expr.Constant && ((Expr.Constant) node).value() instanceof ConstValue.Str) return;
        else if (node instanceof Expr.TypedMetavariable) return; // its type names no identifier of the file
        Children.forEach(node, c -> collectIdentifiers(c, out));
    }

    /**
     * The Python keywords any code the pattern matches is written with ({@code try},
     * {@code return}, {@code is}, {@code lambda}...), so that, like identifiers, a file without
     * one is never parsed for it. Left out: {@code else} (an {@code elif} is an {@code else} holding
     * an {@code if}), {@code except} and {@code finally} (a pattern's {@code ...} there may match
     * none), {@code from} and {@code as} (imports match across their spellings), constants, and
     * anything inside an f-string.
     */
    private static void collectKeywords(Node node, Set<String> out) {
        if (node instanceof Expr.JoinedStr || node instanceof Expr.TypedMetavariable) return;
        if (node instanceof Stmt.If || node instanceof Expr.IfExp) out.add("if");
        else if (node instanceof Stmt.For || node instanceof Stmt.AsyncFor || node instanceof Comprehension) {
            out.add("for");
            out.add("in");
        } else if (node instanceof Stmt.While) out.add("while");
        else if (node instanceof Stmt.Try || node instanceof Stmt.TryStar) out.add("try");
        else if (node instanceof Stmt.Raise) out.add("raise");
        else if (node instanceof Stmt.Assert) out.add("assert");
        else if (node instanceof Stmt.Delete) out.add("del");
        else if (node instanceof Stmt.Global) out.add("global");
        else if (node instanceof Stmt.Nonlocal) out.add("nonlocal");
        else if (node instanceof Stmt.Break) out.add("break");
        else if (node instanceof Stmt.Continue) out.add("continue");
        else if (node instanceof Stmt.Return) out.add("return");
        else if (node instanceof Stmt.Pass) out.add("pass");
        else if (node instanceof Stmt.ClassDef) out.add("class");
        else if (node instanceof Stmt.FunctionDef || node instanceof Stmt.AsyncFunctionDef) out.add("def");
        else if (node instanceof Stmt.With || node instanceof Stmt.AsyncWith) out.add("with");
        else if (node instanceof Stmt.Import || node instanceof Stmt.ImportFrom) out.add("import");
        else if (node instanceof Expr.Lambda) out.add("lambda");
        else if (node instanceof Expr.Yield || node instanceof Expr.YieldFrom) out.add("yield");
        else if (node instanceof Expr.Await) out.add("await");
        else if (node instanceof Expr.BoolOp b) out.add(b.op() == dev.warden.python.ast.BoolOperator.And ? "and" : "or");
        else if (node instanceof Expr.UnaryOp u && u.op() == dev.warden.python.ast.UnaryOperator.Not) out.add("not");
        else if (node instanceof Expr.Compare c) {
            for (dev.warden.python.ast.CmpOperator op : c.ops()) {
                switch (op) {
                    case Is -> out.add("is");
                    case IsNot -> { out.add("is"); out.add("not"); }
                    case In -> out.add("in");
                    case NotIn -> { out.add("not"); out.add("in"); }
                    default -> { }
                }
            }
        }
        Children.forEach(node, c -> collectKeywords(c, out));
    }

    private static void addIdentifier(String id, Set<String> out) {
        if (id != null && !id.isEmpty() && !id.startsWith("$") && !id.equals("...")) out.add(id);
    }
}
