package dev.warden.rule;

import dev.warden.match.Binding;
import dev.warden.match.BindingFilter;
import dev.warden.match.Candidates;
import dev.warden.match.Match;
import dev.warden.match.MatchOptions;
import dev.warden.python.ParseResult;
import dev.warden.python.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a search rule on one parsed file: evaluates its formula over ranges with bindings, as
 * Semgrep does. In a conjunction the positive terms intersect (a range included in another's,
 * the inner one kept), {@code pattern-inside} keeps ranges inside its matches,
 * {@code pattern-not} removes ranges equal to its matches and {@code pattern-not-inside} ranges
 * inside them (bindings must agree on shared metavariables throughout), then conditions filter
 * and {@code focus-metavariable} narrows each range.
 */
public final class RuleEngine {
    private final Rule rule;
    private final ParseResult file;
    private final Source source;
    private final MatchOptions options;
    private final Conditions conditions;
    private final Map<Formula, List<Ranged>> cache = new java.util.IdentityHashMap<>(8); // one engine per rule and file: most formulas are small
    private FileText text;

    private RuleEngine(Rule rule, ParseResult file) {
        this.rule = rule;
        this.file = file;
        this.source = file.source();
        RuleOptions o = rule.options() == null ? RuleOptions.DEFAULTS : rule.options();
        this.options = new MatchOptions(o.constantPropagation(), o.decoratorsOrderMatters(), o.symbolicPropagation(), o.attrExpr());
        this.conditions = new Conditions(this);
    }

