package dev.warden.match;

import dev.warden.python.ast.Expr;

/** Dotted names ({@code a.b.c}) written with plain names only. */
final class DottedNames {
    private DottedNames() {}

    /** {@code a.b.c} for a Name or an Attribute chain over a Name, none of them a metavariable; else null. */
    static String literal(Expr e) {
        if (e instanceof Expr.Name) {
            String id = ((Expr.Name) e).id();
            return id.startsWith("$") ? null : id;
        }
        if (e instanceof Expr.Attribute) {
            Expr.Attribute a = (Expr.Attribute) e;
            if (a.attr().startsWith("$") || a.attr().equals("...")) return null;
            String base = literal(a.value());
            return base == null ? null : base + "." + a.attr();
        }
        return null;
    }
}
