package dev.warden.rule;

import dev.warden.match.Binding;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The metavariable conditions of a conjunction, each a filter on (and maybe an extension of) its ranges. */
final class Conditions {
    private final RuleEngine engine;

    Conditions(RuleEngine engine) { this.engine = engine; }

    /** Whether a condition only keeps or drops ranges (all but {@code metavariable-pattern}, which adds bindings). */
    static boolean isFilter(Condition c) { return !(c instanceof Condition.MetavariablePattern); }

    List<RuleEngine.Ranged> apply(Condition c, List<RuleEngine.Ranged> in) {
        List<RuleEngine.Ranged> out = new ArrayList<>();
        List<RuleEngine.Ranged> inner = c instanceof Condition.MetavariablePattern m ? innerMatches(m, in) : null;
        for (RuleEngine.Ranged r : in) {
            if (c instanceof Condition.MetavariablePattern) {
                out.addAll(metavariablePattern((Condition.MetavariablePattern) c, r, inner));
            } else if (holds(c, r.bindings())) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * A Python {@code metavariable-pattern}'s matches around the code its metavariable is bound
     * to in any of the ranges (one evaluation for all of them, restricted to those places, not the
     * whole file); null when it is not evaluated that way (other languages, or a conjunction
     * without a positive term, which starts from each bound range in turn).
     */
    private List<RuleEngine.Ranged> innerMatches(Condition.MetavariablePattern c, List<RuleEngine.Ranged> in) {
        String language = c.language() == null ? "python" : c.language();
        if (language.equals("regex") || language.equals("generic") || RuleEngine.startsFromScope(c.formula())) return null;
        int[] starts = new int[in.size()], ends = new int[in.size()];
        boolean any = false;
        for (int i = 0; i < starts.length; i++) {
            Binding b = in.get(i).bindings().get(c.metavariable());
            starts[i] = b == null ? -1 : b.start(); // a negative start is no place: left out
            ends[i] = b == null ? -1 : b.end();
            any |= starts[i] >= 0;
        }
        return any ? engine.evaluateAround(c.formula(), dev.warden.match.Candidates.of(starts, ends)) : List.of();
    }

    /** Parsed comparisons by text (immutable; the loader has already checked they parse). */
    private static final Map<String, Comparison> COMPARISONS = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean holds(Condition c, Map<String, Binding> bindings) {
        if (c instanceof Condition.MetavariableRegex) {
            Condition.MetavariableRegex m = (Condition.MetavariableRegex) c;
            Binding b = bindings.get(m.metavariable());
            if (b == null) return false;
            String text = m.constantPropagation() ? constantText(b) : engine.textOf(b);
            return text != null && m.regex().matcher(text).lookingAt();
        }
        if (c instanceof Condition.MetavariableComparison) {
            Condition.MetavariableComparison m = (Condition.MetavariableComparison) c;
            Comparison comparison = COMPARISONS.computeIfAbsent(m.comparison(), Comparison::parse); // held per result
            return comparison.test(name -> {
                Binding b = bindings.get(name);
                if (b == null) return null;
                boolean strip = m.strip() && (m.metavariable() == null || m.metavariable().equals(name));
                return Comparison.valueOf(engine.textOf(b), strip, m.base());
            });
        }
        if (c instanceof Condition.MetavariableAnalysis) {
            Condition.MetavariableAnalysis m = (Condition.MetavariableAnalysis) c;
            Binding b = bindings.get(m.metavariable());
            if (b == null) return false;
            String value = constantText(b);
            return Analyzers.flags(m.analyzer(), value != null ? value : engine.textOf(b));
        }
        if (c instanceof Condition.MetavariableType) {
            Condition.MetavariableType m = (Condition.MetavariableType) c;
            Binding b = bindings.get(m.metavariable());
            String type = b == null ? null : PythonTypes.of(b.value());
            if (type == null && b != null && b.value() instanceof dev.warden.python.ast.Expr.Name n) {
                type = engine.declaredTypes().of(n.id(), b.start());
            }
            if (type == null) return false;
            for (String wanted : m.types()) if (type.equals(PythonTypes.normalize(wanted))) return true;
            return false;
        }
        return true;
    }

    /** The string a binding holds when it is a string constant (for analyses and constant-propagation regexes). */
    private String constantText(Binding b) {
        if (b.value() instanceof Expr) {
            ConstValue v = b.value() instanceof Expr.Constant ? ((Expr.Constant) b.value()).value()
                    : engine.constants().evaluate((Expr) b.value());
            if (v instanceof ConstValue.Str) return ((ConstValue.Str) v).value();
            if (v instanceof ConstValue.Int) return ((ConstValue.Int) v).value().toString();
        }
        return engine.textOf(b);
    }

    /**
     * {@code metavariable-pattern}: the nested formula must match within the bound code (or, for
     * {@code language: generic}/{@code regex}, within its text); its bindings join the range's.
     */
    /** {@code inner}: the formula's matches around the bound code ({@link #innerMatches}), or null to evaluate them here. */
    private List<RuleEngine.Ranged> metavariablePattern(Condition.MetavariablePattern c, RuleEngine.Ranged r, List<RuleEngine.Ranged> inner) {
        Binding b = r.bindings().get(c.metavariable());
        if (b == null || b.start() < 0) return List.of();
        List<RuleEngine.Ranged> out = new ArrayList<>();
        String language = c.language() == null ? "python" : c.language();
        if (language.equals("regex") || language.equals("generic")) {
            if (textHolds(c.formula(), engine.textOf(b))) out.add(r);
            return out;
        }
        if (b.value() instanceof String) {
            // an identifier (a function, attribute or keyword name) or captured text
            Boolean holds = identifierMatches(c.formula(), (String) b.value());
            if (holds != null) {
                if (holds) out.add(r);
                return out;
            }
        }
        RuleEngine.Ranged scope = new RuleEngine.Ranged(b.start(), b.end(), r.bindings());
        for (RuleEngine.Ranged m : inner != null ? inner : engine.evaluateWithin(c.formula(), scope)) {
            if (b.start() <= m.start() && m.end() <= b.end() && engine.compatible(r.bindings(), m.bindings())) {
                out.add(new RuleEngine.Ranged(r.start(), r.end(), RuleEngine.merge(r.bindings(), m.bindings()), r.fix()));
            }
        }
        return out;
    }

    /**
     * A formula applied to a bare identifier: patterns that are names compare with it, regexes
     * search it; null when the formula says nothing about identifiers.
     */
    private static Boolean identifierMatches(Formula f, String id) {
        if (f instanceof Formula.Pattern) {
            Formula.Pattern p = (Formula.Pattern) f;
            if (p.compiled() == null || !p.compiled().pattern().isExpression()) return null;
            Expr e = p.compiled().pattern().expression();
            if (!(e instanceof Expr.Name)) return null;
            String want = ((Expr.Name) e).id();
            return want.startsWith("$") || want.equals(id);
        }
        if (f instanceof Formula.Regex) return ((Formula.Regex) f).compiled().matcher(id).find();
        if (f instanceof Formula.Or) {
            boolean any = false;
            for (Formula g : ((Formula.Or) f).alternatives()) {
                Boolean m = identifierMatches(g, id);
                if (m == null) return null;
                any |= m;
            }
            return any;
        }
        if (f instanceof Formula.And) {
            Formula.And a = (Formula.And) f;
            if (!a.conditions().isEmpty() || !a.focus().isEmpty()) return null;
            boolean all = true;
            for (Formula g : a.terms()) {
                boolean negated = g instanceof Formula.Not;
                Boolean m = identifierMatches(negated ? ((Formula.Not) g).formula() : g, id);
                if (m == null) return null;
                all &= negated != m;
            }
            return all;
        }
        return null;
    }

    /**
     * A nested formula of {@code language: regex}/{@code generic} on a text: regexes (and generic
     * patterns turned into regexes) search it; in a conjunction every positive term must match
     * and no negated one ({@code pattern-not-regex}) may match anywhere.
     */
    private static boolean textHolds(Formula f, String text) {
        if (f instanceof Formula.Regex) return ((Formula.Regex) f).compiled().matcher(text).find();
        if (f instanceof Formula.Pattern) {
            return GENERIC_REGEXES.computeIfAbsent(((Formula.Pattern) f).text(), Conditions::genericPattern).matcher(text).find();
        }
        if (f instanceof Formula.Or) {
            for (Formula g : ((Formula.Or) f).alternatives()) if (textHolds(g, text)) return true;
            return false;
        }
        if (f instanceof Formula.And) {
            boolean anyPositive = false;
            for (Formula g : ((Formula.And) f).terms()) {
                if (g instanceof Formula.Not) {
                    if (textHolds(((Formula.Not) g).formula(), text)) return false;
                } else if (g instanceof Formula.NotInside) {
                    if (textHolds(((Formula.NotInside) g).formula(), text)) return false;
                } else {
                    anyPositive = true;
                    if (!textHolds(g instanceof Formula.Inside ? ((Formula.Inside) g).formula() : g, text)) return false;
                }
            }
            return anyPositive;
        }
        return false;
    }

    /** Generic patterns as regexes, by pattern text: made once, not for every binding checked. */
    private static final java.util.Map<String, Pattern> GENERIC_REGEXES = new java.util.concurrent.ConcurrentHashMap<>();

    /** A generic-mode pattern as a regex: {@code ...} any text, {@code $X} a word, blanks flexible. */
    static Pattern genericPattern(String pattern) {
        StringBuilder re = new StringBuilder();
        String p = pattern.strip();
        for (int i = 0; i < p.length(); ) {
            if (p.startsWith("...", i)) {
                re.append("[\\s\\S]*?");
                i += 3;
            } else if (p.charAt(i) == '$' && i + 1 < p.length() && Character.isUpperCase(p.charAt(i + 1))) {
                int j = i + 1;
                while (j < p.length() && (Character.isUpperCase(p.charAt(j)) || Character.isDigit(p.charAt(j)) || p.charAt(j) == '_')) j++;
                re.append("\\S+?");
                i = j;
            } else if (Character.isWhitespace(p.charAt(i))) {
                re.append("\\s*");
                while (i < p.length() && Character.isWhitespace(p.charAt(i))) i++;
            } else {
                re.append(Pattern.quote(String.valueOf(p.charAt(i))));
                i++;
            }
        }
        return Pattern.compile(re.toString());
    }
}
