package dev.warden.match;

import dev.warden.python.ast.Expr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Expressions of a file grouped by a name they end in (a call's callee, a receiver, a dotted
 * name), plus those an import alias may make stand for any name: the only places a pattern ending
 * in that name can match. Answers are kept per name, as many patterns ask for the same one.
 */
final class NameIndex {
    private final Map<String, List<Expr>> byName;
    private final List<Expr> aliases = new ArrayList<>();
    private final Map<String, List<Expr>> answers = new HashMap<>();

    /** {@code name}: the name an expression ends in (null: none); {@code alias}: whether it may stand for any. */
    NameIndex(List<Expr> expressions, Function<Expr, String> name, Predicate<Expr> alias) {
        byName = new HashMap<>();
        for (int i = 0; i < expressions.size(); i++) {
            Expr e = expressions.get(i);
            String n = name.apply(e);
            if (n != null) byName.computeIfAbsent(n, k -> new ArrayList<>(2)).add(e);
            if (alias.test(e)) aliases.add(e);
        }
    }

    private NameIndex(Map<String, List<Expr>> byName, List<Expr> expressions, Predicate<Expr> alias) {
        this.byName = byName;
        for (int i = 0; i < expressions.size(); i++) if (alias.test(expressions.get(i))) aliases.add(expressions.get(i));
    }

    /** The same expressions by the same names, with other aliases (the names need not be grouped again). */
    NameIndex withAliases(List<Expr> expressions, Predicate<Expr> alias) { return new NameIndex(byName, expressions, alias); }

    /** The expressions ending in a name {@code accepted} holds, and those that may stand for any, in file order. */
    List<Expr> candidates(Predicate<String> accepted) {
        Set<Expr> both = Collections.newSetFromMap(new IdentityHashMap<>());
        byName.forEach((name, es) -> {
            if (accepted.test(name)) both.addAll(es);
        });
        both.addAll(aliases);
        List<Expr> out = new ArrayList<>(both);
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    /** The expressions ending in {@code name}, and those that may stand for it. */
    List<Expr> candidates(String name) {
        List<Expr> named = byName.getOrDefault(name, List.of());
        if (aliases.isEmpty()) return named;
        List<Expr> cached = answers.get(name);
        if (cached != null) return cached;
        Set<Expr> both = Collections.newSetFromMap(new IdentityHashMap<>());
        both.addAll(named);
        both.addAll(aliases);
        List<Expr> out = new ArrayList<>(both);
        answers.put(name, out);
        return out;
    }
}
