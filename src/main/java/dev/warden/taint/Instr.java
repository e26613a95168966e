package dev.warden.taint;

import dev.warden.python.ast.CasePattern;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Stmt;
import java.util.List;

/**
 * One step of the small IR the taint analysis runs on: a statement's effect on variables, with
 * the expressions kept as they are in the AST (evaluating them gives their taint). {@code stmt}
 * is the statement the step comes from, for sinks that match whole statements.
 */
sealed interface Instr {
    Stmt stmt();

    /** Join points, entry and exit. */
    record Nop(Stmt stmt) implements Instr {}

    /** Expressions evaluated for their effects and sinks: expression statements, tests, asserts. */
    record Eval(List<Expr> exprs, Stmt stmt) implements Instr {}

    /** {@code t1 = t2 = value} (also annotated assignments and the walrus at statement level). */
    record Assign(List<Expr> targets, Expr value, Stmt stmt) implements Instr {}

    /** {@code target op= value}: the target keeps its taint and gains the value's. */
    record AugAssign(Expr target, Expr value, Stmt stmt) implements Instr {}

    /** {@code for target in from} / {@code with from as target}: the target gets {@code from}'s taint. */
    record Bind(Expr target, Expr from, Stmt stmt) implements Instr {}

    /** Names bound to something untainted: {@code except E as e}, imports, {@code global}. */
    record BindClean(List<String> names, Stmt stmt) implements Instr {}

    /** {@code case pattern:} capture names get the subject's taint. */
    record CaseBind(CasePattern pattern, Expr subject, Expr guard, Stmt stmt) implements Instr {}

    record Return(Expr value, Stmt stmt) implements Instr {}

    record Raise(Expr exc, Expr cause, Stmt stmt) implements Instr {}

    record Delete(List<Expr> targets, Stmt stmt) implements Instr {}

    /** A function or class header: decorators, defaults, bases are evaluated and the name bound. */
    record Def(Stmt def) implements Instr {
        public Stmt stmt() { return def; }
    }
}
