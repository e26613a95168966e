package dev.warden.rule;

import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;

/** The Python type of an expression when its syntax tells it (for {@code metavariable-type}). */
final class PythonTypes {
    private PythonTypes() {}

    /** Semgrep's language-neutral type names ({@code string}, {@code integer}, ...) as Python's. */
    static String normalize(String type) {
        return switch (type) {
            case "string" -> "str";
            case "integer" -> "int";
            case "boolean" -> "bool";
            default -> type;
        };
    }

    static String of(Object bound) {
        if (!(bound instanceof Expr)) return null;
        Expr e = (Expr) bound;
        if (e instanceof Expr.Constant) {
            ConstValue v = ((Expr.Constant) e).value();
            if (v instanceof ConstValue.Str) return "str";
            if (v instanceof ConstValue.Bytes) return "bytes";
            if (v instanceof ConstValue.Int) return "int";
            if (v instanceof ConstValue.Float) return "float";
            if (v instanceof ConstValue.Imaginary) return "complex";
            if (v == ConstValue.Singleton.TRUE || v == ConstValue.Singleton.FALSE) return "bool";
            return null;
        }
        if (e instanceof Expr.JoinedStr) return "str";
        if (e instanceof Expr.List || e instanceof Expr.ListComp) return "list";
        if (e instanceof Expr.Dict || e instanceof Expr.DictComp) return "dict";
        if (e instanceof Expr.Set || e instanceof Expr.SetComp) return "set";
        if (e instanceof Expr.Tuple) return "tuple";
        if (e instanceof Expr.Call && ((Expr.Call) e).func() instanceof Expr.Name) {
            String f = ((Expr.Name) ((Expr.Call) e).func()).id();
            switch (f) {
                case "str": case "int": case "float": case "bool": case "list": case "dict": case "set": case "tuple": case "bytes":
                    return f;
                default:
                    return null;
            }
        }
        return null;
    }
}
