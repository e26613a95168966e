package dev.warden.match;

import dev.warden.python.ast.Expr;

/**
 * A quick rejection of targets that a pattern cannot match, judged by the names it spells at the
 * right end of a dotted chain or callee: {@code exec(...)}, {@code os.system(...)},
 * {@code $D.append(...)}, {@code os.$METHOD(...)} or {@code request.$W[...]} only match where that name is written, or
 * where a plain name could stand for it: an import alias ({@code from os import system as run}),
 * a wildcard import, or, with symbolic propagation, a variable. Anything the matcher could accept
 * is let through; patterns of other shapes get no filter.
 */
abstract class NameFilter {
    /** False when the target cannot match (a null target never does). */
    final boolean mayMatch(Expr target, FileContext file) { return target != null && accepts(target, file); }

    abstract boolean accepts(Expr target, FileContext file);

    /** The filter's structure as text: equal keys accept the same targets in a file (so the answer can be shared). */
    abstract String key();

    /**
     * For a call filter: the identifier the callee of an accepted call ends with, unless it is a
     * plain name that may stand for another (see {@link FileFacts#callsEndingIn}); else null.
     */
    String calleeLastName() { return null; }

    /**
     * For a call filter {@code a.b.$M(...)}: the identifier the receiver of an accepted call's
     * callee ends with, unless an import may stand for it (see {@link FileFacts#callsOnReceiverEndingIn}); else null.
     */
    String receiverLastName() { return null; }

    /** The filter for a pattern expression, or null when it has none. */
    static NameFilter of(Expr pattern) {
        if (pattern instanceof Expr.Call) {
            NameFilter callee = of(((Expr.Call) pattern).func());
            return callee == null ? null : new Call(callee);
        }
        if (pattern instanceof Expr.Subscript) {
            NameFilter value = of(((Expr.Subscript) pattern).value());
            return value == null ? null : new Indexed(value);
        }
        String literal = DottedNames.literal(pattern);
        if (literal != null) return new Dotted(literal);
        if (pattern instanceof Expr.Attribute) {
            Expr.Attribute a = (Expr.Attribute) pattern;
            if (a.attr().equals("...")) return null;
            if (!a.attr().startsWith("$")) return new Named(a.attr());
            NameFilter receiver = of(a.value());
            return receiver == null ? null : new OfReceiver(receiver);
        }
        return null;
    }

    /**
     * A plain name the matcher may still accept: an imported name, or (symbolic propagation) a
     * variable whose one known value this filter accepts.
     */
    final boolean mayStandForAnother(Expr.Name name, FileContext file) {
        return file.imports().isImported(name.id()) || holdsAccepted(name, file);
    }

    /** With symbolic propagation: whether the name's known value (which the matcher also tries) is accepted. */
    final boolean holdsAccepted(Expr.Name name, FileContext file) {
        if (!file.options().symbolicPropagation()) return false;
        Expr value = file.symbolicValue(name);
        // one step: a value that is itself a name is let through
        return value != null && (value instanceof Expr.Name || accepts(value, file));
    }

    /**
     * Whether the leftmost name of an attribute chain is imported (it may then be an alias), and
     * when the chain must stand for a known dotted name, is imported as a prefix of it
     * ({@code r.api} for {@code requests.api} after {@code import requests as r}).
     */
    private static boolean importedHead(Expr chain, String dotted, FileContext file) {
        Expr head = chain;
        int attributes = 0;
        while (head instanceof Expr.Attribute) {
            head = ((Expr.Attribute) head).value();
            attributes++;
        }
        if (!(head instanceof Expr.Name)) return false;
        String id = ((Expr.Name) head).id();
        if (dotted == null) return file.imports().isImported(id);
        // the head stands for what is left of the dotted name once the chain's attributes are taken off its end
        String prefix = dotted;
        for (int i = 0; i < attributes; i++) {
            int dot = prefix.lastIndexOf('.');
            if (dot < 0) return file.imports().isImported(id); // a longer chain than the name: let the matcher judge
            prefix = prefix.substring(0, dot);
        }
        return file.imports().mayStandFor(id, prefix, false);
    }

