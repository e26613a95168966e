package dev.warden.match;

import dev.warden.python.Source;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Stmt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** What matching needs to know about one target file beyond its tree; analyses run on first use. */
final class FileContext {
    private static final Map<String, Pattern> REGEXES = new ConcurrentHashMap<>();

    private final Source source;
    private final Mod.Module module;
    private final MatchOptions options;
    private ImportAliases imports;
    private ConstantPropagation constants;

    FileContext(Source source, Mod.Module module, MatchOptions options) {
        this.source = source;
        this.module = module;
        this.options = options;
    }

    MatchOptions options() { return options; }

    Source source() { return source; }

    ImportAliases imports() {
        if (imports == null) imports = ImportAliases.of(module);
        return imports;
    }

    /** The constant an expression stands for: a literal, or a name holding one (constant propagation). */
    ConstValue constantValue(Expr e) {
        if (e instanceof Expr.Constant) return ((Expr.Constant) e).value();
        if (!options.constantPropagation()) return null;
        // an f-string with replacement fields is not a string literal to a pattern, even when
        // the fields are constants (only metavariable-regex with constant-propagation folds it)
        if (e instanceof Expr.JoinedStr) {
            for (Expr part : ((Expr.JoinedStr) e).values()) if (!(part instanceof Expr.Constant)) return null;
        }
        if (e instanceof Expr.Name || e instanceof Expr.BinOp || e instanceof Expr.JoinedStr) {
            if (constants == null) constants = ConstantPropagation.of(module);
            return constants.evaluate(e);
        }
        return null;
    }

    private List<String> wildcardModules;

    /** Modules imported with {@code from M import *} at the top level of the file. */
    List<String> wildcardModules() {
        if (wildcardModules == null) {
            List<String> out = new java.util.ArrayList<>();
            for (Stmt s : module.body()) {
                if (s instanceof Stmt.ImportFrom) {
                    Stmt.ImportFrom f = (Stmt.ImportFrom) s;
                    if (f.level() == 0 && f.module() != null && f.names().size() == 1 && f.names().get(0).name().equals("*")) out.add(f.module());
                }
            }
            wildcardModules = out;
        }
        return wildcardModules;
    }

    /** What a variable was assigned, for symbolic propagation; null when not a single known assignment. */
    Expr symbolicValue(Expr.Name use) {
        if (constants == null) constants = ConstantPropagation.of(module);
        return constants.symbolicValue(use);
    }

    /** A function's range and the names local to it (parameters and anything it assigns). */
    private record FunctionScope(int start, int end, java.util.Set<String> locals) {}

    private List<FunctionScope> functions;

    /**
     * Whether two uses of the same name are the same variable: not when one is inside a function
     * that has its own local of that name and the other is not in that function.
     */
    boolean sameVariable(Expr.Name a, Expr.Name b) {
        if (!a.id().equals(b.id())) return false;
        if (functions == null) functions = functionScopes();
        FunctionScope fa = innermost(a, a.id()), fb = innermost(b, b.id());
        return fa == fb;
    }

    /** The innermost function around a use that has the name as a local (null: the module's). */
    private FunctionScope innermost(Expr use, String id) {
        FunctionScope best = null;
        for (FunctionScope f : functions) {
            if (f.start <= use.start() && use.end() <= f.end && f.locals.contains(id)
                    && (best == null || f.start >= best.start)) best = f;
        }
        return best;
    }

    private List<FunctionScope> functionScopes() {
        List<FunctionScope> out = new java.util.ArrayList<>();
        dev.warden.python.ast.Children.walk(module, n -> {
            dev.warden.python.ast.Arguments args = null;
            List<Stmt> body = null;
            int start = 0, end = 0;
            if (n instanceof Stmt.FunctionDef) {
                Stmt.FunctionDef f = (Stmt.FunctionDef) n;
                args = f.args();
                body = f.body();
                start = f.start();
                end = f.end();
            } else if (n instanceof Stmt.AsyncFunctionDef) {
                Stmt.AsyncFunctionDef f = (Stmt.AsyncFunctionDef) n;
                args = f.args();
                body = f.body();
                start = f.start();
                end = f.end();
            }
            if (args == null) return;
            java.util.Set<String> locals = new java.util.HashSet<>();
            for (dev.warden.python.ast.Arg a : args.posonlyargs()) locals.add(a.arg());
            for (dev.warden.python.ast.Arg a : args.args()) locals.add(a.arg());
            for (dev.warden.python.ast.Arg a : args.kwonlyargs()) locals.add(a.arg());
            if (args.vararg() != null) locals.add(args.vararg().arg());
            if (args.kwarg() != null) locals.add(args.kwarg().arg());
            for (Stmt st : body) {
                dev.warden.python.ast.Children.walk(st, x -> {
                    if (x instanceof Expr.Name && ((Expr.Name) x).ctx() == dev.warden.python.ast.ExprContext.Store) {
                        locals.add(((Expr.Name) x).id());
                    }
                });
            }
            out.add(new FunctionScope(start, end, locals));
        });
        return out;
    }

    Pattern regex(String regex) { return REGEXES.computeIfAbsent(regex, Pattern::compile); }

    /** The range of a simple string literal's content (inside its quotes), or the whole node otherwise. */
    int[] stringContent(Expr e) {
        if (!(e instanceof Expr.Constant)) return new int[] {e.start(), e.end()};
        byte[] b = source.bytes();
        int s = e.start(), end = e.end();
        while (s < end && b[s] != '\'' && b[s] != '"') s++; // skip a prefix such as r or u
        if (s >= end) return new int[] {e.start(), e.end()};
        byte q = b[s];
        int quotes = s + 2 < end && b[s + 1] == q && b[s + 2] == q ? 3 : 1;
        int from = s + quotes, to = end - quotes;
        // only one literal (not "a" "b"): the closing quotes end the node
        return to >= from && b[end - 1] == q ? new int[] {from, to} : new int[] {e.start(), e.end()};
    }

    /** Where a statement starts as a finding: a decorated definition starts at its first '@'. */
    int statementStart(Stmt s) {
        List<Expr> decorators = s instanceof Stmt.FunctionDef ? ((Stmt.FunctionDef) s).decoratorList()
                : s instanceof Stmt.AsyncFunctionDef ? ((Stmt.AsyncFunctionDef) s).decoratorList()
                : s instanceof Stmt.ClassDef ? ((Stmt.ClassDef) s).decoratorList() : List.of();
        if (decorators.isEmpty()) return s.start();
        byte[] b = source.bytes();
        int i = decorators.get(0).start() - 1;
        while (i > 0 && b[i] != '@') i--;
        return Math.max(i, 0);
    }

    /** The byte range of the name a def or class statement defines. */
    int[] definitionName(Stmt s) {
        byte[] b = source.bytes();
        int i = s.start();
        int n = source.length();
        // skip 'async', 'def' / 'class' and the blanks (maybe backslash continuations) between them
        for (int word = (s instanceof Stmt.AsyncFunctionDef ? 2 : 1); word > 0; word--) {
            while (i < n && isIdentifierByte(b[i])) i++;
            while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\\' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f')) i++;
        }
        int start = i;
        while (i < n && isIdentifierByte(b[i])) i++;
        return new int[] {start, i};
    }

    private static boolean isIdentifierByte(byte c) {
        return c < 0 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