    /** The findings of a search rule in a file (none for taint rules, which need taint mode). */
    public static List<Finding> run(Rule rule, ParseResult file) {
        if (rule.formula() == null) return List.of();
        if (!mayMatch(rule, file.source())) return List.of();
        RuleEngine engine = new RuleEngine(rule, file);
        List<Ranged> results = engine.evaluate(rule.formula());
        List<Finding> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Ranged r : results) {
            if (r.start < 0 || !seen.add(((long) r.start << 32) | (r.end & 0xffffffffL))) continue;
            out.add(new Finding(rule, r.start, r.end, r.bindings, engine.interpolate(rule.message(), r.bindings),
                    r.fix != null ? r.fix : rule.fix()));
        }
        out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
        return out;
    }

    /**
     * Cheap pre-check on a file's bytes: false when the rule cannot match because an identifier
     * its formula needs is missing (its {@link Prefilter}), or its {@code paths} leave the file
     * out, so the file need not even be parsed.
     */
    public static boolean mayMatch(Rule rule, Source source) {
        return rule.formula() != null && rule.prefilter().admits(source)
                && PathGlobs.applies(rule.includePaths(), rule.excludePaths(), source.path());
    }

    private static final java.util.regex.Pattern CHOICE_OF_WORDS = java.util.regex.Pattern.compile(
            "\\^?(?:\\((?:\\?:)?)?([A-Za-z_][A-Za-z0-9_]*(?:\\|[A-Za-z_][A-Za-z0-9_]*)*)\\)?\\$?");

    /** The words of a regex that is only {@code ^?(w1|w2|...)$?}, else an empty list. */
    static List<String> literalAlternatives(String regex) {
        java.util.regex.Matcher m = CHOICE_OF_WORDS.matcher(regex);
        if (!m.matches()) return List.of();
        // a group must be closed exactly when it was opened
        boolean opened = regex.startsWith("(") || regex.startsWith("^(");
        boolean closed = regex.endsWith(")") || regex.endsWith(")$");
        if (opened != closed) return List.of();
        return List.of(m.group(1).split("\\|"));
    }

    /** A range of the file with the metavariable bindings that hold there. */
    public record Ranged(int start, int end, Map<String, Binding> bindings, String fix) {
        Ranged(int start, int end, Map<String, Binding> bindings) { this(start, end, bindings, null); }

        boolean inside(Ranged other) { return other.start <= start && end <= other.end; }

        boolean sameRange(Ranged other) { return start == other.start && end == other.end; }
    }

    /**
     * An engine for evaluating any formula of a rule on one file: a taint rule's sources, sinks,
     * sanitizers and propagators are formulas evaluated like a search rule's.
     */
    public static RuleEngine on(Rule rule, ParseResult file) { return new RuleEngine(rule, file); }

    /** The ranges (with bindings) where a formula matches in this engine's file. */
    public List<Ranged> ranges(Formula f) { return evaluate(f); }

    ParseResult file() { return file; }

    Source source() { return source; }

    MatchOptions options() { return options; }

    /** The file's constants (the matcher's own analysis), for conditions that ask for constant propagation. */
    dev.warden.match.ConstantPropagation constants() { return dev.warden.match.ConstantPropagation.forFile(file); }

    private DeclaredTypes declaredTypes;

    /** The types the file's annotations declare for names (for {@code metavariable-type}). */
    DeclaredTypes declaredTypes() {
        if (declaredTypes == null) declaredTypes = new DeclaredTypes(file.module());
        return declaredTypes;
    }

    FileText text() {
        if (text == null) text = FileText.of(source);
        return text;
    }

    // ---- formulas ---------------------------------------------------------------------------

    List<Ranged> evaluate(Formula f) { return evaluate(f, null); }

    /**
     * The formula's ranges, or with {@code candidates} at least those of them that overlap a
     * candidate (enough for {@code inside} and the negations, which only keep or drop candidates
     * enclosed by them, and for positive terms, which keep a range within another); only the
     * unrestricted answer is cached.
     */
    private List<Ranged> evaluate(Formula f, Candidates candidates) {
        boolean cacheable = candidates == null && bindingFilters == null;
        if (cacheable) {
            List<Ranged> cached = cache.get(f);
            if (cached != null) return cached;
        }
        List<Ranged> result = compute(f, candidates);
        if (cacheable) cache.put(f, result);
        return result;
    }

    /**
     * While the first positive term of a conjunction is matched: the conjunction's conditions that
     * can be checked on one binding ({@link BindingFilter}), applied as the metavariables are bound.
     * The same conditions still run on the conjunction's ranges afterwards, so this only saves the
     * work of matches they would drop.
     */
    private Map<String, List<BindingFilter>> bindingFilters;

    /**
     * A conjunction's first positive term, or one of its insides, with the conjunction's
     * conditions pushed into matching where they can be. Sound for an inside too: a range it
     * encloses keeps the inside's bindings (or equal ones), so a binding the condition rejects
     * would drop the result later anyway. Never for a negation, which would then remove less.
     */
    private List<Ranged> evaluateFiltered(Formula term, Formula.And f, Candidates candidates) {
        if (bindingFilters != null || f.as() != null || !positiveOnly(term)) return evaluate(term, candidates);
        Map<String, List<BindingFilter>> filters = new java.util.HashMap<>();
        for (Condition c : f.conditions()) {
            BindingFilter filter = bindingFilter(c);
            String mv = c instanceof Condition.MetavariableRegex m ? m.metavariable()
                    : c instanceof Condition.MetavariablePattern m ? m.metavariable() : null;
            if (filter != null) filters.computeIfAbsent(mv, k -> new ArrayList<>(1)).add(filter);
        }
        if (filters.isEmpty()) return evaluate(term, candidates);
        bindingFilters = filters;
        try {
            return evaluate(term, candidates);
        } finally {
            bindingFilters = null;
        }
    }

    /** The check on one binding a condition amounts to, or null when it needs more than that. */
    private static BindingFilter bindingFilter(Condition c) {
        if (c instanceof Condition.MetavariableRegex m) return m.constantPropagation() ? null : BindingFilter.regex(m.regex());
        if (c instanceof Condition.MetavariablePattern m && (m.language() == null || m.language().equals("python"))) {
            // a choice of plain names (`chmod`, `lchmod`): an identifier binding must be one of them
            java.util.Set<String> names = new java.util.HashSet<>();
            return plainNames(m.formula(), names) ? BindingFilter.identifiers(names) : null;
        }
        return null;
    }

    private static boolean plainNames(Formula f, java.util.Set<String> out) {
        if (f instanceof Formula.Pattern p) {
            if (p.compiled() == null || !p.compiled().pattern().isExpression()) return false;
            if (!(p.compiled().pattern().expression() instanceof dev.warden.python.ast.Expr.Name n) || n.id().startsWith("$")) return false;
            out.add(n.id());
            return true;
        }
        if (f instanceof Formula.Or o) {
            for (Formula g : o.alternatives()) if (!plainNames(g, out)) return false;
            return true;
        }
        if (f instanceof Formula.And a) {
            // `patterns: [pattern-either: [...]]` with nothing else
            return a.terms().size() == 1 && a.conditions().isEmpty() && a.focus().isEmpty() && a.as() == null && plainNames(a.terms().get(0), out);
        }
        return false;
    }

    /** A pattern, or a choice or conjunction built of them (no insides or regexes at the top). */
    private static boolean positiveOnly(Formula f) {
        if (f instanceof Formula.Pattern) return true;
        if (f instanceof Formula.Or) {
            for (Formula g : ((Formula.Or) f).alternatives()) if (!positiveOnly(g)) return false;
            return true;
        }
        return f instanceof Formula.And;
    }

    private List<Ranged> compute(Formula f, Candidates candidates) {
        if (f instanceof Formula.Pattern) {
            List<Ranged> out = new ArrayList<>();
            if (((Formula.Pattern) f).compiled() == null) return out; // a pattern for another language
            for (Match m : ((Formula.Pattern) f).compiled().matches(file, options, true, candidates, bindingFilters)) {
                out.add(new Ranged(m.start(), m.end(), m.bindings()));
            }
            return out;
        }
        if (f instanceof Formula.Regex) return text().regexMatches(((Formula.Regex) f).compiled());
        if (f instanceof Formula.Or) {
            List<Ranged> out = new ArrayList<>();
            for (Formula g : ((Formula.Or) f).alternatives()) out.addAll(evaluate(g, candidates));
            return distinct(out);
        }
        if (f instanceof Formula.And) return and((Formula.And) f, null, candidates);
        if (f instanceof Formula.Inside) return evaluate(((Formula.Inside) f).formula(), candidates);
        if (f instanceof Formula.Anywhere) return evaluate(((Formula.Anywhere) f).formula(), candidates);
        // a negation on its own (outside a conjunction) matches nothing
        return List.of();
    }

    /** The ranges as candidates that a match must overlap to matter. */
    private static Candidates candidates(List<Ranged> ranges) {
        int[] starts = new int[ranges.size()], ends = new int[ranges.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = ranges.get(i).start;
            ends[i] = ranges.get(i).end;
        }
        return Candidates.of(starts, ends);
    }

    /**
     * A formula evaluated within one range (for {@code metavariable-pattern}); a conjunction with
     * no positive term of its own starts from that whole range.
     */
    List<Ranged> evaluateWithin(Formula f, Ranged scope) {
        if (startsFromScope(f)) return and((Formula.And) f, List.of(scope), null);
        return evaluate(f);
    }

    /** Whether {@link #evaluateWithin} starts from the scope itself: a conjunction with no positive term. */
    static boolean startsFromScope(Formula f) { return f instanceof Formula.And && !hasPositive((Formula.And) f); }

    /** A formula's ranges, at least those overlapping one of the {@code places} (see {@link #evaluate(Formula, Candidates)}). */
    List<Ranged> evaluateAround(Formula f, Candidates places) { return evaluate(f, places); }

    private static boolean hasPositive(Formula.And f) {
        for (Formula t : f.terms()) {
            if (!(t instanceof Formula.Not) && !(t instanceof Formula.NotInside)) return true;
        }
        return false;
    }

    /**
     * A conjunction, starting from {@code seed} (null: from its positive terms); with
     * {@code candidates}, only its ranges overlapping a candidate are needed. Each term after the
     * first is only evaluated around the ranges found so far; once none is left, the remaining
     * terms are not evaluated.
     */
    private List<Ranged> and(Formula.And f, List<Ranged> seed, Candidates candidates) {
        Map<String, List<BindingFilter>> filters = bindingFilters;
        try {
            return andTerms(f, seed, candidates);
        } finally {
            bindingFilters = filters;
        }
    }

    private List<Ranged> andTerms(Formula.And f, List<Ranged> seed, Candidates candidates) {
        List<Ranged> current = seed;
        // focus can move a range outside its positive terms' ranges, so they are then not restricted
        Candidates positiveCandidates = f.focus().isEmpty() ? candidates : null;
        List<Formula> insides = new ArrayList<>(), negatives = new ArrayList<>(), anywheres = new ArrayList<>();
        List<Formula> afterFocus = new ArrayList<>();
        Position firstFocus = f.focus().isEmpty() ? null : f.focus().get(0).position();
        // a term or condition that cannot hold in this file (a word it needs is missing) empties the conjunction
        if (!f.prefilter().admits(source)) return List.of();
        Formula firstPositive = null;
        for (Formula term : f.terms()) {
            if (term instanceof Formula.Not || term instanceof Formula.NotInside || isInside(term) || term instanceof Formula.Anywhere) continue;
            firstPositive = term;
            break;
        }
        // a generic first term ($X, <... $X ...>, any def or class) matches nearly everywhere: find the insides first
        // and look for it only within them
        Map<Formula, List<Ranged>> insideRanges = new java.util.IdentityHashMap<>();
        boolean generic = firstPositive != null && isGeneric(firstPositive);
        // or a def/class inside few places match, when the first term has no index to start from
        boolean selective = !generic && firstPositive != null && (!isIndexed(firstPositive) || options.symbolicPropagation()) && anySelectiveInside(f);
        if (seed == null && (generic || selective)) {
            for (Formula term : f.terms()) {
                if (!isInside(term)) continue;
                if (selective && !(term instanceof Formula.Inside && isSelectiveDefinition(((Formula.Inside) term).formula()))) continue;
                List<Ranged> found = evaluateFiltered(insideFormula(term), f, positiveCandidates);
                if (found.isEmpty()) return List.of();
                insideRanges.put(term, found);
                if (f.focus().isEmpty() && positiveCandidates == null) positiveCandidates = candidates(found);
            }
        }
        for (Formula term : f.terms()) {
            if (term instanceof Formula.Inside) insides.add(term);
            else if (term instanceof Formula.Or && insideOnly(term) != null) insides.add(term); // either of several insides
            else if (term instanceof Formula.Not && insideOnly(((Formula.Not) term).formula()) != null) {
                // `not: inside: P` (or `not: any: [inside: ...]`) is pattern-not-inside
                for (Formula inside : insideOnly(((Formula.Not) term).formula())) {
                    negatives.add(new Formula.NotInside(((Formula.Inside) inside).formula(), term.position()));
                }
            }
            else if (term instanceof Formula.Not || term instanceof Formula.NotInside) negatives.add(term);
            else if (term instanceof Formula.Anywhere) anywheres.add(term);
            else if (firstFocus != null && current != null && after(term.position(), firstFocus)) afterFocus.add(term);
            else if (current != null && current.isEmpty()) break;
            else if (current == null) current = evaluateFiltered(term, f, positiveCandidates);
            else current = intersect(current, evaluate(term, candidates(current)));
        }
        // binding filters pushed down from an enclosing conjunction were for its positive terms only
        bindingFilters = null;
        boolean onlyInsides = current == null;
        for (Formula inside : insides) {
            if (current != null && current.isEmpty()) return List.of();
            List<Ranged> outer = insideRanges.get(inside);
            if (outer == null) outer = evaluateFiltered(insideFormula(inside), f, current == null ? positiveCandidates : candidates(current));
            // with no positive term, the insides narrow each other: the innermost region is kept
            current = current == null ? outer : onlyInsides ? intersect(current, outer) : within(current, outer);
        }
        if (current == null || current.isEmpty()) return List.of();
        for (Formula any : anywheres) current = anywhere(current, evaluate(((Formula.Anywhere) any).formula()));
        List<Condition> conditionsLeft = f.conditions();
        if (f.as() == null) {
            // conditions that only keep or drop a range commute with the negations: cheaper first
            int filters = 0;
            while (filters < conditionsLeft.size() && Conditions.isFilter(conditionsLeft.get(filters))) {
                current = conditions.apply(conditionsLeft.get(filters++), current);
            }
            conditionsLeft = conditionsLeft.subList(filters, conditionsLeft.size());
        }
        for (Formula negative : negatives) {
            if (current.isEmpty()) return List.of();
            boolean notInside = negative instanceof Formula.NotInside;
            Formula inner = notInside ? ((Formula.NotInside) negative).formula() : ((Formula.Not) negative).formula();
            List<Ranged> excluded = evaluate(inner, candidates(current));
            // pattern-not-regex removes results the regex matches anywhere in, not only exactly
            boolean regexNot = inner instanceof Formula.Regex;
            List<Ranged> kept = new ArrayList<>();
            if (excluded.size() < 16) {
                for (Ranged r : current) {
                    boolean drop = false;
                    for (Ranged x : excluded) {
                        boolean hit = notInside ? r.inside(x) : regexNot ? overlaps(r, x) : r.sameRange(x);
                        if (hit && compatible(r.bindings, x.bindings)) {
                            drop = true;
                            break;
                        }
                    }
                    if (!drop) kept.add(r);
                }
            } else { // many exclusions: only those around each result are compared
                RangeIndex index = new RangeIndex(excluded);
                for (Ranged r : current) {
                    boolean drop = regexNot ? index.anyOverlapping(r.start, r.end, x -> compatible(r.bindings, x.bindings))
                            : index.anyContaining(r.start, r.end, x -> (notInside || r.sameRange(x)) && compatible(r.bindings, x.bindings));
                    if (!drop) kept.add(r);
                }
            }
            current = kept;
        }
        if (f.as() != null) {
            // `as: $M` names the whole match, for the conditions that follow
            List<Ranged> named = new ArrayList<>(current.size());
            for (Ranged r : current) {
                Map<String, Binding> b = new LinkedHashMap<>(r.bindings);
                b.put(f.as(), new Binding(r.start, r.end, null)); // the matched code itself
                named.add(new Ranged(r.start, r.end, b, r.fix));
            }
            current = named;
        }
        for (Condition c : conditionsLeft) current = conditions.apply(c, current);
        if (!f.focus().isEmpty()) current = focus(current, f.focus());
        // patterns written after a focus-metavariable apply to the focused range
        for (Formula term : afterFocus) current = intersect(current, evaluate(term));
        if (f.fix() != null) {
            List<Ranged> fixed = new ArrayList<>(current.size());
            for (Ranged r : current) fixed.add(new Ranged(r.start, r.end, r.bindings, f.fix()));
            current = fixed;
        }
        return distinct(current);
    }

    private static boolean overlaps(Ranged a, Ranged b) { return a.start < b.end && b.start < a.end; }

    private static boolean isInside(Formula term) {
        return term instanceof Formula.Inside || term instanceof Formula.Or && insideOnly(term) != null;
    }

    /** What an inside term's ranges come from: the formula of a {@code pattern-inside}, or an either of them. */
    private static Formula insideFormula(Formula term) {
        return term instanceof Formula.Inside ? ((Formula.Inside) term).formula() : term;
    }

    /** A pattern that matches nearly anywhere (a lone metavariable, {@code <... $X ...>}, any def or class), or an either with one. */
    private static boolean isGeneric(Formula term) {
        if (term instanceof Formula.Or) { // an either with a generic alternative matches nearly everywhere too
            for (Formula alternative : ((Formula.Or) term).alternatives()) if (isGeneric(alternative)) return true;
            return false;
        }
        if (!(term instanceof Formula.Pattern)) return false;
        return GENERIC.computeIfAbsent(((Formula.Pattern) term).text(), RuleEngine::isGenericText); // asked per conjunction per file
    }

    private static final Map<String, Boolean> GENERIC = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean isGenericText(String pattern) {
        String text = pattern.strip();
        return METAVARIABLE.matcher(text).matches() || text.startsWith("<...") || ANY_DEFINITION.matcher(text).matches();
    }

    private static final java.util.regex.Pattern METAVARIABLE = java.util.regex.Pattern.compile("\\$[A-Z_][A-Z0-9_]*");

    /** A pattern (or a choice of them) that the file's call or name indexes find the few places of. */
    private static boolean isIndexed(Formula f) {
        if (f instanceof Formula.Pattern) return ((Formula.Pattern) f).compiled() != null && ((Formula.Pattern) f).compiled().isIndexed();
        if (f instanceof Formula.Or) {
            for (Formula g : ((Formula.Or) f).alternatives()) if (!isIndexed(g)) return false;
            return true;
        }
        return false;
    }

    private static boolean anySelectiveInside(Formula.And f) {
        for (Formula term : f.terms()) if (term instanceof Formula.Inside && isSelectiveDefinition(((Formula.Inside) term).formula())) return true;
        return false;
    }

    /**
     * A def or class pattern that few places match, so looking inside its matches first costs less
     * than trying the other terms everywhere: a written name ({@code def __init__(...)}) or a
     * parameter with a written default ({@code def $F(..., $D={}, ...)}).
     */
    private static boolean isSelectiveDefinition(Formula f) {
        if (!(f instanceof Formula.Pattern) || ((Formula.Pattern) f).compiled() == null) return false;
        dev.warden.pattern.Pattern p = ((Formula.Pattern) f).compiled().pattern();
        if (p.isExpression()) return false;
        dev.warden.python.ast.Stmt first = p.statements().get(0);
        String name;
        dev.warden.python.ast.Arguments args;
        if (first instanceof dev.warden.python.ast.Stmt.FunctionDef d) { name = d.name(); args = d.args(); }
        else if (first instanceof dev.warden.python.ast.Stmt.AsyncFunctionDef d) { name = d.name(); args = d.args(); }
        else if (first instanceof dev.warden.python.ast.Stmt.ClassDef c) { name = c.name(); args = null; }
        else return false;
        if (!name.startsWith("$")) return true;
        if (args == null) return false;
        List<dev.warden.python.ast.Expr> defaults = new ArrayList<>(args.defaults());
        for (dev.warden.python.ast.Expr d : args.kwDefaults()) if (d != null) defaults.add(d);
        for (dev.warden.python.ast.Expr d : defaults) {
            boolean any = d instanceof dev.warden.python.ast.Expr.Name && ((dev.warden.python.ast.Expr.Name) d).id().startsWith("$")
                    || d instanceof dev.warden.python.ast.Expr.Constant && ((dev.warden.python.ast.Expr.Constant) d).value() == dev.warden.python.ast.ConstValue.Singleton.ELLIPSIS;
            if (!any) return true;
        }
        return false;
    }

    /** {@code def $F(...): ...} or {@code class $C(...): ...}: any function or class at all. */
    private static final java.util.regex.Pattern ANY_DEFINITION = java.util.regex.Pattern.compile(
            "(?:(?:async\\s+)?def\\s+\\$[A-Z_][A-Z0-9_]*\\s*\\(\\s*\\.\\.\\.\\s*\\)|class\\s+\\$[A-Z_][A-Z0-9_]*\\s*(?:\\(\\s*\\.\\.\\.\\s*\\))?)\\s*:\\s*\\.\\.\\.");

    /** The Inside formulas a negated formula consists of (an Inside, or an Or of them), or null. */
    private static List<Formula> insideOnly(Formula f) {
        if (f instanceof Formula.Inside) return List.of(f);
        if (f instanceof Formula.Or) {
            for (Formula g : ((Formula.Or) f).alternatives()) if (!(g instanceof Formula.Inside)) return null;
            return ((Formula.Or) f).alternatives();
        }
        return null;
    }

    private static boolean after(Position a, Position b) {
        return a != null && b != null && (a.line() > b.line() || (a.line() == b.line() && a.column() > b.column()));
    }

    /** Two positive terms: ranges where one lies within the other; the inner range is kept. */
    private List<Ranged> intersect(List<Ranged> left, List<Ranged> right) {
        List<Ranged> out = new ArrayList<>();
        for (Ranged a : left) {
            for (Ranged b : right) {
                if (!compatible(a.bindings, b.bindings)) continue;
                if (a.inside(b)) out.add(new Ranged(a.start, a.end, merge(a.bindings, b.bindings), a.fix != null ? a.fix : b.fix));
                else if (b.inside(a)) out.add(new Ranged(b.start, b.end, merge(b.bindings, a.bindings), a.fix != null ? a.fix : b.fix));
            }
        }
        return distinct(out);
    }

    private List<Ranged> within(List<Ranged> inner, List<Ranged> outer) {
        List<Ranged> out = new ArrayList<>();
        if (outer.size() < 16) {
            for (Ranged a : inner) {
                for (Ranged b : outer) {
                    if (a.inside(b) && compatible(a.bindings, b.bindings)) out.add(new Ranged(a.start, a.end, merge(a.bindings, b.bindings), a.fix));
                }
            }
            return distinct(out);
        }
        // many outer ranges: only those containing each inner range are visited (RangeIndex), and a
        // metavariable both sides bind to plain identifiers is compared as strings first (the full
        // comparison makes text and compares trees); then in the outer list's order
        int n = outer.size();
        RangeIndex index = new RangeIndex(outer);
        String shared = null;
        if (!inner.isEmpty()) {
            for (String v : outer.get(0).bindings.keySet()) if (inner.get(0).bindings.containsKey(v)) { shared = v; break; }
        }
        String[] outerKeys = new String[n];
        if (shared != null) for (int i = 0; i < n; i++) outerKeys[i] = identifierKey(outer.get(i).bindings.get(shared));
        int[] hits = new int[n];
        for (Ranged a : inner) {
            Binding innerShared = shared == null ? null : a.bindings.get(shared);
            String key = identifierKey(innerShared);
            int found = index.containing(a.start, a.end, hits), count = 0;
            for (int h = 0; h < found; h++) {
                String outerKey = outerKeys[hits[h]];
                if (key != null ? outerKey == null || key.equals(outerKey)
                        : outerKey == null || innerShared == null || mayBeIdentifier(innerShared, outer.get(hits[h]).bindings.get(shared), outerKey)) {
                    hits[count++] = hits[h];
                }
            }
            java.util.Arrays.sort(hits, 0, count);
            for (int h = 0; h < count; h++) {
                Ranged b = outer.get(hits[h]);
                // equal plain identifiers are the same code: the shared metavariable needs no second look
                String checked = key != null && outerKeys[hits[h]] != null ? shared : null;
                if (compatible(a.bindings, b.bindings, checked)) out.add(new Ranged(a.start, a.end, merge(a.bindings, b.bindings), a.fix));
            }
        }
        return distinct(out);
    }

    /**
     * Whether a binding that is no plain identifier ({@link #identifierKey} null) may still be the
     * same code ({@link #sameCode}) as one that is, {@code key}: only at the same range, or, for a
     * node other than a name, when its text is as long as the identifier (its text would have to
     * spell it). A string that is no identifier never is; a name (spelled otherwise than its id)
     * or a run of nodes is left to the full comparison. Lets a join skip, say, every class name
     * against a base written {@code unittest.TestCase}.
     */
    private static boolean mayBeIdentifier(Binding inner, Binding outer, String key) {
        if (outer != null && inner.start() == outer.start() && inner.end() == outer.end() && inner.start() >= 0) return true;
        Object v = inner.value();
        if (v instanceof String) return false;
        if (v instanceof dev.warden.python.ast.Expr && !(v instanceof dev.warden.python.ast.Expr.Name)) return inner.end() - inner.start() == key.length();
        return true;
    }

    /**
     * A binding's text when it is a plain ASCII identifier written as such (a name, or a name bound
     * as a string), else null: two bindings with such texts are the same code only if the texts are equal.
     */
    private String identifierKey(Binding b) {
        if (b == null) return null;
        Object v = b.value();
        boolean name = v instanceof dev.warden.python.ast.Expr.Name;
        String s = v instanceof String ? (String) v : name ? ((dev.warden.python.ast.Expr.Name) v).id() : null;
        if (s == null || s.isEmpty() || name && !source.spells(b.start(), b.end(), s)) return null; // written as its id
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) return null;
        }
        return s;
    }

    private List<Ranged> anywhere(List<Ranged> current, List<Ranged> found) {
        List<Ranged> out = new ArrayList<>();
        for (Ranged a : current) {
            for (Ranged b : found) {
                if (compatible(a.bindings, b.bindings)) out.add(new Ranged(a.start, a.end, merge(a.bindings, b.bindings), a.fix));
            }
        }
        return distinct(out);
    }

    /**
     * {@code focus-metavariable}: one entry listing several metavariables gives a range for each
     * of them; several entries must all hold, which keeps the region they share.
     */
    private List<Ranged> focus(List<Ranged> current, List<Formula.Focus> focus) {
        List<Ranged> out = new ArrayList<>();
        for (Ranged r : current) {
            List<int[]> regions = null;
            for (Formula.Focus f : focus) {
                List<int[]> entry = new ArrayList<>();
                for (String mv : f.metavariables()) {
                    Binding b = r.bindings.get(mv);
                    if (b != null && b.start() >= 0 && b.start() < b.end()) entry.add(new int[] {b.start(), b.end()});
                }
                if (regions == null) {
                    regions = entry;
                } else {
                    List<int[]> shared = new ArrayList<>();
                    for (int[] a : regions) {
                        for (int[] b : entry) {
                            int s0 = Math.max(a[0], b[0]), e0 = Math.min(a[1], b[1]);
                            if (s0 < e0) shared.add(new int[] {s0, e0});
                        }
                    }
                    regions = shared;
                }
            }
            if (regions != null) for (int[] g : regions) out.add(new Ranged(g[0], g[1], r.bindings, r.fix));
        }
        return out;
    }

    // ---- bindings ----------------------------------------------------------------------------

    /** Shared metavariables must stand for the same code. */
    public boolean compatible(Map<String, Binding> a, Map<String, Binding> b) { return compatible(a, b, null); }

    /** {@link #compatible(Map, Map)}, leaving out a metavariable already found the same ({@code checked}, or null). */
    private boolean compatible(Map<String, Binding> a, Map<String, Binding> b, String checked) {
        Map<String, Binding> small = a.size() <= b.size() ? a : b, large = small == a ? b : a;
        for (Map.Entry<String, Binding> e : small.entrySet()) {
            if (e.getKey().equals(checked)) continue;
            Binding other = large.get(e.getKey());
            if (other != null && !sameCode(e.getValue(), other)) return false;
        }
        return true;
    }

    private boolean sameCode(Binding x, Binding y) {
        if (x.start() == y.start() && x.end() == y.end() && x.start() >= 0) return true;
        // the same text (compared in place: no strings made) or equivalent code
        return sameText(x, y) || dev.warden.match.Bindings.equivalent(x, y);
    }

    /** {@code textOf(x).equals(textOf(y))}, comparing the source's bytes where it can. */
    private boolean sameText(Binding x, Binding y) {
        boolean xs = x.value() instanceof String, ys = y.value() instanceof String;
        if (xs && ys) return x.value().equals(y.value());
        if (xs != ys) { // a captured name (a def's, a class's) against code: the code's bytes spell it, when it is ASCII
            String s = (String) (xs ? x.value() : y.value());
            Binding code = xs ? y : x;
            if (inSource(code) && isAscii(s)) return source.spells(code.start(), code.end(), s);
        }
        String kx = identifierKey(x), ky = identifierKey(y);
        if (kx != null && ky != null) return kx.equals(ky); // both plain identifiers: their texts
        if (xs || ys || !inSource(x) || !inSource(y)) return textOf(x).equals(textOf(y));
        int n = x.end() - x.start();
        return n == y.end() - y.start() && java.util.Arrays.equals(source.bytes(), x.start(), x.end(), source.bytes(), y.start(), y.end());
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private boolean inSource(Binding b) { return b.start() >= 0 && b.end() <= source.length() && b.end() >= b.start(); }

    static Map<String, Binding> merge(Map<String, Binding> first, Map<String, Binding> second) {
        if (second.isEmpty()) return first;
        Map<String, Binding> out = new LinkedHashMap<>(first);
        for (Map.Entry<String, Binding> e : second.entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
        return out;
    }

    /** The code a binding stands for: an identifier or captured text as is, else the source it covers. */
    String textOf(Binding b) { return textOf(b, source); }

    /** The code a binding stands for in a source. */
    public static String textOf(Binding b, Source source) {
        if (b.value() instanceof String) return (String) b.value();
        if (b.start() < 0 || b.end() > source.length() || b.end() < b.start()) return "";
        return source.text(b.start(), b.end());
    }

    private static List<Ranged> distinct(List<Ranged> in) {
        if (in.size() < 2) return in;
        Set<Object> seen = new HashSet<>();
        List<Ranged> out = new ArrayList<>(in.size());
        for (Ranged r : in) {
            List<Object> key = new ArrayList<>();
            key.add(r.start);
            key.add(r.end);
            for (Map.Entry<String, Binding> e : r.bindings.entrySet()) {
                key.add(e.getKey());
                key.add(e.getValue().start());
                key.add(e.getValue().end());
                Object v = e.getValue().value();
                key.add(v instanceof dev.warden.python.ast.Located ? ((dev.warden.python.ast.Located) v).start() : -1);
            }
            if (seen.add(key)) out.add(r);
        }
        return out;
    }

    /** The rule's message with {@code $X} replaced by the text bound to it (longest names first). */
    String interpolate(String message, Map<String, Binding> bindings) { return interpolate(message, bindings, source); }

    public static String interpolate(String message, Map<String, Binding> bindings, Source source) {
        if (message == null || bindings.isEmpty() || message.indexOf('$') < 0) return message;
        List<String> names = new ArrayList<>(bindings.keySet());
        names.sort((x, y) -> y.length() - x.length());
        String out = message;
        for (String name : names) out = out.replace(name, textOf(bindings.get(name), source));
        return out;
    }
}
