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

    private final FileFacts facts;
    private final Source source;
    private final MatchOptions options;

    FileContext(FileFacts facts, MatchOptions options) {
        this.facts = facts;
        this.source = facts.source;
        this.options = options;
    }

    FileFacts facts() { return facts; }

    /** How many string literals a string expression is written as (2 or more: an implicit concatenation). */
    int stringLiterals(Expr e) { return facts.tokens == null ? 1 : facts.tokens.stringLiteralsWithin(e.start(), e.end()); }

    /** Whether some string in the file may be written as {@code literals} literals or more (false: no target of {@code "..." "..."}). */
    boolean mayHoldLiteralRun(int literals) {
        return facts.tokens == null ? literals <= 1 : facts.tokens.longestStringRun() >= literals;
    }

    /** Whether a target is a string literal written as at least {@code literals} literals (what {@code "..." "..."} needs). */
    boolean writtenAsLiterals(Expr t, int literals) {
        if (facts.tokens == null) return literals <= 1 && dev.warden.pattern.Pattern.isStringLiteral(t);
        // most strings lie in no run of literals: a cheap test before the count
        return literals <= 1 ? dev.warden.pattern.Pattern.isStringLiteral(t)
                : facts.tokens.inStringRun(t.start()) && dev.warden.pattern.Pattern.isStringLiteral(t) && stringLiterals(t) >= literals;
    }

    /** The file's words, for cheap "cannot occur here" checks. */
    FileWords words() { return FileWords.of(source.bytes(), source.length()); }

    List<String> wildcardModules() { return facts.wildcardModules(); }

    boolean sameVariable(Expr.Name a, Expr.Name b) { return facts.sameVariable(a, b); }

    MatchOptions options() { return options; }

    Source source() { return source; }

    ImportAliases imports() { return facts.imports(); }

    /** The constant an expression stands for: a literal, or a name holding one (constant propagation). */
    /** Whether {@code e} is always some string, though no single constant (see {@link ConstantPropagation#alwaysString}). */
    boolean alwaysString(Expr e) {
        return options.constantPropagation() && (e instanceof Expr.Name || e instanceof Expr.BoolOp) && facts.alwaysString(e);
    }

    ConstValue constantValue(Expr e) {
        if (e instanceof Expr.Constant) return ((Expr.Constant) e).value();
        if (!options.constantPropagation()) return null;
        // an f-string with replacement fields is not a string literal to a pattern, even when
        // the fields are constants (only metavariable-regex with constant-propagation folds it)
        if (e instanceof Expr.JoinedStr) {
            for (Expr part : ((Expr.JoinedStr) e).values()) if (!(part instanceof Expr.Constant)) return null;
        }
        if (e instanceof Expr.Name || e instanceof Expr.BinOp || e instanceof Expr.JoinedStr) {
            return facts.constantValue(e);
        }
        return null;
    }

    /** What a variable was assigned, for symbolic propagation; null when not a single known assignment. */
    Expr symbolicValue(Expr.Name use) {
        return facts.symbolicValue(use);
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
        // the usual spelling, `def name` / `class name` with one blank: no scan
        String name = s instanceof Stmt.FunctionDef ? ((Stmt.FunctionDef) s).name() : s instanceof Stmt.ClassDef ? ((Stmt.ClassDef) s).name() : null;
        int at = i + (s instanceof Stmt.ClassDef ? 6 : 4);
        if (name != null && at + name.length() <= n && b[at - 1] == ' ' && source.spells(at, at + name.length(), name)
                && (at + name.length() == n || !isIdentifierByte(b[at + name.length()]))) {
            return new int[] {at, at + name.length()};
        }
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
