package dev.warden.python;

import static dev.warden.python.TokenKind.*;

import dev.warden.python.ast.Arg;
import dev.warden.python.ast.Arguments;
import dev.warden.python.ast.BoolOperator;
import dev.warden.python.ast.CmpOperator;
import dev.warden.python.ast.Comprehension;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import dev.warden.python.ast.Keyword;
import dev.warden.python.ast.Operator;
import dev.warden.python.ast.UnaryOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions, by precedence climbing over Python 3.13's expression grammar. Every node spans
 * the tokens its grammar rule consumed, so a parenthesized operand widens its parent (as in
 * CPython: {@code (a).b} starts at the parenthesis) but not itself.
 */
abstract class ExpressionParser extends ParserBase {
    final Targets targets = new Targets(this);
    private final StringParser strings = new StringParser(this);

    ExpressionParser(Tokens tokens, boolean patternMode) { super(tokens, patternMode); }

    // ---- tuples and starred lists ----------------------------------------------------------

    /** star_expressions: a tuple when a comma appears. */
    final Expr starExpressions() {
        int s = tokStart();
        Expr first = starExpression();
        if (!at(COMMA)) return first;
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (eat(COMMA)) {
            if (!startsExpression()) break;
            elts.add(starExpression());
        }
        return new Expr.Tuple(elts, ExprContext.Load, s, prevEnd());
    }

    final Expr starExpression() {
        if (at(STAR)) {
            int s = tokStart();
            advance();
            Expr v = bitwiseOr();
            return new Expr.Starred(v, ExprContext.Load, s, prevEnd());
        }
        return expression();
    }

    /** star_named_expression: list and set display elements. */
    final Expr starNamedExpression() {
        if (at(STAR)) {
            int s = tokStart();
            advance();
            Expr v = bitwiseOr();
            return new Expr.Starred(v, ExprContext.Load, s, prevEnd());
        }
        return namedExpression();
    }

    /** named_expression: NAME ':=' expression | expression. */
    final Expr namedExpression() {
        if (at(NAME) && peek(1) == COLONEQUAL) {
            int s = tokStart();
            String id = nameText(pos);
            advance();
            Expr target = new Expr.Name(id, ExprContext.Store, s, prevEnd());
            advance();
            Expr value = expression();
            return new Expr.NamedExpr(target, value, s, prevEnd());
        }
        Expr e = expression();
        if (at(COLONEQUAL)) throw error("cannot use assignment expressions with " + Targets.describe(e), e.start(), e.end());
        return e;
    }

    /** Whether the current token can begin an expression (used after trailing commas). */
    final boolean startsExpression() {
        switch (kind()) {
            case NAME: case NUMBER: case STRING: case FSTRING_START: case LPAR: case LSQB: case LBRACE:
            case MINUS: case PLUS: case TILDE: case NOT: case LAMBDA: case AWAIT: case STAR:
            case NONE: case TRUE: case FALSE: case ELLIPSIS:
                return true;
            default:
                return false;
        }
    }

    // ---- expression ----------------------------------------------------------------------

    final Expr expression() {
        enter();
        try {
            if (at(LAMBDA)) return lambda();
            int s = tokStart();
            Expr body = disjunction();
            if (at(IF)) {
                advance();
                Expr test = disjunction();
                if (!at(ELSE)) throw error("expected 'else' after 'if' expression", s, prevEnd());
                advance();
                Expr orelse = expression();
                return new Expr.IfExp(test, body, orelse, s, prevEnd());
            }
            return body;
        } finally {
            leave();
        }
    }

    final Expr disjunction() {
        int s = tokStart();
        Expr first = conjunction();
        if (!at(OR)) return first;
        List<Expr> values = new ArrayList<>();
        values.add(first);
        while (eat(OR)) values.add(conjunction());
        return new Expr.BoolOp(BoolOperator.Or, values, s, prevEnd());
    }

    final Expr conjunction() {
        int s = tokStart();
        Expr first = inversion();
        if (!at(AND)) return first;
        List<Expr> values = new ArrayList<>();
        values.add(first);
        while (eat(AND)) values.add(inversion());
        return new Expr.BoolOp(BoolOperator.And, values, s, prevEnd());
    }

    final Expr inversion() {
        if (at(NOT)) {
            enter();
            try {
                int s = tokStart();
                advance();
                Expr operand = inversion();
                return new Expr.UnaryOp(UnaryOperator.Not, operand, s, prevEnd());
            } finally {
                leave();
            }
        }
        return comparison();
    }

