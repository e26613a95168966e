package dev.warden.python;

import static dev.warden.python.TokenKind.*;

import dev.warden.python.ast.Alias;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.CasePattern;
import dev.warden.python.ast.ExceptHandler;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import dev.warden.python.ast.Keyword;
import dev.warden.python.ast.MatchCase;
import dev.warden.python.ast.Operator;
import dev.warden.python.ast.Stmt;
import dev.warden.python.ast.TypeParam;
import dev.warden.python.ast.WithItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements and blocks. A statement that fails to parse is recorded as an error and skipped to
 * the end of its logical line (its range goes to {@link #unparsed}), so the rest of the file
 * still yields a tree.
 */
abstract class StatementParser extends CasePatternParser {
    final List<int[]> unparsed = new ArrayList<>();

    StatementParser(Tokens tokens, boolean patternMode) { super(tokens, patternMode); }

    // ---- statement lists and recovery -----------------------------------------------------

    /** Statements until {@code end} (ENDMARKER or DEDENT), recovering from errors. */
    final List<Stmt> statements(TokenKind end) {
        List<Stmt> body = new ArrayList<>();
        while (!at(end) && !at(ENDMARKER)) {
            int startPos = pos;
            try {
                statement(body);
            } catch (Failure f) {
                depth = 0;
                recordError(f.error);
                recover(startPos, body);
            } catch (StackOverflowError e) {
                // only on threads with small stacks: the depth guard stops nesting long before 16 MB
                depth = 0;
                recordError(error("MemoryError", "Parser stack overflowed - Python source too complex to parse",
                        tokens.start(startPos), tokens.end(startPos)).error);
                recover(startPos, body);
            }
        }
        return body;
    }

    final void recordError(PySyntaxError e) {
        for (PySyntaxError x : errors) if (x.startOffset() == e.startOffset() && x.message().equals(e.message())) return;
        errors.add(e);
    }

    /** Skips past the failed statement's logical line; an indented block after it is parsed into {@code body}. */
    private void recover(int startPos, List<Stmt> body) {
        if (pos < startPos) pos = startPos;
        int from = tokens.start(startPos);
        while (!at(NEWLINE) && !at(ENDMARKER) && !(at(DEDENT) && pos > startPos) && !(at(INDENT) && pos > startPos)) advance();
        if (pos == startPos && !at(ENDMARKER)) advance(); // a stray INDENT/DEDENT: always make progress
        eat(NEWLINE);
        unparsed.add(new int[] {from, prevEnd()});
        if (at(INDENT)) {
            advance();
            body.addAll(statements(DEDENT));
            eat(DEDENT);
        }
    }

    private void statement(List<Stmt> out) {
        switch (kind()) {
            case DEF: out.add(functionDef(List.of(), tokStart())); return;
            case IF: out.add(ifStatement(false)); return;
            case CLASS: out.add(classDef(List.of(), tokStart())); return;
            case WITH: out.add(withStatement(tokStart(), false)); return;
            case FOR: out.add(forStatement(tokStart(), false)); return;
            case TRY: out.add(tryStatement()); return;
            case WHILE: out.add(whileStatement()); return;
            case AT: out.add(decorated()); return;
            case ASYNC: out.add(asyncStatement(List.of(), tokStart())); return;
            case INDENT: throw invalidSyntax();
            default:
                if (atSoft("match")) {
                    Stmt m = tryMatchStatement();
                    if (m != null) { out.add(m); return; }
                }
                simpleStatements(out);
        }
    }

    private void simpleStatements(List<Stmt> out) {
        while (true) {
            out.add(simpleStatement());
            if (!eat(SEMI)) break;
            if (at(NEWLINE)) break;
        }
        if (!at(NEWLINE)) {
            if (at(ENDMARKER)) return;
            throw invalidSyntax();
        }
        advance();
    }

    // ---- blocks -----------------------------------------------------------------------------

    /** ':' then a block; {@code what} names the statement for "expected an indented block". */
    private List<Stmt> block(String what, int headerStart) {
        if (!at(COLON)) throw expectedColon();
        advance();
        return blockAfterColon(what, headerStart);
    }

    private Failure expectedColon() {
        if (at(NEWLINE)) return error("expected ':'", tokStart(), tokStart());
        return invalidSyntax();
    }

    private List<Stmt> blockAfterColon(String what, int headerStart) {
        if (at(NEWLINE)) {
            advance();
            if (!at(INDENT)) {
                int line = source.lines().line(headerStart);
                throw error("IndentationError", "expected an indented block after " + what + " on line " + line, tokStart(), tokStart());
            }
            advance();
            List<Stmt> body = statements(DEDENT);
            eat(DEDENT);
            return body;
        }
        List<Stmt> body = new ArrayList<>();
        simpleStatements(body);
        return body;
    }

    /**
     * Where a compound statement ends: at its last real token (NEWLINE, INDENT and DEDENT do not
     * count), which includes a trailing ';' just as CPython's positions do.
     */
    private int blockEnd() {
        int i = pos - 1;
        while (i > 0) {
            TokenKind k = kindAt(i);
            if (k != NEWLINE && k != INDENT && k != DEDENT) break;
            i--;
        }
        return tokens.end(Math.max(i, 0));
    }

    // ---- compound statements ------------------------------------------------------------

    private Stmt decorated() {
        List<Expr> decorators = new ArrayList<>();
        while (at(AT)) {
            advance();
            decorators.add(namedExpression());
            if (!at(NEWLINE)) throw invalidSyntax();
            advance();
        }
        int s = tokStart();
        if (patternMode && at(ENDMARKER) && decorators.size() == 1) {
            // a pattern that is just a decorator: it matches that decorator expression
            Expr d = decorators.get(0);
            return new Stmt.ExprStmt(d, d.start(), d.end());
        }
        if (at(DEF)) return functionDef(decorators, s);
        if (at(CLASS)) return classDef(decorators, s);
        if (at(ASYNC) && peek(1) == DEF) return asyncStatement(decorators, s);
        throw invalidSyntax();
    }

    private Stmt asyncStatement(List<Expr> decorators, int s) {
        advance();
        if (at(DEF)) return functionDef(decorators, s, true);
        if (at(WITH)) return withStatement(s, true);
        if (at(FOR)) return forStatement(s, true);
        throw invalidSyntax();
    }

    private Stmt functionDef(List<Expr> decorators, int s) { return functionDef(decorators, s, false); }

    private Stmt functionDef(List<Expr> decorators, int s, boolean isAsync) {
        advance(); // def
        String name = expectName();
        List<TypeParam> typeParams = at(LSQB) ? typeParams() : List.of();
        if (!at(LPAR)) throw error("expected '('", tokStart(), tokEnd());
        advance();
        Arguments args = parameters(RPAR, true);
        expect(RPAR);
        Expr returns = null;
        if (eat(RARROW)) returns = expression();
        List<Stmt> body = block("function definition", s);
        if (isAsync) return new Stmt.AsyncFunctionDef(name, args, body, decorators, returns, null, typeParams, s, blockEnd());
        return new Stmt.FunctionDef(name, args, body, decorators, returns, null, typeParams, s, blockEnd());
    }

    private Stmt classDef(List<Expr> decorators, int s) {
        advance(); // class
        String name = expectName();
        List<TypeParam> typeParams = at(LSQB) ? typeParams() : List.of();
        List<Expr> bases = List.of();
        List<Keyword> keywords = List.of();
        if (at(LPAR)) {
            Expr.Call call = (Expr.Call) callTrailer(null, s);
            bases = call.args();
            keywords = call.keywords();
        }
        List<Stmt> body = block("class definition", s);
        return new Stmt.ClassDef(name, bases, keywords, body, decorators, typeParams, s, blockEnd());
    }

    /** PEP 695 type parameters: '[' T, *Ts, **P ']' with optional bounds and defaults. */
    final List<TypeParam> typeParams() {
        int open = tokStart();
        advance();
        List<TypeParam> params = new ArrayList<>();
        if (at(RSQB)) throw error("Type parameter list cannot be empty", open, tokEnd());
        while (!at(RSQB)) {
            int s = tokStart();
            if (eat(STAR)) {
                String name = expectName();
                if (at(COLON)) throw error("cannot use bound with TypeVarTuple", tokStart(), tokEnd());
                Expr dflt = null;
                if (eat(EQUAL)) dflt = starExpression();
                params.add(new TypeParam.TypeVarTuple(name, dflt, s, prevEnd()));
            } else if (eat(DOUBLESTAR)) {
                String name = expectName();
                if (at(COLON)) throw error("cannot use bound with ParamSpec", tokStart(), tokEnd());
                Expr dflt = null;
                if (eat(EQUAL)) dflt = expression();
                params.add(new TypeParam.ParamSpec(name, dflt, s, prevEnd()));
            } else {
                String name = expectName();
                Expr bound = null, dflt = null;
                if (eat(COLON)) bound = expression();
                if (eat(EQUAL)) dflt = expression();
                params.add(new TypeParam.TypeVar(name, bound, dflt, s, prevEnd()));
            }
            if (!eat(COMMA)) break;
        }
        expect(RSQB);
        return params;
    }

    private Stmt ifStatement(boolean elif) {
        int s = tokStart();
        advance();
        Expr test = namedExpression();
        List<Stmt> body = block(elif ? "'elif' statement" : "'if' statement", s);
        List<Stmt> orelse = List.of();
        int end = blockEnd();
        if (at(ELIF)) {
            Stmt nested = ifStatement(true);
            orelse = List.of(nested);
            end = nested.end();
        } else if (at(ELSE)) {
            int es = tokStart();
            advance();
            orelse = block("'else' statement", es);
            end = blockEnd();
        }
        return new Stmt.If(test, body, orelse, s, end);
    }

    private Stmt whileStatement() {
        int s = tokStart();
        advance();
        Expr test = namedExpression();
        List<Stmt> body = block("'while' statement", s);
        List<Stmt> orelse = elseBlock();
        return new Stmt.While(test, body, orelse, s, blockEnd());
    }

    private List<Stmt> elseBlock() {
        if (!at(ELSE)) return List.of();
        int es = tokStart();
        advance();
        return block("'else' statement", es);
    }

    private Stmt forStatement(int s, boolean isAsync) {
        advance(); // for
        Expr target = targets.starTargets();
        if (!at(IN)) throw invalidSyntax();
        advance();
        Expr iter = starExpressions();
        List<Stmt> body = block("'for' statement", s);
        List<Stmt> orelse = elseBlock();
        int end = blockEnd();
        if (isAsync) return new Stmt.AsyncFor(target, iter, body, orelse, null, s, end);
        return new Stmt.For(target, iter, body, orelse, null, s, end);
    }

    private Stmt withStatement(int s, boolean isAsync) {
        advance(); // with
        List<WithItem> items = null;
        if (at(LPAR)) {
            int save = pos;
            try {
                items = parenthesizedWithItems();
            } catch (Failure f) {
                pos = save;
                depth = 0;
                items = null;
            }
        }
        if (items == null) {
            items = new ArrayList<>();
            do {
                items.add(withItem());
            } while (eat(COMMA));
        }
        List<Stmt> body = block("'with' statement", s);
        if (isAsync) return new Stmt.AsyncWith(items, body, null, s, blockEnd());
        return new Stmt.With(items, body, null, s, blockEnd());
    }

    /** '(' with_item (',' with_item)* [','] ')' ':' — only when the colon follows. */
    private List<WithItem> parenthesizedWithItems() {
        advance();
        List<WithItem> items = new ArrayList<>();
        while (!at(RPAR)) {
            items.add(withItem());
            if (!eat(COMMA)) break;
        }
        expect(RPAR);
        if (!at(COLON)) throw invalidSyntax();
        return items;
    }

    private WithItem withItem() {
        Expr ctx = expression();
        Expr vars = null;
        if (eat(AS)) {
            vars = targets.starTarget();
            if (!at(COMMA) && !at(COLON) && !at(RPAR)) throw invalidSyntax();
        }
        return new WithItem(ctx, vars);
    }

    private Stmt tryStatement() {
        int s = tokStart();
        advance();
        List<Stmt> body = block("'try' statement", s);
        List<ExceptHandler> handlers = new ArrayList<>();
        boolean star = false;
        while (at(EXCEPT)) {
            int hs = tokStart();
            advance();
            boolean thisStar = eat(STAR);
            if (!handlers.isEmpty() && thisStar != star) {
                throw error("cannot have both 'except' and 'except*' on the same 'try'", hs, prevEnd());
            }
            star = thisStar;
            Expr type = null;
            String name = null;
            if (!at(COLON)) {
                int ts = tokStart();
                type = expression();
                if (at(COMMA)) {
                    List<Expr> elts = new ArrayList<>();
                    elts.add(type);
                    while (eat(COMMA)) {
                        if (at(COLON) || at(AS)) break;
                        elts.add(expression());
                    }
                    throw error("multiple exception types must be parenthesized", ts, prevEnd());
                }
                if (eat(AS)) name = expectName();
            } else if (thisStar) {
                throw error("expected one or more exception types", tokStart(), tokEnd());
            }
            List<Stmt> hbody = block(thisStar ? "'except*' statement" : "'except' statement", hs);
            handlers.add(new ExceptHandler(type, name, hbody, hs, blockEnd()));
        }
        List<Stmt> orelse = List.of();
        if (at(ELSE)) {
            if (handlers.isEmpty()) throw invalidSyntax();
            orelse = elseBlock();
        }
        List<Stmt> finalbody = List.of();
        if (at(FINALLY)) {
            int fs = tokStart();
            advance();
            finalbody = block("'finally' statement", fs);
        }
        if (handlers.isEmpty() && finalbody.isEmpty()) throw error("expected 'except' or 'finally' block", blockEnd(), blockEnd());
        int end = blockEnd();
        if (star) return new Stmt.TryStar(body, handlers, orelse, finalbody, s, end);
        return new Stmt.Try(body, handlers, orelse, finalbody, s, end);
    }

    /** 'match' subject ':' NEWLINE INDENT case+ DEDENT, or null when 'match' is just a name here. */
    private Stmt tryMatchStatement() {
        int save = pos;
        int s = tokStart();
        Expr subject;
        try {
            advance();
            int ss = tokStart();
            Expr first = starNamedExpression();
            if (at(COMMA)) {
                List<Expr> elts = new ArrayList<>();
                elts.add(first);
                while (eat(COMMA)) {
                    if (at(COLON)) break;
                    elts.add(starNamedExpression());
                }
                subject = new Expr.Tuple(elts, ExprContext.Load, ss, prevEnd());
            } else {
                subject = first;
            }
            if (!at(COLON) || peek(1) != NEWLINE) throw invalidSyntax();
        } catch (Failure f) {
            pos = save;
            depth = 0;
            return null;
        }
        advance(); // :
        advance(); // NEWLINE
        if (!at(INDENT)) {
            throw error("IndentationError", "expected an indented block after 'match' statement on line "
                    + source.lines().line(s), tokStart(), tokStart());
        }
        advance();
        List<MatchCase> cases = new ArrayList<>();
        while (!at(DEDENT) && !at(ENDMARKER)) {
            if (!atSoft("case")) throw invalidSyntax();
            int cs = tokStart();
            advance();
            CasePattern pattern = casePatterns();
            Expr guard = null;
            if (eat(IF)) guard = namedExpression();
            List<Stmt> body = block("'case' statement", cs);
            cases.add(new MatchCase(pattern, guard, body));
        }
        eat(DEDENT);
        if (cases.isEmpty()) throw invalidSyntax();
        List<Stmt> lastBody = cases.get(cases.size() - 1).body();
        return new Stmt.Match(subject, cases, s, blockEnd());
    }

    // ---- simple statements ------------------------------------------------------------------

    private Stmt simpleStatement() {
        int s = tokStart();
        switch (kind()) {
            case PASS: advance(); return new Stmt.Pass(s, prevEnd());
            case BREAK: advance(); return new Stmt.Break(s, prevEnd());
            case CONTINUE: advance(); return new Stmt.Continue(s, prevEnd());
            case RETURN: {
                advance();
                Expr v = startsExpression() ? starExpressions() : null;
                return new Stmt.Return(v, s, prevEnd());
            }
            case RAISE: {
                advance();
                Expr exc = null, cause = null;
                if (startsExpression()) {
                    exc = expression();
                    if (eat(FROM)) cause = expression();
                }
                return new Stmt.Raise(exc, cause, s, prevEnd());
            }
            case GLOBAL: case NONLOCAL: {
                boolean global = at(GLOBAL);
                advance();
                List<String> names = new ArrayList<>();
                do {
                    names.add(expectName());
                } while (eat(COMMA));
                return global ? new Stmt.Global(names, s, prevEnd()) : new Stmt.Nonlocal(names, s, prevEnd());
            }
            case DEL: {
                advance();
                List<Expr> t = targets.delTargets();
                if (t.isEmpty()) throw invalidSyntax();
                return new Stmt.Delete(t, s, prevEnd());
            }
            case ASSERT: {
                advance();
                Expr test = expression();
                Expr msg = eat(COMMA) ? expression() : null;
                return new Stmt.Assert(test, msg, s, prevEnd());
            }
            case IMPORT: return importStatement();
            case FROM: return fromImport();
            default:
                if (atSoft("type") && peek(1) == NAME && (peek(2) == EQUAL || peek(2) == LSQB)) return typeAlias();
                return expressionStatement();
        }
    }

    private Stmt typeAlias() {
        int s = tokStart();
        advance();
        int ns = tokStart();
        String name = expectName();
        Expr target = new Expr.Name(name, ExprContext.Store, ns, prevEnd());
        List<TypeParam> params = at(LSQB) ? typeParams() : List.of();
        expect(EQUAL);
        Expr value = expression();
        return new Stmt.TypeAlias(target, params, value, s, prevEnd());
    }

    private Stmt importStatement() {
        int s = tokStart();
        advance();
        if (at(NEWLINE)) throw error("Expected one or more names after 'import'", tokStart(), tokStart());
        List<Alias> names = new ArrayList<>();
        do {
            int as = tokStart();
            String name = dottedModuleName();
            String asname = eat(AS) ? expectName() : null;
            names.add(new Alias(name, asname, as, prevEnd()));
        } while (eat(COMMA));
        return new Stmt.Import(names, s, prevEnd());
    }

    private String dottedModuleName() {
        StringBuilder name = new StringBuilder(expectName());
        while (eat(DOT)) name.append('.').append(expectName());
        return name.toString();
    }

    private Stmt fromImport() {
        int s = tokStart();
        advance();
        int level = 0;
        while (at(DOT) || at(ELLIPSIS)) {
            level += at(DOT) ? 1 : 3;
            advance();
        }
        String module = null;
        if (!at(IMPORT)) module = dottedModuleName();
        if (!at(IMPORT)) throw invalidSyntax();
        advance();
        List<Alias> names = new ArrayList<>();
        if (at(STAR)) {
            int as = tokStart();
            advance();
            names.add(new Alias("*", null, as, prevEnd()));
        } else {
            boolean paren = eat(LPAR);
            if (!paren && at(NEWLINE)) throw error("Expected one or more names after 'import'", tokStart(), tokStart());
            do {
                if (paren && at(RPAR)) break;
                if (!paren && at(NEWLINE) && prevKindIsComma()) {
                    throw error("trailing comma not allowed without surrounding parentheses", prevEnd(), prevEnd());
                }
                int as = tokStart();
                String name = expectName();
                String asname = eat(AS) ? expectName() : null;
                names.add(new Alias(name, asname, as, prevEnd()));
            } while (eat(COMMA));
            if (paren) expect(RPAR);
            else if (names.isEmpty()) throw invalidSyntax();
        }
        return new Stmt.ImportFrom(module, names, level, s, prevEnd());
    }

    private boolean prevKindIsComma() { return pos > 0 && kindAt(pos - 1) == COMMA; }

    /** Expression statements, assignments, augmented and annotated assignments. */
    private Stmt expressionStatement() {
        int s = tokStart();
        boolean parenthesized = at(LPAR);
        Expr first = at(YIELD) ? yieldExpression() : starExpressions();
        if (at(EQUAL)) {
            List<Expr> targetList = new ArrayList<>();
            Expr value = first;
            while (eat(EQUAL)) {
                targetList.add(value);
                value = at(YIELD) ? yieldExpression() : starExpressions();
            }
            List<Expr> converted = new ArrayList<>(targetList.size());
            for (Expr t : targetList) converted.add(targets.convert(t, ExprContext.Store, true));
            return new Stmt.Assign(converted, value, null, s, prevEnd());
        }
        if (at(COLON)) {
            if (first instanceof Expr.Tuple && !parenthesized) throw error("only single target (not tuple) can be annotated", first.start(), first.end());
            if (first instanceof Expr.Tuple) throw error("only single target (not tuple) can be annotated", first.start(), first.end());
            if (first instanceof Expr.List) throw error("only single target (not list) can be annotated", first.start(), first.end());
            if (!(first instanceof Expr.Name || first instanceof Expr.Attribute || first instanceof Expr.Subscript)) {
                throw error("illegal target for annotation", first.start(), first.end());
            }
            advance();
            Expr annotation = expression();
            Expr value = null;
            if (eat(EQUAL)) value = at(YIELD) ? yieldExpression() : starExpressions();
            Expr target = targets.convert(first, ExprContext.Store, false);
            int simple = (first instanceof Expr.Name && !parenthesized) ? 1 : 0;
            return new Stmt.AnnAssign(target, annotation, value, simple, s, prevEnd());
        }
        Operator aug = augmentedOperator();
        if (aug != null) {
            if (!(first instanceof Expr.Name || first instanceof Expr.Attribute || first instanceof Expr.Subscript)) {
                throw error("'" + Targets.describe(first) + "' is an illegal expression for augmented assignment", first.start(), first.end());
            }
            advance();
            Expr value = at(YIELD) ? yieldExpression() : starExpressions();
            return new Stmt.AugAssign(targets.convert(first, ExprContext.Store, false), aug, value, s, prevEnd());
        }
        if (first instanceof Expr.Starred) throw error("can't use starred expression here", first.start(), first.end());
        if (first instanceof Expr.Name && startsExpression() && !at(STAR) && !at(MINUS) && !at(PLUS) && !at(TILDE) && !at(LPAR) && !at(LSQB)) {
            String id = ((Expr.Name) first).id();
            if (id.equals("print") || id.equals("exec")) {
                throw error("Missing parentheses in call to '" + id + "'. Did you mean " + id + "(...)?", first.start(), prevEnd());
            }
        }
        return new Stmt.ExprStmt(first, s, prevEnd());
    }

    private Operator augmentedOperator() {
        switch (kind()) {
            case PLUSEQUAL: return Operator.Add;
            case MINEQUAL: return Operator.Sub;
            case STAREQUAL: return Operator.Mult;
            case ATEQUAL: return Operator.MatMult;
            case SLASHEQUAL: return Operator.Div;
            case PERCENTEQUAL: return Operator.Mod;
            case AMPEREQUAL: return Operator.BitAnd;
            case VBAREQUAL: return Operator.BitOr;
            case CIRCUMFLEXEQUAL: return Operator.BitXor;
            case LEFTSHIFTEQUAL: return Operator.LShift;
            case RIGHTSHIFTEQUAL: return Operator.RShift;
            case DOUBLESTAREQUAL: return Operator.Pow;
            case DOUBLESLASHEQUAL: return Operator.FloorDiv;
            default: return null;
        }
    }
}
