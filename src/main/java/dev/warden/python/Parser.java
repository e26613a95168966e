package dev.warden.python;

import static dev.warden.python.TokenKind.*;

import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Stmt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Python 3.13 parser: source to a CPython-shaped AST. Never throws on bad input: syntax errors
 * (lexical ones included) are returned in source order with the tree of what did parse.
 */
public final class Parser extends StatementParser {
    private Parser(Tokens tokens, boolean patternMode) { super(tokens, patternMode); }

    /** Parses a whole module. */
    public static ParseResult parse(Source source) {
        Tokens tokens = Lexer.lex(source, false);
        Parser p = new Parser(tokens, false);
        List<Stmt> body = p.statements(ENDMARKER);
        Mod.Module module = new Mod.Module(body, List.of());
        return new ParseResult(source, module, tokens, p.allErrors(), p.unparsed);
    }

    /**
     * Parses a Semgrep pattern: Python plus metavariables ({@code $X}, {@code $...X}), {@code ...}
     * where Python has no place for it (parameters, dict entries, targets, arguments after
     * keywords) and {@code <... e ...>}. The pattern is a module body; a single expression
     * statement is an expression pattern.
     */
    public static ParseResult parsePattern(Source source) {
        Tokens tokens = Lexer.lex(source, true);
        Parser p = new Parser(tokens, true);
        List<Stmt> body = p.statements(ENDMARKER);
        return new ParseResult(source, new Mod.Module(body, List.of()), tokens, p.allErrors(), p.unparsed);
    }

    /** Lexical and grammatical errors merged by position, duplicates removed. */
    private List<PySyntaxError> allErrors() {
        if (tokens.errors().isEmpty()) return errors;
        List<PySyntaxError> all = new ArrayList<>(tokens.errors());
        for (PySyntaxError e : errors) {
            boolean dup = false;
            for (PySyntaxError x : tokens.errors()) if (x.startOffset() == e.startOffset() && x.message().equals(e.message())) dup = true;
            if (!dup) all.add(e);
        }
        int eof = tokens.start(count - 1);
        all.sort(Comparator.comparingInt(e -> reportedAt(e, eof)));
        // CPython tokenizes the rest of the file after a generic "invalid syntax", and a
        // tokenizer error found there (an unclosed bracket, say) is reported instead.
        PySyntaxError first = all.get(0);
        if (errors.contains(first) && first.message().equals("invalid syntax")) {
            for (PySyntaxError e : all) {
                if (tokens.errors().contains(e)) {
                    all.remove(e);
                    all.add(0, e);
                    break;
                }
            }
        }
        return all;
    }

    /**
     * Where CPython would meet an error: an unclosed bracket is only noticed when the parser asks
     * for the end of the file, so it comes after every error the parser found before the end.
     */
    private static int reportedAt(PySyntaxError e, int eof) {
        return e.message().endsWith("was never closed") ? eof : e.startOffset();
    }
}