    /** The dotted name a filter stands for ({@code a.b.c}), or null when it is not one. */
    private static String dottedOf(NameFilter f) { return f instanceof Dotted ? ((Dotted) f).dotted : null; }

    /** {@code P(...)}: a call whose callee may match P (or a variable, with symbolic propagation). */
    private static final class Call extends NameFilter {
        private final NameFilter callee;

        Call(NameFilter callee) { this.callee = callee; }

        @Override
        String key() { return "C(" + callee.key() + ")"; }

        @Override
        String calleeLastName() {
            if (callee instanceof Dotted) return ((Dotted) callee).last;
            if (callee instanceof Named) return ((Named) callee).attr;
            return null;
        }

        @Override
        String receiverLastName() {
            return callee instanceof OfReceiver && ((OfReceiver) callee).receiver instanceof Dotted
                    ? ((Dotted) ((OfReceiver) callee).receiver).last : null;
        }

        @Override
        boolean accepts(Expr t, FileContext file) {
            if (t instanceof Expr.Call) return callee.mayMatch(((Expr.Call) t).func(), file);
            return t instanceof Expr.Name && holdsAccepted((Expr.Name) t, file);
        }
    }

    /** {@code P[...]}: a subscript of a value that may match P (or a variable, with symbolic propagation). */
    private static final class Indexed extends NameFilter {
        private final NameFilter value;

        Indexed(NameFilter value) { this.value = value; }

        @Override
        String key() { return "I(" + value.key() + ")"; }

        @Override
        boolean accepts(Expr t, FileContext file) {
            if (t instanceof Expr.Subscript) return value.mayMatch(((Expr.Subscript) t).value(), file);
            return t instanceof Expr.Name && holdsAccepted((Expr.Name) t, file);
        }
    }

    /** {@code a.b.c} with no metavariable: an attribute named c, or a plain name that is or may stand for it. */
    private static final class Dotted extends NameFilter {
        private final String dotted;
        private final String last;

        Dotted(String dotted) {
            this.dotted = dotted;
            this.last = dotted.substring(dotted.lastIndexOf('.') + 1);
        }

        @Override
        String key() { return "D:" + dotted; }

        @Override
        boolean accepts(Expr t, FileContext file) {
            if (t instanceof Expr.Attribute) return ((Expr.Attribute) t).attr().equals(last);
            if (!(t instanceof Expr.Name)) return false;
            Expr.Name n = (Expr.Name) t;
            // a wildcard import brings a name in under its own name: `system` may be os.system
            return n.id().equals(dotted) || file.imports().mayStandFor(n.id(), dotted, false) || holdsAccepted(n, file)
                    || n.id().equals(last) && !file.wildcardModules().isEmpty();
        }
    }

    /** {@code X.name} where X is not a plain dotted name: an attribute of that name. */
    private static final class Named extends NameFilter {
        private final String attr;

        Named(String attr) { this.attr = attr; }

        @Override
        String key() { return "N:" + attr; }

        @Override
        boolean accepts(Expr t, FileContext file) {
            if (t instanceof Expr.Attribute) return ((Expr.Attribute) t).attr().equals(attr);
            // an import renames only a written dotted chain: a plain name is X.name only through its known value
            return t instanceof Expr.Name && holdsAccepted((Expr.Name) t, file);
        }
    }

    /** {@code R.$M}: an attribute (any name) of a receiver that may match R. */
    private static final class OfReceiver extends NameFilter {
        private final NameFilter receiver;

        OfReceiver(NameFilter receiver) { this.receiver = receiver; }

        @Override
        String key() { return "R(" + receiver.key() + ")"; }

        @Override
        boolean accepts(Expr t, FileContext file) {
            if (t instanceof Expr.Attribute) {
                return receiver.mayMatch(((Expr.Attribute) t).value(), file) || importedHead(((Expr.Attribute) t).value(), dottedOf(receiver), file);
            }
            if (!(t instanceof Expr.Name)) return false;
            String dotted = dottedOf(receiver);
            // a plain name for R.$M: imported as something inside R (get after from requests import get)
            return dotted == null ? mayStandForAnother((Expr.Name) t, file)
                    : file.imports().mayStandFor(((Expr.Name) t).id(), dotted, true) || holdsAccepted((Expr.Name) t, file);
        }
    }
}
