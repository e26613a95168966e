package dev.warden.rule;

import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Types a file declares for names, for {@code metavariable-type} on a variable: a function's
 * annotated parameters ({@code def f(a: str)}) hold within its body, and annotated assignments
 * ({@code x: int = ...}) within their scope. The annotation must be a plain name or a dotted name
 * ({@code str}, {@code typing.List} gives {@code List}); the innermost declaring scope wins.
 */
final class DeclaredTypes {
    /** A scope: its byte range and the types it declares by name. */
    private record Scope(int start, int end, Map<String, String> types) {}

    private final List<Scope> scopes = new ArrayList<>();

    DeclaredTypes(Mod module) {
        Map<String, String> top = new HashMap<>();
        scopes.add(new Scope(0, Integer.MAX_VALUE, top));
        collect(module, top);
    }

    private void collect(dev.warden.python.ast.Node node, Map<String, String> scope) {
        Children.forEach(node, child -> visit(child, scope));
    }

    private void visit(dev.warden.python.ast.Node node, Map<String, String> scope) {
        if (node instanceof Stmt.FunctionDef f) {
            function(f.args(), f.body(), f.start(), f.end());
        } else if (node instanceof Stmt.AsyncFunctionDef f) {
            function(f.args(), f.body(), f.start(), f.end());
        } else {
            if (node instanceof Stmt.AnnAssign a && a.target() instanceof Expr.Name n) {
                String t = typeName(a.annotation());
                if (t != null) scope.put(n.id(), t);
            }
            collect(node, scope);
        }
    }

    private void function(Arguments args, List<Stmt> body, int start, int end) {
        Map<String, String> types = new HashMap<>();
        List<Arg> all = new ArrayList<>(args.posonlyargs());
        all.addAll(args.args());
        all.addAll(args.kwonlyargs());
        for (Arg a : all) {
            String t = typeName(a.annotation());
            if (t != null) types.put(a.arg(), t);
        }
        scopes.add(new Scope(start, end, types));
        for (Stmt s : body) visit(s, types);
    }

    private static String typeName(Expr annotation) {
        if (annotation instanceof Expr.Name n) return n.id();
        if (annotation instanceof Expr.Attribute a) return a.attr();
        return null;
    }

    /** The declared type of the name used at {@code offset}, or null. */
    String of(String name, int offset) {
        Scope best = null;
        for (Scope s : scopes) {
            if (s.start <= offset && offset < s.end && s.types.containsKey(name)
                    && (best == null || s.start >= best.start && s.end <= best.end)) best = s;
        }
        return best == null ? null : best.types.get(name);
    }
}