    final Expr comparison() {
        int s = tokStart();
        Expr left = bitwiseOr();
        CmpOperator op = compareOperator();
        if (op == null) return left;
        List<CmpOperator> ops = new ArrayList<>();
        List<Expr> comparators = new ArrayList<>();
        while (op != null) {
            ops.add(op);
            comparators.add(bitwiseOr());
            op = compareOperator();
        }
        return new Expr.Compare(left, ops, comparators, s, prevEnd());
    }

    /** Consumes a comparison operator if one is next. */
    private CmpOperator compareOperator() {
        switch (kind()) {
            case EQEQUAL: advance(); return CmpOperator.Eq;
            case NOTEQUAL: advance(); return CmpOperator.NotEq;
            case LESS: advance(); return CmpOperator.Lt;
            case LESSEQUAL: advance(); return CmpOperator.LtE;
            case GREATER: advance(); return CmpOperator.Gt;
            case GREATEREQUAL: advance(); return CmpOperator.GtE;
            case IN: advance(); return CmpOperator.In;
            case NOT:
                if (peek(1) == IN) { advance(); advance(); return CmpOperator.NotIn; }
                return null;
            case IS:
                advance();
                if (eat(NOT)) return CmpOperator.IsNot;
                return CmpOperator.Is;
            default:
                return null;
        }
    }

    /** Binary operators from '|' down to '*', by precedence climbing. */
    final Expr bitwiseOr() { return binary(0); }

    private static int precedence(TokenKind k) {
        switch (k) {
            case VBAR: return 0;
            case CIRCUMFLEX: return 1;
            case AMPER: return 2;
            case LEFTSHIFT: case RIGHTSHIFT: return 3;
            case PLUS: case MINUS: return 4;
            case STAR: case SLASH: case DOUBLESLASH: case PERCENT: case AT: return 5;
            default: return -1;
        }
    }

    private static Operator binaryOperator(TokenKind k) {
        switch (k) {
            case VBAR: return Operator.BitOr;
            case CIRCUMFLEX: return Operator.BitXor;
            case AMPER: return Operator.BitAnd;
            case LEFTSHIFT: return Operator.LShift;
            case RIGHTSHIFT: return Operator.RShift;
            case PLUS: return Operator.Add;
            case MINUS: return Operator.Sub;
            case STAR: return Operator.Mult;
            case SLASH: return Operator.Div;
            case DOUBLESLASH: return Operator.FloorDiv;
            case PERCENT: return Operator.Mod;
            case AT: return Operator.MatMult;
            default: throw new IllegalArgumentException(k.name());
        }
    }

    private Expr binary(int minPrecedence) {
        int s = tokStart();
        Expr left = minPrecedence > 5 ? factor() : binary(minPrecedence + 1);
        if (minPrecedence > 5) return left;
        while (precedence(kind()) == minPrecedence) {
            Operator op = binaryOperator(kind());
            advance();
            Expr right = binary(minPrecedence + 1);
            left = new Expr.BinOp(left, op, right, s, prevEnd());
        }
        return left;
    }

    final Expr factor() {
        UnaryOperator op;
        switch (kind()) {
            case PLUS: op = UnaryOperator.UAdd; break;
            case MINUS: op = UnaryOperator.USub; break;
            case TILDE: op = UnaryOperator.Invert; break;
            default: return power();
        }
        enter();
        try {
            int s = tokStart();
            advance();
            Expr operand = factor();
            return new Expr.UnaryOp(op, operand, s, prevEnd());
        } finally {
            leave();
        }
    }

    final Expr power() {
        int s = tokStart();
        Expr base = awaitPrimary();
        if (!at(DOUBLESTAR)) return base;
        advance();
        Expr exp = factor();
        return new Expr.BinOp(base, Operator.Pow, exp, s, prevEnd());
    }

    final Expr awaitPrimary() {
        if (at(AWAIT)) {
            enter();
            try {
                int s = tokStart();
                advance();
                Expr v = primary();
                return new Expr.Await(v, s, prevEnd());
            } finally {
                leave();
            }
        }
        return primary();
    }

