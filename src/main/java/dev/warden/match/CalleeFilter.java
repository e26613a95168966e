package dev.warden.match;

import dev.warden.python.ast.Expr;

/**
 * A quick rejection of calls that a call pattern cannot match, judged by the callee's last name
 * alone: {@code exec(...)}, {@code os.system(...)} or {@code $X.append(...)} only match a call whose
 * callee is an attribute of that name, or a plain name that is that name, an import alias
 * ({@code from os import system as run}), brought in by a wildcard import, or, with symbolic
 * propagation, a variable. Anything the matcher could accept is let through.
 */
final class CalleeFilter {
    private final String name;
    /** Whether the pattern's callee is a plain dotted name (no metavariable), which a same-named plain name matches. */
    private final boolean dotted;

    private CalleeFilter(String name, boolean dotted) {
        this.name = name;
        this.dotted = dotted;
    }

    /** The filter for a pattern's root, or null when it is not a call with a named callee. */
    static CalleeFilter of(Expr pattern) {
        if (!(pattern instanceof Expr.Call)) return null;
        Expr callee = ((Expr.Call) pattern).func();
        String literal = DottedNames.literal(callee);
        if (literal != null) return new CalleeFilter(literal.substring(literal.lastIndexOf('.') + 1), true);
        if (callee instanceof Expr.Attribute) {
            String attr = ((Expr.Attribute) callee).attr();
            if (!attr.startsWith("$") && !attr.equals("...")) return new CalleeFilter(attr, false);
        }
        return null;
    }

    /** False when the call cannot match the pattern. */
    boolean mayMatch(Expr.Call call, FileContext file) {
        Expr callee = call.func();
        if (callee instanceof Expr.Attribute) return ((Expr.Attribute) callee).attr().equals(name);
        if (!(callee instanceof Expr.Name)) return false;
        String id = ((Expr.Name) callee).id();
        if (file.options().symbolicPropagation() || file.imports().isImported(id)) return true;
        return dotted && (id.equals(name) || !file.wildcardModules().isEmpty());
    }
}
