package dev.warden.taint;

import dev.warden.python.ast.Alias;
import dev.warden.python.ast.Children;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.ExceptHandler;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.MatchCase;
import dev.warden.python.ast.Stmt;
import dev.warden.python.ast.WithItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds the control-flow graph of one function body (or the module's top level). Nested
 * functions and classes' methods are separate graphs; a class body runs inline, as it does when
 * the class statement executes.
 *
 * <p>Exceptions: a step containing a call or a {@code raise} may jump to the innermost handler
 * (or {@code finally}), so handlers of a {@code try} whose body cannot raise are unreachable. A
 * {@code finally} block continues both after the {@code try} and to the enclosing handler.
 */
final class CfgBuilder {
    private final List<Cfg.Node> nodes = new ArrayList<>();
    private final Cfg.Node exit;
    private final Deque<Cfg.Node> catchTargets = new ArrayDeque<>();
    private final Deque<Cfg.Node> finallyEntries = new ArrayDeque<>();
    private final Deque<Cfg.Node[]> loops = new ArrayDeque<>(); // {continue target, break target}

    private CfgBuilder() {
        node(new Instr.Nop(null)); // entry, id 0
        exit = node(new Instr.Nop(null));
    }

    /** The graph of a body; statements after the last one flow to the exit. */
    static Cfg of(List<Stmt> body) {
        CfgBuilder b = new CfgBuilder();
        Cfg.Node end = b.block(body, b.nodes.get(0));
        if (end != null) end.to(b.exit);
        return new Cfg(b.nodes, b.nodes.get(0), b.exit);
    }

    private Cfg.Node node(Instr instr) {
        Cfg.Node n = new Cfg.Node(nodes.size(), instr);
        nodes.add(n);
        return n;
    }

    /** A step after {@code pred} (null: unreachable, then so is the step); may raise if it calls. */
    private Cfg.Node step(Cfg.Node pred, Instr instr, boolean mayRaise) {
        Cfg.Node n = node(instr);
        if (pred != null) pred.to(n);
        if (mayRaise) n.to(catchTarget());
        return n;
    }

    private Cfg.Node catchTarget() { return catchTargets.isEmpty() ? exit : catchTargets.peek(); }

    /** A node the given ones (null: a path that cannot go on) all lead to. */
    private Cfg.Node join(List<Cfg.Node> preds) {
        Cfg.Node j = node(new Instr.Nop(null));
        for (Cfg.Node p : preds) if (p != null) p.to(j);
        return j;
    }

    /** The statements in order; returns the node the flow leaves from, or null when it cannot go on. */
    private Cfg.Node block(List<Stmt> stmts, Cfg.Node pred) {
        Cfg.Node cur = pred;
        for (Stmt s : stmts) cur = stmt(s, cur);
        return cur;
    }

    private static boolean calls(Object... parts) {
        boolean[] found = {false};
        for (Object part : parts) {
            if (part == null || found[0]) continue;
            if (part instanceof List<?> list) {
                for (Object o : list) if (o != null && calls(o)) return true;
                continue;
            }
            if (!(part instanceof dev.warden.python.ast.Node node)) continue;
            Children.walk(node, n -> { if (n instanceof Expr.Call || n instanceof Expr.Await) found[0] = true; });
        }
        return found[0];
    }

    private Cfg.Node stmt(Stmt s, Cfg.Node pred) {
        if (s instanceof Stmt.ExprStmt e) {
            return step(pred, new Instr.Eval(List.of(e.value()), s), calls(e.value()));
        } else if (s instanceof Stmt.Assign a) {
            return step(pred, new Instr.Assign(a.targets(), a.value(), s), calls(a.value(), a.targets()));
        } else if (s instanceof Stmt.AnnAssign a) {
            if (a.value() == null) return step(pred, new Instr.Eval(List.of(), s), false);
            return step(pred, new Instr.Assign(List.of(a.target()), a.value(), s), calls(a.value()));
        } else if (s instanceof Stmt.AugAssign a) {
            return step(pred, new Instr.AugAssign(a.target(), a.value(), s), calls(a.value(), a.target()));
        } else if (s instanceof Stmt.TypeAlias t) {
            return step(pred, new Instr.BindClean(List.of(name(t.name())), s), false);
        } else if (s instanceof Stmt.Return r) {
            Cfg.Node n = step(pred, new Instr.Return(r.value(), s), calls(r.value()));
            n.to(finallyEntries.isEmpty() ? exit : finallyEntries.peek());
            return null;
        } else if (s instanceof Stmt.Raise r) {
            Cfg.Node n = step(pred, new Instr.Raise(r.exc(), r.cause(), s), false);
            n.to(catchTarget());
            return null;
        } else if (s instanceof Stmt.Delete d) {
            return step(pred, new Instr.Delete(d.targets(), s), calls(d.targets()));
        } else if (s instanceof Stmt.Assert a) {
            List<Expr> parts = a.msg() == null ? List.of(a.test()) : List.of(a.test(), a.msg());
            return step(pred, new Instr.Eval(parts, s), true);
        } else if (s instanceof Stmt.Import i) {
            return step(pred, new Instr.BindClean(importNames(i.names(), false), s), true);
        } else if (s instanceof Stmt.ImportFrom i) {
            return step(pred, new Instr.BindClean(importNames(i.names(), true), s), true);
        } else if (s instanceof Stmt.Global || s instanceof Stmt.Nonlocal || s instanceof Stmt.Pass) {
            return step(pred, new Instr.Nop(s), false);
        } else if (s instanceof Stmt.Break b) {
            Cfg.Node n = step(pred, new Instr.Nop(s), false);
            if (!loops.isEmpty()) n.to(loops.peek()[1]);
            return null;
        } else if (s instanceof Stmt.Continue c) {
            Cfg.Node n = step(pred, new Instr.Nop(s), false);
            if (!loops.isEmpty()) n.to(loops.peek()[0]);
            return null;
        } else if (s instanceof Stmt.FunctionDef f) {
            return step(pred, new Instr.Def(s), calls(f.decoratorList(), f.args().defaults(), f.args().kwDefaults()));
        } else if (s instanceof Stmt.AsyncFunctionDef f) {
            return step(pred, new Instr.Def(s), calls(f.decoratorList(), f.args().defaults(), f.args().kwDefaults()));
        } else if (s instanceof Stmt.ClassDef c) {
            Cfg.Node header = step(pred, new Instr.Def(s), calls(c.decoratorList(), c.bases(), c.keywords()));
            // the body runs once, when the class statement does; methods are analysed on their own
            return block(c.body(), header);
        } else if (s instanceof Stmt.If i) {
            Cfg.Node test = step(pred, new Instr.Eval(List.of(i.test()), s), calls(i.test()));
            Cfg.Node thenEnd = block(i.body(), test);
            Cfg.Node elseEnd = i.orelse().isEmpty() ? test : block(i.orelse(), test);
            return join(java.util.Arrays.asList(thenEnd, elseEnd));
        } else if (s instanceof Stmt.While w) {
            Cfg.Node head = step(pred, new Instr.Eval(List.of(w.test()), s), calls(w.test()));
            Cfg.Node after = node(new Instr.Nop(null));
            loops.push(new Cfg.Node[] {head, after});
            Cfg.Node bodyEnd = block(w.body(), head);
            loops.pop();
            if (bodyEnd != null) bodyEnd.to(head);
            if (!isTrue(w.test())) {
                Cfg.Node elseEnd = block(w.orelse(), head);
                if (elseEnd != null) elseEnd.to(after);
            }
            return after;
        } else if (s instanceof Stmt.For f) {
            return loop(pred, f.target(), f.iter(), f.body(), f.orelse(), s);
        } else if (s instanceof Stmt.AsyncFor f) {
            return loop(pred, f.target(), f.iter(), f.body(), f.orelse(), s);
        } else if (s instanceof Stmt.With w) {
            return with(pred, w.items(), w.body(), s);
        } else if (s instanceof Stmt.AsyncWith w) {
            return with(pred, w.items(), w.body(), s);
        } else if (s instanceof Stmt.Try t) {
            return tryStmt(pred, t.body(), t.handlers(), t.orelse(), t.finalbody());
        } else if (s instanceof Stmt.TryStar t) {
            return tryStmt(pred, t.body(), t.handlers(), t.orelse(), t.finalbody());
        } else if (s instanceof Stmt.Match m) {
            Cfg.Node subject = step(pred, new Instr.Eval(List.of(m.subject()), s), calls(m.subject()));
            List<Cfg.Node> ends = new ArrayList<>();
            Cfg.Node fallThrough = subject;
            for (MatchCase c : m.cases()) {
                Cfg.Node bind = step(fallThrough, new Instr.CaseBind(c.pattern(), m.subject(), c.guard(), s), calls(c.guard()));
                ends.add(block(c.body(), bind));
                fallThrough = bind;
            }
            ends.add(fallThrough);
            return join(ends);
        }
        throw new IllegalArgumentException("unknown statement " + s.getClass().getSimpleName());
    }

    private Cfg.Node loop(Cfg.Node pred, Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse, Stmt s) {
        Cfg.Node head = step(pred, new Instr.Bind(target, iter, s), calls(iter));
        Cfg.Node after = node(new Instr.Nop(null));
        loops.push(new Cfg.Node[] {head, after});
        Cfg.Node bodyEnd = block(body, head);
        loops.pop();
        if (bodyEnd != null) bodyEnd.to(head);
        Cfg.Node elseEnd = block(orelse, head);
        if (elseEnd != null) elseEnd.to(after);
        return after;
    }

    private Cfg.Node with(Cfg.Node pred, List<WithItem> items, List<Stmt> body, Stmt s) {
        Cfg.Node cur = pred;
        for (WithItem item : items) cur = step(cur, new Instr.Bind(item.optionalVars(), item.contextExpr(), s), true);
        return block(body, cur);
    }

    private Cfg.Node tryStmt(Cfg.Node pred, List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse, List<Stmt> finalbody) {
        Cfg.Node finallyEntry = finalbody.isEmpty() ? null : node(new Instr.Nop(null));
        Cfg.Node dispatch = handlers.isEmpty() ? finallyEntry : node(new Instr.Nop(null));
        Cfg.Node outerCatch = catchTarget();
        if (finallyEntry != null) finallyEntries.push(finallyEntry);

        catchTargets.push(dispatch);
        Cfg.Node bodyEnd = block(body, pred);
        catchTargets.pop();

        Cfg.Node afterHandlersCatch = finallyEntry != null ? finallyEntry : outerCatch;
        catchTargets.push(afterHandlersCatch);
        Cfg.Node elseEnd = block(orelse, bodyEnd);
        List<Cfg.Node> ends = new ArrayList<>();
        ends.add(elseEnd);
        for (ExceptHandler h : handlers) {
            Cfg.Node entry = node(new Instr.BindClean(h.name() == null ? List.of() : List.of(h.name()), null));
            dispatch.to(entry);
            ends.add(block(h.body(), entry));
        }
        catchTargets.pop();
        if (finallyEntry != null) finallyEntries.pop();

        if (finallyEntry == null) return join(ends);
        if (!handlers.isEmpty()) dispatch.to(finallyEntry); // an exception no handler catches
        for (Cfg.Node e : ends) if (e != null) e.to(finallyEntry);
        Cfg.Node finEnd = block(finalbody, finallyEntry);
        if (finEnd != null) finEnd.to(outerCatch); // an exception on its way out
        return finEnd;
    }

    private static boolean isTrue(Expr test) {
        return test instanceof Expr.Constant c && c.value() == ConstValue.Singleton.TRUE;
    }

    private static String name(Expr e) { return e instanceof Expr.Name n ? n.id() : "?"; }

    private static List<String> importNames(List<Alias> names, boolean from) {
        List<String> out = new ArrayList<>();
        for (Alias a : names) {
            String bound = a.asname() != null ? a.asname() : from ? a.name() : a.name().split("\\.")[0];
            if (!bound.equals("*")) out.add(bound);
        }
        return out;
    }
}
