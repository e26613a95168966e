package dev.warden.pattern;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.PySyntaxError;
import dev.warden.python.Source;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.Stmt;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A parsed Semgrep pattern for Python: either one expression (matched against every expression of
 * a file) or a sequence of statements (matched against every run of statements in a block).
 * Metavariables are names starting with {@code $}; {@code ...} is the Ellipsis constant (or an
 * {@code Arg} named {@code ...} in parameter lists); {@code <... e ...>} is {@link Expr.DeepEllipsis}.
 */
public record Pattern(String text, Source source, Expr expression, List<Stmt> statements) {

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
            return new Pattern(trimmed, source, ((Stmt.ExprStmt) body.get(0)).value(), null);
        }
        return new Pattern(trimmed, source, null, body);
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