    /** primary: atom followed by attribute, call and subscript trailers. */
    final Expr primary() {
        int s = tokStart();
        Expr e = atom();
        while (true) {
            switch (kind()) {
                case DOT: {
                    advance();
                    if (patternMode && at(ELLIPSIS)) {
                        // pattern mode: `x. ... .y()` stands for any chain of calls and attributes
                        advance();
                        e = new Expr.Attribute(e, "...", ExprContext.Load, s, prevEnd());
                        break;
                    }
                    String attr = expectName();
                    e = new Expr.Attribute(e, attr, ExprContext.Load, s, prevEnd());
                    break;
                }
                case LPAR:
                    e = callTrailer(e, s);
                    break;
                case LSQB: {
                    advance();
                    Expr slice = slices();
                    expect(RSQB);
                    e = new Expr.Subscript(e, slice, ExprContext.Load, s, prevEnd());
                    break;
                }
                default:
                    return e;
            }
        }
    }

    // ---- calls ---------------------------------------------------------------------------

    final Expr callTrailer(Expr func, int s) {
        int open = tokStart();
        advance();
        List<Expr> args = new ArrayList<>();
        List<Keyword> keywords = new ArrayList<>();
        boolean sawKeyword = false, sawDoubleStar = false;
        while (!at(RPAR)) {
            int as = tokStart();
            if (at(DOUBLESTAR)) {
                advance();
                Expr v = expression();
                keywords.add(new Keyword(null, v, as, prevEnd()));
                sawDoubleStar = true;
            } else if (at(STAR)) {
                int comma = tokens.start(pos - 1);
                advance();
                Expr v = expression();
                if (sawDoubleStar) throw error("iterable argument unpacking follows keyword argument unpacking", comma, prevEnd());
                args.add(new Expr.Starred(v, ExprContext.Load, as, prevEnd()));
            } else if (patternMode && at(NAME) && peek(1) == COLON && src[tokStart()] == '$') {
                // pattern mode: a typed metavariable, `foo($X: int)`
                String name = nameText(pos);
                advance();
                advance();
                Expr type = expression();
                args.add(new Expr.TypedMetavariable(name, type, as, prevEnd()));
            } else if (at(NAME) && peek(1) == EQUAL) {
                String name = nameText(pos);
                advance();
                advance();
                Expr v = expression();
                keywords.add(new Keyword(name, v, as, prevEnd()));
                sawKeyword = true;
            } else {
                Expr v = namedExpression();
                if (at(EQUAL)) {
                    throw error("expression cannot contain assignment, perhaps you meant \"==\"?", as, tokEnd());
                }
                if (at(FOR) || at(ASYNC)) {
                    v = soleGenerator(v, open);
                    if (!args.isEmpty() || !keywords.isEmpty() || !at(RPAR)) {
                        throw error("Generator expression must be parenthesized", as, prevEnd());
                    }
                    args.add(v);
                    continue;
                }
                if (sawDoubleStar && !patternMode) throw error("positional argument follows keyword argument unpacking", prevEnd(), prevEnd());
                if (sawKeyword && !patternMode) throw error("positional argument follows keyword argument", prevEnd(), prevEnd());
                args.add(v);
            }
            if (!eat(COMMA)) break;
        }
        if (!at(RPAR)) {
            if (kind() == ENDMARKER || kind() == NEWLINE) throw error("'(' was never closed", open, open + 1);
            throw invalidSyntax();
        }
        advance();
        return new Expr.Call(func, args, keywords, s, prevEnd());
    }

    /** A generator that is a call's only argument: its node spans the call's parentheses. */
    private Expr soleGenerator(Expr elt, int open) {
        List<Comprehension> gens = comprehensionClauses();
        int end = at(RPAR) ? tokEnd() : prevEnd();
        return new Expr.GeneratorExp(elt, gens, open, end);
    }

    final List<Comprehension> comprehensionClauses() {
        List<Comprehension> gens = new ArrayList<>();
        while (at(FOR) || (at(ASYNC) && peek(1) == FOR)) {
            int isAsync = 0;
            if (eat(ASYNC)) isAsync = 1;
            advance();
            Expr target = targets.starTargets();
            if (!at(IN)) throw invalidSyntax();
            advance();
            Expr iter = disjunction();
            List<Expr> ifs = new ArrayList<>();
            while (at(IF)) {
                advance();
                ifs.add(disjunction());
            }
            gens.add(new Comprehension(target, iter, ifs, isAsync));
        }
        return gens;
    }

