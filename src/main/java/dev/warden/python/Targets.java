package dev.warden.python;

import static dev.warden.python.TokenKind.*;

import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Assignment and deletion targets: parsing target lists (for loops, comprehensions, with items,
 * del) and turning an expression parsed as a load into a store or delete, with CPython's
 * messages for what cannot be assigned to.
 */
final class Targets {
    private final ExpressionParser p;

    Targets(ExpressionParser parser) { this.p = parser; }

    /** star_targets: used where the next token after the targets is 'in', '=' or similar. */
    Expr starTargets() {
        int s = p.tokStart();
        Expr first = starTarget();
        if (!p.at(COMMA)) return first;
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (p.eat(COMMA)) {
            if (p.at(IN) || p.at(EQUAL) || p.at(RPAR) || p.at(RSQB) || p.at(COLON) || p.at(NEWLINE)) break;
            elts.add(starTarget());
        }
        return new Expr.Tuple(elts, ExprContext.Store, s, p.prevEnd());
    }

    Expr starTarget() {
        if (p.at(STAR)) {
            int s = p.tokStart();
            p.advance();
            if (p.at(STAR)) throw p.invalidSyntax();
            Expr v = starTarget();
            return new Expr.Starred(v, ExprContext.Store, s, p.prevEnd());
        }
        Expr e = p.primary();
        return convert(e, ExprContext.Store, false);
    }

    /** del_targets */
    List<Expr> delTargets() {
        List<Expr> out = new ArrayList<>();
        do {
            if (p.at(NEWLINE) || p.at(SEMI)) break;
            out.add(convert(p.primary(), ExprContext.Del, false));
        } while (p.eat(COMMA));
        return out;
    }

    /** Rebuilds {@code e} with a store or delete context, or fails as CPython does. */
    Expr convert(Expr e, ExprContext ctx, boolean assignmentStatement) {
        if (e instanceof Expr.Name) {
            Expr.Name n = (Expr.Name) e;
            if (ctx == ExprContext.Store && "__debug__".equals(n.id())) throw p.error("cannot assign to __debug__", n.start(), n.end());
            return new Expr.Name(n.id(), ctx, n.start(), n.end());
        }
        if (e instanceof Expr.Attribute) {
            Expr.Attribute a = (Expr.Attribute) e;
            if (ctx == ExprContext.Store && "__debug__".equals(a.attr())) throw p.error("cannot assign to __debug__", a.start(), a.end());
            return new Expr.Attribute(a.value(), a.attr(), ctx, a.start(), a.end());
        }
        if (e instanceof Expr.Subscript) {
            Expr.Subscript s = (Expr.Subscript) e;
            return new Expr.Subscript(s.value(), s.slice(), ctx, s.start(), s.end());
        }
        if (e instanceof Expr.Tuple) {
            Expr.Tuple t = (Expr.Tuple) e;
            return new Expr.Tuple(convertAll(t.elts(), ctx, assignmentStatement), ctx, t.start(), t.end());
        }
        if (e instanceof Expr.List) {
            Expr.List l = (Expr.List) e;
            return new Expr.List(convertAll(l.elts(), ctx, assignmentStatement), ctx, l.start(), l.end());
        }
        if (e instanceof Expr.Starred && ctx == ExprContext.Store) {
            Expr.Starred s = (Expr.Starred) e;
            return new Expr.Starred(convert(s.value(), ctx, assignmentStatement), ctx, s.start(), s.end());
        }
        if (p.patternMode && (ExpressionParser.isEllipsis(e) || e instanceof Expr.DeepEllipsis)) return e;
        String verb = ctx == ExprContext.Del ? "delete" : "assign to";
        String what = describe(e);
        String hint = assignmentStatement && !(e instanceof Expr.Starred) && ctx == ExprContext.Store
                && !(e instanceof Expr.Compare) ? " here. Maybe you meant '==' instead of '='?" : "";
        if (e instanceof Expr.Starred) throw p.error("cannot " + verb + " starred", e.start(), e.end());
        throw p.error("cannot " + verb + " " + what + hint, e.start(), e.end());
    }

    private List<Expr> convertAll(List<Expr> elts, ExprContext ctx, boolean assignmentStatement) {
        List<Expr> out = new ArrayList<>(elts.size());
        for (Expr x : elts) out.add(convert(x, ctx, assignmentStatement));
        return out;
    }

    /** CPython's names for expression kinds in error messages. */
    static String describe(Expr e) {
        if (e instanceof Expr.Call) return "function call";
        if (e instanceof Expr.Constant) {
            ConstValue v = ((Expr.Constant) e).value();
            if (v == ConstValue.Singleton.NONE) return "None";
            if (v == ConstValue.Singleton.TRUE) return "True";
            if (v == ConstValue.Singleton.FALSE) return "False";
            if (v == ConstValue.Singleton.ELLIPSIS) return "ellipsis";
            return "literal";
        }
        if (e instanceof Expr.Compare) return "comparison";
        if (e instanceof Expr.BinOp || e instanceof Expr.UnaryOp || e instanceof Expr.BoolOp) return "expression";
        if (e instanceof Expr.Lambda) return "lambda";
        if (e instanceof Expr.IfExp) return "conditional expression";
        if (e instanceof Expr.NamedExpr) return "named expression";
        if (e instanceof Expr.Dict) return "dict literal";
        if (e instanceof Expr.Set) return "set display";
        if (e instanceof Expr.JoinedStr || e instanceof Expr.FormattedValue) return "f-string expression";
        if (e instanceof Expr.ListComp) return "list comprehension";
        if (e instanceof Expr.SetComp) return "set comprehension";
        if (e instanceof Expr.DictComp) return "dict comprehension";
        if (e instanceof Expr.GeneratorExp) return "generator expression";
        if (e instanceof Expr.Await) return "await expression";
        if (e instanceof Expr.Yield || e instanceof Expr.YieldFrom) return "yield expression";
        if (e instanceof Expr.Starred) return "starred";
        if (e instanceof Expr.Tuple) return "tuple";
        if (e instanceof Expr.List) return "list";
        if (e instanceof Expr.Name) return "name";
        if (e instanceof Expr.Attribute) return "attribute";
        if (e instanceof Expr.Subscript) return "subscript";
        if (e instanceof Expr.Slice) return "slice";
        return "expression";
    }
}
