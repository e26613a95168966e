package dev.warden.match;

import dev.warden.python.ast.ExceptHandler;
import dev.warden.python.ast.MatchCase;
import dev.warden.python.ast.Stmt;
import java.util.List;
import java.util.function.Consumer;

/** Every statement list (block) of a tree: where statement patterns are tried. */
final class Blocks {
    private Blocks() {}

    static void forEach(List<Stmt> block, Consumer<List<Stmt>> visit) {
        if (block.isEmpty()) return;
        visit.accept(block);
        for (int i = 0; i < block.size(); i++) nested(block.get(i), visit);
    }

    /**
     * The blocks nested in one statement, at any depth, each once, until {@code visit} returns
     * true ({@link #forEach} already descends: visiting inner blocks here too would visit a block
     * at depth d 2^d times, which an {@code elif} chain makes deep).
     */
    static boolean nestedBlocks(Stmt s, java.util.function.Predicate<List<Stmt>> visit) {
        boolean[] stop = {false};
        nested(s, new Consumer<List<Stmt>>() {
            @Override
            public void accept(List<Stmt> block) {
                if (!stop[0] && visit.test(block)) stop[0] = true;
            }
        });
        return stop[0];
    }

    /** Whether a statement has blocks of its own (a compound statement): {@link #nestedBlocks} finds none in the others. */
    static boolean holdsBlocks(Stmt s) {
        return s instanceof Stmt.FunctionDef || s instanceof Stmt.AsyncFunctionDef || s instanceof Stmt.ClassDef
                || s instanceof Stmt.If || s instanceof Stmt.For || s instanceof Stmt.AsyncFor || s instanceof Stmt.While
                || s instanceof Stmt.With || s instanceof Stmt.AsyncWith || s instanceof Stmt.Try || s instanceof Stmt.TryStar
                || s instanceof Stmt.Match;
    }

    private static void nested(Stmt s, Consumer<List<Stmt>> visit) {
        if (s instanceof Stmt.FunctionDef) forEach(((Stmt.FunctionDef) s).body(), visit);
        else if (s instanceof Stmt.AsyncFunctionDef) forEach(((Stmt.AsyncFunctionDef) s).body(), visit);
        else if (s instanceof Stmt.ClassDef) forEach(((Stmt.ClassDef) s).body(), visit);
        else if (s instanceof Stmt.If) {
            forEach(((Stmt.If) s).body(), visit);
            forEach(((Stmt.If) s).orelse(), visit);
        } else if (s instanceof Stmt.For) {
            forEach(((Stmt.For) s).body(), visit);
            forEach(((Stmt.For) s).orelse(), visit);
        } else if (s instanceof Stmt.AsyncFor) {
            forEach(((Stmt.AsyncFor) s).body(), visit);
            forEach(((Stmt.AsyncFor) s).orelse(), visit);
        } else if (s instanceof Stmt.While) {
            forEach(((Stmt.While) s).body(), visit);
            forEach(((Stmt.While) s).orelse(), visit);
        } else if (s instanceof Stmt.With) forEach(((Stmt.With) s).body(), visit);
        else if (s instanceof Stmt.AsyncWith) forEach(((Stmt.AsyncWith) s).body(), visit);
        else if (s instanceof Stmt.Try) tryBlocks(((Stmt.Try) s).body(), ((Stmt.Try) s).handlers(), ((Stmt.Try) s).orelse(), ((Stmt.Try) s).finalbody(), visit);
        else if (s instanceof Stmt.TryStar) tryBlocks(((Stmt.TryStar) s).body(), ((Stmt.TryStar) s).handlers(), ((Stmt.TryStar) s).orelse(), ((Stmt.TryStar) s).finalbody(), visit);
        else if (s instanceof Stmt.Match) for (MatchCase c : ((Stmt.Match) s).cases()) forEach(c.body(), visit);
    }

    private static void tryBlocks(List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse, List<Stmt> finalbody,
                                  Consumer<List<Stmt>> visit) {
        forEach(body, visit);
        for (ExceptHandler h : handlers) forEach(h.body(), visit);
        forEach(orelse, visit);
        forEach(finalbody, visit);
    }
}