    // ---- subscripts ----------------------------------------------------------------------

    /** slices: one slice, or a tuple of slices and starred expressions. */
    private Expr slices() {
        int s = tokStart();
        Expr first = sliceItem();
        if (!at(COMMA)) {
            if (first instanceof Expr.Starred) return new Expr.Tuple(List.of(first), ExprContext.Load, s, prevEnd());
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (eat(COMMA)) {
            if (at(RSQB)) break;
            elts.add(sliceItem());
        }
        return new Expr.Tuple(elts, ExprContext.Load, s, prevEnd());
    }

    private Expr sliceItem() {
        int s = tokStart();
        if (at(STAR)) {
            advance();
            Expr v = bitwiseOr();
            return new Expr.Starred(v, ExprContext.Load, s, prevEnd());
        }
        Expr lower = null;
        if (!at(COLON)) {
            lower = namedExpression();
            if (!at(COLON)) return lower;
        }
        advance();
        Expr upper = null, step = null;
        if (!at(COLON) && !at(RSQB) && !at(COMMA)) upper = expression();
        if (eat(COLON)) {
            if (!at(RSQB) && !at(COMMA)) step = expression();
        }
        return new Expr.Slice(lower, upper, step, s, prevEnd());
    }

    // ---- atoms ---------------------------------------------------------------------------

    final Expr atom() {
        int s = tokStart();
        switch (kind()) {
            case NAME: {
                String id = nameText(pos);
                advance();
                return new Expr.Name(id, ExprContext.Load, s, prevEnd());
            }
            case NUMBER:
                advance();
                return new Expr.Constant(NumberParser.parse(src, s, prevEnd()), null, s, prevEnd());
            case STRING: case FSTRING_START:
                return strings.strings();
            case NONE: advance(); return new Expr.Constant(ConstValue.Singleton.NONE, null, s, prevEnd());
            case TRUE: advance(); return new Expr.Constant(ConstValue.Singleton.TRUE, null, s, prevEnd());
            case FALSE: advance(); return new Expr.Constant(ConstValue.Singleton.FALSE, null, s, prevEnd());
            case ELLIPSIS: advance(); return new Expr.Constant(ConstValue.Singleton.ELLIPSIS, null, s, prevEnd());
            case LPAR: return parenthesized();
            case LSQB: return listDisplay();
            case LBRACE: return braceDisplay();
            case LESS:
                if (patternMode && peek(1) == ELLIPSIS) return deepEllipsis();
                throw invalidSyntax();
            default:
                throw invalidSyntax();
        }
    }

    /** Pattern mode: {@code <... e ...>}, an expression containing e anywhere. */
    private Expr deepEllipsis() {
        int s = tokStart();
        advance();
        advance();
        Expr inner = namedExpression();
        expect(ELLIPSIS);
        expect(GREATER);
        return new Expr.DeepEllipsis(inner, s, prevEnd());
    }

    private Expr parenthesized() {
        int s = tokStart();
        enter();
        try {
            advance();
            if (at(RPAR)) {
                advance();
                return new Expr.Tuple(List.of(), ExprContext.Load, s, prevEnd());
            }
            if (at(YIELD)) {
                Expr y = yieldExpression();
                expect(RPAR);
                return y;
            }
            Expr first = starNamedExpression();
            if (atComprehension(first)) {
                List<Comprehension> gens = comprehensionClauses();
                expect(RPAR);
                return new Expr.GeneratorExp(first, gens, s, prevEnd());
            }
            if (at(RPAR)) {
                advance();
                if (first instanceof Expr.Starred) throw error("cannot use starred expression here", first.start(), first.end());
                return first;
            }
            if (!at(COMMA)) {
                if (at(ENDMARKER)) throw error("'(' was never closed", s, s + 1);
                throw invalidSyntax();
            }
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (eat(COMMA)) {
                if (at(RPAR)) break;
                elts.add(starNamedExpression());
            }
            expect(RPAR);
            return new Expr.Tuple(elts, ExprContext.Load, s, prevEnd());
        } finally {
            leave();
        }
    }

    private Expr listDisplay() {
        int s = tokStart();
        enter();
        try {
            advance();
            List<Expr> elts = new ArrayList<>();
            if (!at(RSQB)) {
                Expr first = starNamedExpression();
                if (atComprehension(first)) {
                    List<Comprehension> gens = comprehensionClauses();
                    expect(RSQB);
                    return new Expr.ListComp(first, gens, s, prevEnd());
                }
                elts.add(first);
                while (eat(COMMA)) {
                    if (at(RSQB)) break;
                    elts.add(starNamedExpression());
                }
            }
            expect(RSQB);
            return new Expr.List(elts, ExprContext.Load, s, prevEnd());
        } finally {
            leave();
        }
    }

    private Expr braceDisplay() {
        int s = tokStart();
        enter();
        try {
            advance();
            if (eat(RBRACE)) return new Expr.Dict(List.of(), List.of(), s, prevEnd());
            if (at(DOUBLESTAR)) return dictRest(s, null, null, false);
            Expr first = starNamedExpression();
            if (at(COLON) && !(first instanceof Expr.Starred)) {
                advance();
                Expr value = expression();
                if (at(FOR) || at(ASYNC)) {
                    List<Comprehension> gens = comprehensionClauses();
                    expect(RBRACE);
                    return new Expr.DictComp(first, value, gens, s, prevEnd());
                }
                return dictRest(s, first, value, false);
            }
            if (atComprehension(first)) {
                List<Comprehension> gens = comprehensionClauses();
                expect(RBRACE);
                return new Expr.SetComp(first, gens, s, prevEnd());
            }
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (eat(COMMA)) {
                if (at(RBRACE)) break;
                Expr e = starNamedExpression();
                if (patternMode && at(COLON) && allEllipses(elts)) return dictAfterEllipses(s, elts.size(), e);
                elts.add(e);
            }
            expect(RBRACE);
            return new Expr.Set(elts, s, prevEnd());
        } finally {
            leave();
        }
    }

    private static boolean allEllipses(List<Expr> elts) {
        for (Expr e : elts) if (!isEllipsis(e)) return false;
        return true;
    }

    static boolean isEllipsis(Expr e) {
        return e instanceof Expr.Constant && ((Expr.Constant) e).value() == ConstValue.Singleton.ELLIPSIS;
    }

    /**
     * Pattern mode: {@code {..., k: v, ...}} turned out to be a dict after some leading
     * {@code ...} entries; each {@code ...} entry is kept as a {@code **...} item.
     */
    private Expr dictAfterEllipses(int s, int ellipses, Expr key) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        for (int i = 0; i < ellipses; i++) {
            keys.add(null);
            values.add(new Expr.Constant(ConstValue.Singleton.ELLIPSIS, null, s, s));
        }
        advance(); // ':'
        keys.add(key);
        values.add(expression());
        Expr.Dict rest = (Expr.Dict) dictRest(s, null, null, true);
        keys.addAll(rest.keys());
        values.addAll(rest.values());
        return new Expr.Dict(keys, values, s, rest.end());
    }

