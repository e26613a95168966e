package dev.warden.python;

import static dev.warden.python.TokenKind.*;

import dev.warden.python.ast.CasePattern;
import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.ExprContext;
import dev.warden.python.ast.Operator;
import dev.warden.python.ast.UnaryOperator;
import java.util.ArrayList;
import java.util.List;

/** The patterns of {@code match}/{@code case} statements (PEP 634). */
abstract class CasePatternParser extends ExpressionParser {
    CasePatternParser(Tokens tokens, boolean patternMode) { super(tokens, patternMode); }

    /** patterns: an open sequence (a, b) or a single pattern. */
    final CasePattern casePatterns() {
        int s = tokStart();
        CasePattern first = maybeStarPattern();
        if (!at(COMMA)) {
            if (first instanceof CasePattern.MatchStar) return new CasePattern.MatchSequence(List.of(first), s, prevEnd());
            return first;
        }
        List<CasePattern> items = new ArrayList<>();
        items.add(first);
        while (eat(COMMA)) {
            if (at(COLON) || at(IF)) break;
            items.add(maybeStarPattern());
        }
        return new CasePattern.MatchSequence(items, s, prevEnd());
    }

    private CasePattern maybeStarPattern() {
        if (at(STAR)) {
            int s = tokStart();
            advance();
            String name = expectName();
            return new CasePattern.MatchStar("_".equals(name) ? null : name, s, prevEnd());
        }
        return pattern();
    }

    /** as_pattern | or_pattern */
    final CasePattern pattern() {
        enter();
        try {
            int s = tokStart();
            CasePattern p = orPattern();
            if (at(AS)) {
                advance();
                if (!at(NAME)) throw invalidSyntax();
                if (atSoft("_")) throw error("cannot use '_' as a target", tokStart(), tokEnd());
                String name = expectName();
                if (at(DOT) || at(LPAR) || at(EQUAL)) throw error("invalid pattern target", tokStart(), tokEnd());
                return new CasePattern.MatchAs(p, name, s, prevEnd());
            }
            return p;
        } finally {
            leave();
        }
    }

    private CasePattern orPattern() {
        int s = tokStart();
        CasePattern first = closedPattern();
        if (!at(VBAR)) return first;
        List<CasePattern> alts = new ArrayList<>();
        alts.add(first);
        while (eat(VBAR)) alts.add(closedPattern());
        return new CasePattern.MatchOr(alts, s, prevEnd());
    }

    private CasePattern closedPattern() {
        int s = tokStart();
        switch (kind()) {
            case NUMBER: case MINUS: {
                Expr v = signedNumberOrComplex();
                return new CasePattern.MatchValue(v, s, prevEnd());
            }
            case STRING: case FSTRING_START: {
                Expr v = atom();
                if (v instanceof Expr.JoinedStr) throw error("patterns may only match literals and attribute lookups", v.start(), v.end());
                return new CasePattern.MatchValue(v, s, prevEnd());
            }
            case NONE: advance(); return new CasePattern.MatchSingleton(ConstValue.Singleton.NONE, s, prevEnd());
            case TRUE: advance(); return new CasePattern.MatchSingleton(ConstValue.Singleton.TRUE, s, prevEnd());
            case FALSE: advance(); return new CasePattern.MatchSingleton(ConstValue.Singleton.FALSE, s, prevEnd());
            case LPAR: return groupOrSequence('(', RPAR);
            case LSQB: return groupOrSequence('[', RSQB);
            case LBRACE: return mappingPattern();
            case NAME: return nameOrClassPattern();
            default: throw invalidSyntax();
        }
    }

    private Expr signedNumberOrComplex() {
        int s = tokStart();
        Expr real = signedNumber();
        if (at(PLUS) || at(MINUS)) {
            Operator op = at(PLUS) ? Operator.Add : Operator.Sub;
            advance();
            int is = tokStart();
            if (!at(NUMBER)) throw invalidSyntax();
            advance();
            Expr imag = new Expr.Constant(NumberParser.parse(src, is, prevEnd()), null, is, prevEnd());
            if (!(((Expr.Constant) imag).value() instanceof ConstValue.Imaginary)) throw error("imaginary number required in complex literal", is, prevEnd());
            return new Expr.BinOp(real, op, imag, s, prevEnd());
        }
        return real;
    }

