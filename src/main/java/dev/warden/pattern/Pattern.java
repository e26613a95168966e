package dev.warden.pattern;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.PySyntaxError;
import dev.warden.python.Source;
import dev.warden.python.TokenKind;
import dev.warden.python.Tokens;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Stmt;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A parsed Semgrep pattern for Python: either one expression (matched against every expression of
 * a file) or a sequence of statements (matched against every run of statements in a block).
 * Metavariables are names starting with {@code $}; {@code ...} is the Ellipsis constant (or an
 * {@code Arg} named {@code ...} in parameter lists); {@code <... e ...>} is {@link Expr.DeepEllipsis}.
 * {@code dotsConcatenations} holds what the tree does not say: the string nodes written as two or
 * more literals, with their count when every one is {@code "..."} (else 0).
 */
public record Pattern(String text, Source source, Expr expression, List<Stmt> statements,
                      java.util.Map<Expr, Integer> dotsConcatenations) {

    public boolean isExpression() { return expression != null; }

    /** Parses pattern text, or throws with the position of the first error inside the pattern. */
    public static Pattern parse(String text) throws PatternException {
        String trimmed = dedent(text).strip();
        if (trimmed.isEmpty()) throw new PatternException("empty pattern", 1, 1);
        Source source = new Source("<pattern>", trimmed.getBytes(StandardCharsets.UTF_8), trimmed.getBytes(StandardCharsets.UTF_8).length);
        ParseResult r = Parser.parsePattern(source);
        if (!r.errors().isEmpty()) {
            PySyntaxError e = r.errors().get(0);
            throw new PatternException(e.message(), e.line(), e.column());
        }
        List<Stmt> body = r.module().body();
        if (body.size() == 1 && body.get(0) instanceof Stmt.ExprStmt) {
            return new Pattern(trimmed, source, ((Stmt.ExprStmt) body.get(0)).value(), null, dotsConcatenations(r));
        }
        return new Pattern(trimmed, source, null, body, dotsConcatenations(r));
    }

    /**
     * How many {@code "..."} literals a string pattern written as their implicit concatenation
     * ({@code "..." "..."}) has, or 0 for any other node: such a pattern matches an implicit
     * concatenation of at least as many literals, whatever they hold.
     */
    public int dotsConcatenation(Expr e) {
        Integer n = dotsConcatenations.get(e);
        return n == null ? 0 : n;
    }

    /** Whether a string pattern is written as an implicit concatenation of two or more literals. */
    public boolean isConcatenation(Expr e) { return dotsConcatenations.containsKey(e); }

    private static java.util.Map<Expr, Integer> dotsConcatenations(ParseResult r) {
        java.util.Map<Expr, Integer> out = new java.util.IdentityHashMap<>();
        Tokens tokens = r.tokens();
        dev.warden.python.ast.Children.walk(r.module(), n -> {
            if (!isStringLiteral(n)) return;
            Expr e = (Expr) n;
            int literals = tokens.stringLiteralsWithin(e.start(), e.end());
            if (literals >= 2) out.put(e, onlyDotsLiterals(tokens, e.start(), e.end()) ? literals : 0);
        });
        return out;
    }

    /** Whether a node is a string or bytes literal, or an f-string (implicitly concatenated or not). */
    public static boolean isStringLiteral(dev.warden.python.ast.Node n) {
        return n instanceof Expr.JoinedStr || n instanceof Expr.Constant
                && (((Expr.Constant) n).value() instanceof ConstValue.Str || ((Expr.Constant) n).value() instanceof ConstValue.Bytes);
    }

    /** Whether every literal between the offsets holds just {@code ...} ({@code "..."}, {@code f"..."}). */
    private static boolean onlyDotsLiterals(Tokens tokens, int start, int end) {
        for (int i = 0; i < tokens.size() && tokens.start(i) < end; i++) {
            if (tokens.start(i) < start) continue;
            TokenKind kind = tokens.kind(i);
            if (kind == TokenKind.STRING) {
                String t = tokens.text(i);
                int q = 0;
                while (q < t.length() && Character.isLetter(t.charAt(q))) q++;
                String quoted = t.substring(q);
                int quotes = quoted.startsWith("\"\"\"") || quoted.startsWith("'''") ? 3 : 1;
                if (quoted.length() < 2 * quotes || !quoted.substring(quotes, quoted.length() - quotes).equals("...")) return false;
            } else if (kind == TokenKind.FSTRING_START) {
                if (i + 2 >= tokens.size() || tokens.kind(i + 1) != TokenKind.FSTRING_MIDDLE || !tokens.text(i + 1).equals("...")
                        || tokens.kind(i + 2) != TokenKind.FSTRING_END) return false;
                i += 2;
            }
        }
        return true;
    }

    /** Removes the indentation common to all non-blank lines (patterns often come indented from YAML). */
    static String dedent(String text) {
        String[] lines = text.split("\n", -1);
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            if (line.isBlank()) continue;
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
            common = Math.min(common, i);
        }
        if (common == 0 || common == Integer.MAX_VALUE) return text;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < lines.length; k++) {
            if (k > 0) sb.append('\n');
            sb.append(lines[k].isBlank() ? "" : lines[k].substring(common));
        }
        return sb.toString();
    }
}