    /** Whether comprehension clauses follow an element; a starred element cannot have them. */
    private boolean atComprehension(Expr element) {
        if (!at(FOR) && !(at(ASYNC) && peek(1) == FOR)) return false;
        if (element instanceof Expr.Starred) throw error("iterable unpacking cannot be used in comprehension", element.start(), element.end());
        return true;
    }

    /** The rest of a dict display, after an optional first key/value pair. */
    private Expr dictRest(int s, Expr firstKey, Expr firstValue, boolean afterItem) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        boolean needItem = firstKey == null && !afterItem;
        int firstUnpack = -1;
        if (firstKey != null) {
            keys.add(firstKey);
            values.add(firstValue);
        }
        while (true) {
            if (!needItem) {
                if (!eat(COMMA)) break;
                if (at(RBRACE)) break;
            }
            needItem = false;
            if (at(DOUBLESTAR)) {
                if (firstUnpack < 0) firstUnpack = tokStart();
                advance();
                keys.add(null);
                values.add(bitwiseOr());
            } else if (patternMode && at(ELLIPSIS) && (peek(1) == COMMA || peek(1) == RBRACE)) {
                int es = tokStart();
                advance();
                keys.add(null);
                values.add(new Expr.Constant(ConstValue.Singleton.ELLIPSIS, null, es, prevEnd()));
            } else {
                Expr k = expression();
                if (!at(COLON)) throw invalidSyntax();
                advance();
                keys.add(k);
                values.add(expression());
            }
        }
        if ((at(FOR) || at(ASYNC)) && firstUnpack >= 0) throw error("dict unpacking cannot be used in dict comprehension", firstUnpack, prevEnd());
        expect(RBRACE);
        return new Expr.Dict(keys, values, s, prevEnd());
    }

    // ---- lambda, yield --------------------------------------------------------------------

    private Expr lambda() {
        int s = tokStart();
        advance();
        Arguments args = parameters(COLON, false);
        expect(COLON);
        Expr body = expression();
        return new Expr.Lambda(args, body, s, prevEnd());
    }

    final Expr yieldExpression() {
        int s = tokStart();
        advance();
        if (eat(FROM)) {
            Expr v = expression();
            return new Expr.YieldFrom(v, s, prevEnd());
        }
        Expr v = null;
        if (startsExpression()) v = starExpressions();
        return new Expr.Yield(v, s, prevEnd());
    }

    // ---- parameters ----------------------------------------------------------------------

    /**
     * Function or lambda parameters up to {@code close}: positional-only before '/', '*' or
     * '*args' before keyword-only, '**kwargs' last. Annotations only for functions.
     */
    final Arguments parameters(TokenKind close, boolean annotations) {
        List<Arg> posonly = new ArrayList<>(0);
        List<Arg> args = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        Arg vararg = null, kwarg = null;
        List<Arg> kwonly = new ArrayList<>(0);
        List<Expr> kwDefaults = new ArrayList<>(0);
        boolean sawStar = false, sawSlash = false;
        while (!at(close)) {
            int ps = tokStart();
            if (at(SLASH)) {
                if (sawSlash) throw error("/ may appear only once", ps, tokEnd());
                if (sawStar) throw error("/ must be ahead of *", ps, tokEnd());
                if (args.isEmpty()) throw error("at least one argument must precede /", ps, tokEnd());
                advance();
                sawSlash = true;
                posonly.addAll(args);
                args.clear();
            } else if (at(STAR)) {
                if (sawStar) throw error("* argument may appear only once", ps, tokEnd());
                advance();
                sawStar = true;
                if (at(NAME)) {
                    vararg = param(annotations, true);
                } else if (at(COMMA) && peek(1) == close || at(close)) {
                    throw error("named arguments must follow bare *", ps, ps + 1);
                }
            } else if (at(DOUBLESTAR)) {
                advance();
                kwarg = param(annotations, false);
                if (at(EQUAL)) throw error("var-keyword argument cannot have default value", tokStart(), tokEnd());
                eat(COMMA);
                if (!at(close)) throw error("arguments cannot follow var-keyword argument", tokStart(), tokEnd());
                break;
            } else if (patternMode && at(ELLIPSIS)) {
                advance();
                Arg a = new Arg("...", null, null, ps, prevEnd());
                if (sawStar) {
                    kwonly.add(a);
                    kwDefaults.add(null);
                } else {
                    args.add(a);
                    // keep defaults aligned with the parameters after the first default
                    if (!defaults.isEmpty()) defaults.add(new Expr.Constant(ConstValue.Singleton.ELLIPSIS, null, ps, prevEnd()));
                }
            } else if (at(NAME)) {
                Arg a = param(annotations, false);
                Expr dflt = null;
                if (eat(EQUAL)) dflt = expression();
                if (sawStar) {
                    kwonly.add(a);
                    kwDefaults.add(dflt);
                } else {
                    if (dflt != null) defaults.add(dflt);
                    else if (!defaults.isEmpty() && !patternMode) {
                        throw error("parameter without a default follows parameter with a default", a.start(), a.end());
                    }
                    args.add(a);
                }
            } else {
                throw invalidSyntax();
            }
            if (!eat(COMMA)) break;
        }
        if (sawStar && vararg == null && kwonly.isEmpty()) {
            throw error("named arguments must follow bare *", tokStart(), tokEnd());
        }
        return new Arguments(posonly, args, vararg, kwonly, kwDefaults, kwarg, defaults);
    }

    private Arg param(boolean annotations, boolean starAnnotation) {
        int s = tokStart();
        String name = expectName();
        Expr annotation = null;
        if (annotations && eat(COLON)) {
            if (starAnnotation && at(STAR)) {
                int ss = tokStart();
                advance();
                Expr v = bitwiseOr();
                annotation = new Expr.Starred(v, ExprContext.Load, ss, prevEnd());
            } else {
                annotation = expression();
            }
        }
        return new Arg(name, annotation, null, s, prevEnd());
    }
}