    private Expr signedNumber() {
        int s = tokStart();
        if (eat(MINUS)) {
            int ns = tokStart();
            if (!at(NUMBER)) throw invalidSyntax();
            advance();
            Expr n = new Expr.Constant(NumberParser.parse(src, ns, prevEnd()), null, ns, prevEnd());
            return new Expr.UnaryOp(UnaryOperator.USub, n, s, prevEnd());
        }
        if (!at(NUMBER)) throw invalidSyntax();
        advance();
        return new Expr.Constant(NumberParser.parse(src, s, prevEnd()), null, s, prevEnd());
    }

    private CasePattern groupOrSequence(char open, TokenKind close) {
        int s = tokStart();
        advance();
        if (eat(close)) return new CasePattern.MatchSequence(List.of(), s, prevEnd());
        CasePattern first = maybeStarPattern();
        if (open == '(' && at(RPAR) && !(first instanceof CasePattern.MatchStar)) {
            advance();
            return first; // a group: keeps the inner pattern's own range
        }
        List<CasePattern> items = new ArrayList<>();
        items.add(first);
        while (eat(COMMA)) {
            if (at(close)) break;
            items.add(maybeStarPattern());
        }
        expect(close);
        return new CasePattern.MatchSequence(items, s, prevEnd());
    }

    private CasePattern mappingPattern() {
        int s = tokStart();
        advance();
        List<Expr> keys = new ArrayList<>();
        List<CasePattern> values = new ArrayList<>();
        String rest = null;
        while (!at(RBRACE)) {
            if (at(DOUBLESTAR)) {
                advance();
                rest = expectName();
                eat(COMMA);
                if (!at(RBRACE)) throw invalidSyntax();
                break;
            }
            keys.add(mappingKey());
            expect(COLON);
            values.add(pattern());
            if (!eat(COMMA)) break;
        }
        expect(RBRACE);
        return new CasePattern.MatchMapping(keys, values, rest, s, prevEnd());
    }

    private Expr mappingKey() {
        int s = tokStart();
        switch (kind()) {
            case NUMBER: case MINUS: return signedNumberOrComplex();
            case STRING: case FSTRING_START: return atom();
            case NONE: advance(); return new Expr.Constant(ConstValue.Singleton.NONE, null, s, prevEnd());
            case TRUE: advance(); return new Expr.Constant(ConstValue.Singleton.TRUE, null, s, prevEnd());
            case FALSE: advance(); return new Expr.Constant(ConstValue.Singleton.FALSE, null, s, prevEnd());
            case NAME: {
                Expr e = dottedName();
                if (!(e instanceof Expr.Attribute)) throw invalidSyntax();
                return e;
            }
            default: throw invalidSyntax();
        }
    }

    private Expr dottedName() {
        int s = tokStart();
        Expr e = new Expr.Name(expectName(), ExprContext.Load, s, prevEnd());
        while (at(DOT)) {
            advance();
            String attr = expectName();
            e = new Expr.Attribute(e, attr, ExprContext.Load, s, prevEnd());
        }
        return e;
    }

    private CasePattern nameOrClassPattern() {
        int s = tokStart();
        Expr name = dottedName();
        if (at(LPAR)) return classPattern(name, s);
        if (name instanceof Expr.Name) {
            String id = ((Expr.Name) name).id();
            if ("_".equals(id)) return new CasePattern.MatchAs(null, null, s, prevEnd());
            return new CasePattern.MatchAs(null, id, s, prevEnd());
        }
        return new CasePattern.MatchValue(name, s, prevEnd());
    }

    private CasePattern classPattern(Expr cls, int s) {
        advance();
        List<CasePattern> patterns = new ArrayList<>();
        List<String> kwdAttrs = new ArrayList<>();
        List<CasePattern> kwdPatterns = new ArrayList<>();
        while (!at(RPAR)) {
            if (at(NAME) && peek(1) == EQUAL) {
                kwdAttrs.add(expectName());
                advance();
                kwdPatterns.add(pattern());
            } else {
                int ps = tokStart();
                CasePattern p = pattern();
                if (!kwdAttrs.isEmpty()) throw error("positional patterns follow keyword patterns", ps, prevEnd());
                patterns.add(p);
            }
            if (!eat(COMMA)) break;
        }
        expect(RPAR);
        return new CasePattern.MatchClass(cls, patterns, kwdAttrs, kwdPatterns, s, prevEnd());
    }
}
