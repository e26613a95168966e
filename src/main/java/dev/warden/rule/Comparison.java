package dev.warden.rule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Semgrep's {@code metavariable-comparison} expression language: a small, Python-like expression
 * evaluated over metavariable values.
 *
 * <p>Supported: int literals (decimal, {@code 0x}, {@code 0o}, {@code 0b}, underscores), float
 * literals, string literals ({@code '...'}, {@code "..."}, triple-quoted, {@code r}/{@code b}/{@code u}
 * prefixes), {@code True}/{@code False}/{@code None}, list literals, metavariables {@code $X},
 * arithmetic {@code + - * / // % **} and unary {@code + - ~}, bitwise {@code | ^ & << >>},
 * comparisons {@code == != < <= > >= in, not in, is, is not} (chained as in Python), boolean
 * {@code and or not}, and the functions {@code int str float bool len abs min max today strptime
 * re.match re.search re.fullmatch}.
 *
 * <p>Values: {@link BigInteger} (Python int), {@link Double} (float), {@link String}, {@link Boolean},
 * {@link List} and {@code null} (None). As in Semgrep, a type error (e.g. {@code "a" < 1}) or an
 * unbound metavariable makes the whole comparison false rather than failing.
 *
 * <p>{@code today()} and {@code strptime("yyyy-mm-dd")} return, as Semgrep documents, a float of
 * epoch time in seconds (UTC midnight of the date), so they compare with each other.
 */
public final class Comparison {

    private final Node root;
    private final String source;

    private Comparison(Node root, String source) {
        this.root = root;
        this.source = source;
    }

    /** Parses an expression; throws {@link IllegalArgumentException} naming the column (1-based) of an error. */
    public static Comparison parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        Parser p = new Parser(expression);
        Node n = p.parseExpression();
        p.expectEnd();
        return new Comparison(n, expression);
    }

    /** The expression text this was parsed from. */
    public String source() {
        return source;
    }

    /** Metavariables the expression mentions, in order of first appearance. */
    public List<String> metavariables() {
        List<String> out = new ArrayList<>();
        collectMetavariables(root, out);
        return out;
    }

    private static void collectMetavariables(Node n, List<String> out) {
        if (n instanceof Metavar m) {
            if (!out.contains(m.name)) out.add(m.name);
        } else if (n instanceof Unary u) {
            collectMetavariables(u.operand, out);
        } else if (n instanceof Binary b) {
            collectMetavariables(b.left, out);
            collectMetavariables(b.right, out);
        } else if (n instanceof BoolOp b) {
            collectMetavariables(b.left, out);
            collectMetavariables(b.right, out);
        } else if (n instanceof Compare c) {
            for (Node o : c.operands) collectMetavariables(o, out);
        } else if (n instanceof ListLit l) {
            for (Node o : l.items) collectMetavariables(o, out);
        } else if (n instanceof Call c) {
            for (Node o : c.args) collectMetavariables(o, out);
        }
    }

    /**
     * Evaluates the expression; {@code metavariables} maps a name such as {@code "$X"} to its value
     * ({@link BigInteger}, {@link Long}, {@link Integer}, {@link Double}, {@link String},
     * {@link Boolean}, {@link List}) or {@code null} when unbound. Returns the truthiness of the result;
     * false on an unbound metavariable or any evaluation error.
     */
    public boolean test(Function<String, Object> metavariables) {
        try {
            return truthy(evaluate(metavariables));
        } catch (EvalException e) {
            return false;
        }
    }

    /**
     * Evaluates the expression to a value; throws {@link IllegalStateException} on an unbound
     * metavariable or a type error.
     */
    public Object evaluate(Function<String, Object> metavariables) {
        return new Evaluator(metavariables).eval(root);
    }

    @Override
    public String toString() {
        return source;
    }

    // ------------------------------------------------------------------------------------------
    // Values from bound source text (the strip/base options)

    /**
     * Turns the source text bound to a metavariable into a value the way Semgrep does: with
     * {@code strip}, quotes ({@code ' " `}) are removed from both ends first; with {@code base}, the
     * text is read as an integer in that base (an optional sign, the base's prefix and underscores
     * allowed); otherwise a Python int or float literal (optionally signed) becomes a number,
     * {@code True}/{@code False} a boolean, a (non-f) string literal its decoded contents, and any
     * other code its raw text.
     */
    public static Object valueOf(String boundText, boolean strip, Integer base) {
        if (boundText == null) return null;
        String text = boundText.strip();
        if (strip) {
            String decoded = decodeStringLiteral(text);
            if (decoded != null) {
                text = decoded;
            } else {
                int s = 0, e = text.length();
                while (s < e && isQuote(text.charAt(s))) s++;
                while (e > s && isQuote(text.charAt(e - 1))) e--;
                text = text.substring(s, e);
            }
            text = text.strip();
        }
        if (base != null) {
            BigInteger v = parseIntInBase(text, base);
            if (v != null) return v;
        }
        Object number = parseNumberLiteral(text);
        if (number != null) return number;
        if (text.equals("True")) return Boolean.TRUE;
        if (text.equals("False")) return Boolean.FALSE;
        if (!strip) {
            String decoded = decodeStringLiteral(text);
            if (decoded != null) return decoded;
        }
        return text;
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '`';
    }

    /** Reads {@code text} as an integer in {@code base} (2..36), or returns null. */
    static BigInteger parseIntInBase(String text, int base) {
        if (base < 2 || base > 36) return null;
        String t = text.strip().replace("_", "");
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (base == 16 && lower.startsWith("0x")) t = t.substring(2);
        else if (base == 8 && lower.startsWith("0o")) t = t.substring(2);
        else if (base == 2 && lower.startsWith("0b")) t = t.substring(2);
        if (t.isEmpty()) return null;
        try {
            BigInteger v = new BigInteger(t, base);
            return neg ? v.negate() : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A Python int/float literal (optionally signed) as BigInteger/Double, else null. */
    static Object parseNumberLiteral(String text) {
        String t = text.strip();
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1).strip();
        }
        if (t.isEmpty() || !(Character.isDigit(t.charAt(0)) || t.charAt(0) == '.')) return null;
        Lexer lx = new Lexer(t);
        Token tok;
        try {
            tok = lx.next();
            if (lx.next().kind != Kind.EOF) return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (tok.kind != Kind.NUMBER) return null;
        Object v = tok.value;
        if (!neg) return v;
        return v instanceof BigInteger b ? b.negate() : (Object) (-(Double) v);
    }

    /**
     * Decodes a Python string literal (with optional r/b/u prefix, single, double or triple quotes,
     * and adjacent literals concatenated); returns null for anything else, including f-strings.
     */
    static String decodeStringLiteral(String text) {
        String t = text.strip();
        if (t.isEmpty()) return null;
        Lexer lx = new Lexer(t);
        StringBuilder sb = new StringBuilder();
        int count = 0;
        try {
            while (true) {
                Token tok = lx.next();
                if (tok.kind == Kind.EOF) break;
                if (tok.kind != Kind.STRING) return null;
                sb.append((String) tok.value);
                count++;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return count == 0 ? null : sb.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Lexer

    private enum Kind { NUMBER, STRING, NAME, METAVAR, OP, EOF }

    private record Token(Kind kind, String text, Object value, int pos) {}

    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        private IllegalArgumentException error(int pos, String msg) {
            return new IllegalArgumentException("invalid comparison expression at column " + (pos + 1) + ": " + msg
                    + " in: " + s);
        }

        Token next() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= s.length()) return new Token(Kind.EOF, "", null, i);
            int start = i;
            char c = s.charAt(i);
            if (c == '$') {
                i++;
                if (i < s.length() && s.startsWith("...", i)) i += 3;
                int ns = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                if (i == ns) throw error(start, "expected a metavariable name after '$'");
                return new Token(Kind.METAVAR, s.substring(start, i), null, start);
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                return number(start);
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                String word = s.substring(start, i);
                if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"') && isStringPrefix(word)) {
                    return string(start, word.toLowerCase(Locale.ROOT));
                }
                return new Token(Kind.NAME, word, null, start);
            }
            if (c == '\'' || c == '"') return string(start, "");
            String[] ops = {"**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+", "-", "*", "/", "%", "<", ">",
                    "(", ")", "[", "]", ",", ".", "|", "&", "^", "~"};
            for (String op : ops) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    return new Token(Kind.OP, op, null, start);
                }
            }
            throw error(start, "unexpected character '" + c + "'");
        }

        private static boolean isStringPrefix(String w) {
            String l = w.toLowerCase(Locale.ROOT);
            return l.equals("r") || l.equals("b") || l.equals("u") || l.equals("br") || l.equals("rb");
        }

        private Token number(int start) {
            String lower = s.substring(i, Math.min(s.length(), i + 2)).toLowerCase(Locale.ROOT);
            if (lower.equals("0x") || lower.equals("0o") || lower.equals("0b")) {
                int radix = lower.equals("0x") ? 16 : lower.equals("0o") ? 8 : 2;
                i += 2;
                int ds = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                String digits = s.substring(ds, i);
                if (digits.isEmpty() || digits.startsWith("_") && digits.length() == 1 || digits.endsWith("_")
                        || digits.contains("__")) {
                    throw error(start, "malformed integer literal");
                }
                try {
                    return new Token(Kind.NUMBER, s.substring(start, i), new BigInteger(digits.replace("_", ""), radix), start);
                } catch (NumberFormatException e) {
                    throw error(start, "malformed integer literal '" + s.substring(start, i) + "'");
                }
            }
            boolean isFloat = false;
            digitRun();
            if (i < s.length() && s.charAt(i) == '.' && !(i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))
                    && Character.toLowerCase(s.charAt(i + 1)) != 'e')) {
                isFloat = true;
                i++;
                digitRun();
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                int save = i;
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
                if (i < s.length() && Character.isDigit(s.charAt(i))) {
                    isFloat = true;
                    digitRun();
                } else {
                    i = save;
                }
            }
            if (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                throw error(start, "malformed number literal");
            }
            String lit = s.substring(start, i);
            if (lit.contains("__") || lit.endsWith("_") || lit.contains("_.") || lit.contains("._")) {
                throw error(start, "malformed number literal '" + lit + "'");
            }
            String clean = lit.replace("_", "");
            if (isFloat) return new Token(Kind.NUMBER, lit, Double.parseDouble(clean), start);
            return new Token(Kind.NUMBER, lit, new BigInteger(clean), start);
        }

        private void digitRun() {
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        }

        private Token string(int start, String prefix) {
            boolean raw = prefix.contains("r");
            char q = s.charAt(i);
            boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
            i += triple ? 3 : 1;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error(start, "unterminated string literal");
                char c = s.charAt(i);
                if (triple ? s.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
                    i += triple ? 3 : 1;
                    break;
                }
                if (!triple && c == '\n') throw error(start, "unterminated string literal");
                if (c == '\\' && i + 1 < s.length()) {
                    if (raw) {
                        sb.append(c).append(s.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    i++;
                    escape(sb);
                    continue;
                }
                sb.append(c);
                i++;
            }
            return new Token(Kind.STRING, s.substring(start, i), sb.toString(), start);
        }

        private void escape(StringBuilder sb) {
            char e = s.charAt(i++);
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case 'x' -> sb.appendCodePoint(hex(2));
                case 'u' -> sb.appendCodePoint(hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                            v = v * 8 + (s.charAt(i++) - '0');
                        }
                        sb.append((char) v);
                    } else {
                        sb.append('\\').append(e); // unknown escapes are kept, as in Python
                    }
                }
            }
        }

        private int hex(int n) {
            if (i + n > s.length()) throw error(i, "truncated escape");
            try {
                int v = Integer.parseInt(s.substring(i, i + n), 16);
                i += n;
                return v;
            } catch (NumberFormatException ex) {
                throw error(i, "malformed escape");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // AST

    private sealed interface Node permits Literal, Metavar, Unary, Binary, BoolOp, Compare, ListLit, Call {}

    private record Literal(Object value) implements Node {}

    private record Metavar(String name) implements Node {}

    private record Unary(String op, Node operand) implements Node {}

    private record Binary(String op, Node left, Node right) implements Node {}

    private record BoolOp(String op, Node left, Node right) implements Node {}

    private record Compare(List<Node> operands, List<String> ops) implements Node {}

    private record ListLit(List<Node> items) implements Node {}

    private record Call(String function, List<Node> args) implements Node {}

    private static final java.util.Set<String> FUNCTIONS = java.util.Set.of("int", "str", "float", "bool", "len",
            "abs", "min", "max", "today", "strptime", "re.match", "re.search", "re.fullmatch");

    // ------------------------------------------------------------------------------------------
    // Parser (Python precedence)

    private static final class Parser {
        private final Lexer lexer;
        private final String src;
        private Token tok;

        Parser(String src) {
            this.src = src;
            this.lexer = new Lexer(src);
            this.tok = lexer.next();
        }

        private IllegalArgumentException error(Token t, String msg) {
            return new IllegalArgumentException("invalid comparison expression at column " + (t.pos + 1) + ": " + msg
                    + " in: " + src);
        }

        private String describe(Token t) {
            return t.kind == Kind.EOF ? "end of expression" : "'" + t.text + "'";
        }

        private void advance() {
            tok = lexer.next();
        }

        private boolean isOp(String op) {
            return tok.kind == Kind.OP && tok.text.equals(op);
        }

        private boolean isName(String n) {
            return tok.kind == Kind.NAME && tok.text.equals(n);
        }

        private void expectOp(String op) {
            if (!isOp(op)) throw error(tok, "expected '" + op + "' but found " + describe(tok));
            advance();
        }

        void expectEnd() {
            if (tok.kind != Kind.EOF) throw error(tok, "unexpected " + describe(tok));
        }

        Node parseExpression() {
            return or();
        }

        private Node or() {
            Node l = and();
            while (isName("or")) {
                advance();
                l = new BoolOp("or", l, and());
            }
            return l;
        }

        private Node and() {
            Node l = not();
            while (isName("and")) {
                advance();
                l = new BoolOp("and", l, not());
            }
            return l;
        }

        private Node not() {
            if (isName("not")) {
                advance();
                return new Unary("not", not());
            }
            return comparison();
        }

        private Node comparison() {
            Node first = bitOr();
            List<Node> operands = new ArrayList<>();
            List<String> ops = new ArrayList<>();
            operands.add(first);
            while (true) {
                String op = null;
                if (tok.kind == Kind.OP && List.of("==", "!=", "<", "<=", ">", ">=").contains(tok.text)) {
                    op = tok.text;
                    advance();
                } else if (isName("in")) {
                    op = "in";
                    advance();
                } else if (isName("not")) {
                    Token save = tok;
                    advance();
                    if (!isName("in")) throw error(save, "expected 'in' after 'not' in a comparison");
                    advance();
                    op = "not in";
                } else if (isName("is")) {
                    advance();
                    if (isName("not")) {
                        advance();
                        op = "is not";
                    } else {
                        op = "is";
                    }
                }
                if (op == null) break;
                ops.add(op);
                operands.add(bitOr());
            }
            return ops.isEmpty() ? first : new Compare(operands, ops);
        }

        private Node bitOr() {
            Node l = bitXor();
            while (isOp("|")) {
                advance();
                l = new Binary("|", l, bitXor());
            }
            return l;
        }

        private Node bitXor() {
            Node l = bitAnd();
            while (isOp("^")) {
                advance();
                l = new Binary("^", l, bitAnd());
            }
            return l;
        }

        private Node bitAnd() {
            Node l = shift();
            while (isOp("&")) {
                advance();
                l = new Binary("&", l, shift());
            }
            return l;
        }

        private Node shift() {
            Node l = arith();
            while (isOp("<<") || isOp(">>")) {
                String op = tok.text;
                advance();
                l = new Binary(op, l, arith());
            }
            return l;
        }

        private Node arith() {
            Node l = term();
            while (isOp("+") || isOp("-")) {
                String op = tok.text;
                advance();
                l = new Binary(op, l, term());
            }
            return l;
        }

        private Node term() {
            Node l = unary();
            while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
                String op = tok.text;
                advance();
                l = new Binary(op, l, unary());
            }
            return l;
        }

        private Node unary() {
            if (isOp("-") || isOp("+") || isOp("~")) {
                String op = tok.text;
                advance();
                return new Unary(op, unary());
            }
            return power();
        }

        private Node power() {
            Node base = atom();
            if (isOp("**")) {
                advance();
                return new Binary("**", base, unary()); // right-associative; binds tighter than unary on its left
            }
            return base;
        }

        private Node atom() {
            Token t = tok;
            switch (t.kind) {
                case NUMBER -> {
                    advance();
                    return new Literal(t.value);
                }
                case STRING -> {
                    StringBuilder sb = new StringBuilder((String) t.value);
                    advance();
                    while (tok.kind == Kind.STRING) { // implicit concatenation
                        sb.append((String) tok.value);
                        advance();
                    }
                    return new Literal(sb.toString());
                }
                case METAVAR -> {
                    advance();
                    return new Metavar(t.text);
                }
                case NAME -> {
                    advance();
                    switch (t.text) {
                        case "True": return new Literal(Boolean.TRUE);
                        case "False": return new Literal(Boolean.FALSE);
                        case "None": return new Literal(null);
                        case "and", "or", "not", "in", "is":
                            throw error(t, "unexpected keyword '" + t.text + "'");
                        default: break;
                    }
                    String name = t.text;
                    while (isOp(".")) {
                        advance();
                        if (tok.kind != Kind.NAME) throw error(tok, "expected a name after '.'");
                        name = name + "." + tok.text;
                        advance();
                    }
                    if (!isOp("(")) throw error(t, "unknown name '" + name + "' (only metavariables and function calls are allowed)");
                    if (!FUNCTIONS.contains(name)) throw error(t, "unsupported function '" + name + "'");
                    advance();
                    List<Node> args = new ArrayList<>();
                    if (!isOp(")")) {
                        args.add(parseExpression());
                        while (isOp(",")) {
                            advance();
                            if (isOp(")")) break;
                            args.add(parseExpression());
                        }
                    }
                    expectOp(")");
                    checkArity(t, name, args.size());
                    return new Call(name, args);
                }
                case OP -> {
                    if (t.text.equals("(")) {
                        advance();
                        Node inner = parseExpression();
                        if (isOp(",")) throw error(tok, "tuples are not supported");
                        expectOp(")");
                        return inner;
                    }
                    if (t.text.equals("[")) {
                        advance();
                        List<Node> items = new ArrayList<>();
                        if (!isOp("]")) {
                            items.add(parseExpression());
                            while (isOp(",")) {
                                advance();
                                if (isOp("]")) break;
                                items.add(parseExpression());
                            }
                        }
                        expectOp("]");
                        return new ListLit(items);
                    }
                    throw error(t, "unexpected " + describe(t));
                }
                default -> throw error(t, "unexpected end of expression");
            }
        }

        private void checkArity(Token t, String f, int n) {
            int min, max;
            switch (f) {
                case "today" -> { min = 0; max = 0; }
                case "int" -> { min = 0; max = 2; }
                case "str", "float", "bool" -> { min = 0; max = 1; }
                case "len", "abs" -> { min = 1; max = 1; }
                case "strptime" -> { min = 1; max = 2; }
                case "re.match", "re.search", "re.fullmatch" -> { min = 2; max = 2; }
                case "min", "max" -> { min = 1; max = Integer.MAX_VALUE; }
                default -> { min = 0; max = Integer.MAX_VALUE; }
            }
            if (n < min || n > max) {
                throw error(t, f + "() takes " + (min == max ? String.valueOf(min) : min + ".." + (max == Integer.MAX_VALUE ? "n" : max))
                        + " argument(s) but " + n + " given");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Evaluation

    private static final class EvalException extends IllegalStateException {
        EvalException(String msg) {
            super(msg);
        }
    }

    private static EvalException typeError(String msg) {
        return new EvalException(msg);
    }

    private static final class Evaluator {
        private final Function<String, Object> env;

        Evaluator(Function<String, Object> env) {
            this.env = env;
        }

        Object eval(Node n) {
            if (n instanceof Literal l) return l.value;
            if (n instanceof Metavar m) {
                Object v = env.apply(m.name);
                if (v == null) throw new EvalException("unbound metavariable " + m.name);
                return normalize(v);
            }
            if (n instanceof ListLit l) {
                List<Object> out = new ArrayList<>();
                for (Node item : l.items) out.add(eval(item));
                return out;
            }
            if (n instanceof BoolOp b) {
                Object left = eval(b.left);
                if (b.op.equals("and")) return truthy(left) ? eval(b.right) : left;
                return truthy(left) ? left : eval(b.right);
            }
            if (n instanceof Unary u) {
                Object v = eval(u.operand);
                return switch (u.op) {
                    case "not" -> !truthy(v);
                    case "-" -> negate(v);
                    case "+" -> {
                        if (v instanceof Boolean b) yield b ? BigInteger.ONE : BigInteger.ZERO;
                        if (v instanceof BigInteger || v instanceof Double) yield v;
                        throw typeError("bad operand for unary +");
                    }
                    case "~" -> {
                        BigInteger i = asInt(v);
                        if (i == null) throw typeError("bad operand for unary ~");
                        yield i.not();
                    }
                    default -> throw new IllegalStateException(u.op);
                };
            }
            if (n instanceof Binary b) return binary(b.op, eval(b.left), eval(b.right));
            if (n instanceof Compare c) {
                Object left = eval(c.operands.get(0));
                for (int k = 0; k < c.ops.size(); k++) {
                    Object right = eval(c.operands.get(k + 1));
                    if (!compare(c.ops.get(k), left, right)) return Boolean.FALSE;
                    left = right;
                }
                return Boolean.TRUE;
            }
            if (n instanceof Call c) {
                List<Object> args = new ArrayList<>();
                for (Node a : c.args) args.add(eval(a));
                return call(c.function, args);
            }
            throw new IllegalStateException("unknown node " + n);
        }
    }

    static Object normalize(Object v) {
        if (v instanceof BigInteger || v instanceof String || v instanceof Boolean || v instanceof Double) return v;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof BigDecimal d) return d.doubleValue();
        if (v instanceof CharSequence cs) return cs.toString();
        if (v instanceof Character ch) return ch.toString();
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(o == null ? null : normalize(o));
            return out;
        }
        throw typeError("unsupported metavariable value type " + v.getClass().getName());
    }

    static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof BigInteger i) return i.signum() != 0;
        if (v instanceof Double d) return d != 0.0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof List<?> l) return !l.isEmpty();
        return true;
    }

    /** The value as a Python int if it is an int or a bool, else null. */
    private static BigInteger asInt(Object v) {
        if (v instanceof BigInteger i) return i;
        if (v instanceof Boolean b) return b ? BigInteger.ONE : BigInteger.ZERO;
        return null;
    }

    private static boolean isNumber(Object v) {
        return v instanceof BigInteger || v instanceof Double || v instanceof Boolean;
    }

    private static double toDouble(Object v) {
        if (v instanceof Double d) return d;
        BigInteger i = asInt(v);
        if (i == null) throw typeError("not a number");
        double d = i.doubleValue();
        if (Double.isInfinite(d)) throw typeError("int too large to convert to float");
        return d;
    }

    private static Object negate(Object v) {
        if (v instanceof Double d) return -d;
        BigInteger i = asInt(v);
        if (i == null) throw typeError("bad operand for unary -");
        return i.negate();
    }

    private static Object binary(String op, Object l, Object r) {
        // Sequences
        if (op.equals("+") && l instanceof String a && r instanceof String b) return a + b;
        if (op.equals("+") && l instanceof List<?> a && r instanceof List<?> b) {
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
        if (op.equals("*") && (l instanceof String || l instanceof List<?>) && asInt(r) != null) return repeat(l, asInt(r));
        if (op.equals("*") && (r instanceof String || r instanceof List<?>) && asInt(l) != null) return repeat(r, asInt(l));
        if (op.equals("%") && l instanceof String) throw typeError("string formatting is not supported");
        if (!isNumber(l) || !isNumber(r)) {
            throw typeError("unsupported operand types for " + op + ": " + typeName(l) + " and " + typeName(r));
        }
        BigInteger a = asInt(l), b = asInt(r);
        switch (op) {
            case "|", "^", "&", "<<", ">>" -> {
                if (a == null || b == null) throw typeError("bitwise operation on float");
                return switch (op) {
                    case "|" -> a.or(b);
                    case "^" -> a.xor(b);
                    case "&" -> a.and(b);
                    default -> {
                        if (b.signum() < 0) throw typeError("negative shift count");
                        if (b.bitLength() > 20) throw typeError("shift count too large");
                        yield op.equals("<<") ? a.shiftLeft(b.intValue()) : a.shiftRight(b.intValue());
                    }
                };
            }
            default -> { }
        }
        if (a != null && b != null) {
            switch (op) {
                case "+": return a.add(b);
                case "-": return a.subtract(b);
                case "*": return a.multiply(b);
                case "/":
                    if (b.signum() == 0) throw typeError("division by zero");
                    return trueDivide(a, b);
                case "//":
                    if (b.signum() == 0) throw typeError("integer division by zero");
                    return floorDiv(a, b);
                case "%":
                    if (b.signum() == 0) throw typeError("integer modulo by zero");
                    return a.subtract(floorDiv(a, b).multiply(b));
                case "**":
                    if (b.signum() < 0) return Math.pow(toDouble(a), toDouble(b));
                    if (b.bitLength() > 31 || (a.bitLength() > 1 && (long) a.bitLength() * b.longValue() > 1_000_000L)) {
                        throw typeError("exponent too large");
                    }
                    return a.pow(b.intValue());
                default: throw new IllegalStateException(op);
            }
        }
        double x = toDouble(l), y = toDouble(r);
        switch (op) {
            case "+": return x + y;
            case "-": return x - y;
            case "*": return x * y;
            case "/":
                if (y == 0.0) throw typeError("float division by zero");
                return x / y;
            case "//":
                if (y == 0.0) throw typeError("float floor division by zero");
                return Math.floor(x / y);
            case "%":
                if (y == 0.0) throw typeError("float modulo");
                double m = x % y;
                if (m != 0.0 && ((m < 0) != (y < 0))) m += y;
                return m;
            case "**":
                if (x < 0 && y != Math.rint(y)) throw typeError("complex result not supported");
                if (x == 0.0 && y < 0) throw typeError("0.0 cannot be raised to a negative power");
                return Math.pow(x, y);
            default: throw new IllegalStateException(op);
        }
    }

    private static Object trueDivide(BigInteger a, BigInteger b) {
        double da = a.doubleValue(), db = b.doubleValue();
        if (!Double.isInfinite(da) && !Double.isInfinite(db) && a.bitLength() <= 53 && b.bitLength() <= 53) return da / db;
        return new BigDecimal(a).divide(new BigDecimal(b), java.math.MathContext.DECIMAL64).doubleValue();
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        if (qr[1].signum() != 0 && (qr[1].signum() != b.signum())) return qr[0].subtract(BigInteger.ONE);
        return qr[0];
    }

    private static Object repeat(Object seq, BigInteger times) {
        int n = times.signum() <= 0 ? 0 : times.bitLength() > 20 ? -1 : times.intValue();
        if (n < 0) throw typeError("repeat count too large");
        if (seq instanceof String s) {
            if ((long) s.length() * n > 10_000_000L) throw typeError("repeat result too large");
            return s.repeat(n);
        }
        List<?> l = (List<?>) seq;
        if ((long) l.size() * n > 1_000_000L) throw typeError("repeat result too large");
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.addAll(l);
        return out;
    }

    private static String typeName(Object v) {
        if (v == null) return "NoneType";
        if (v instanceof Boolean) return "bool";
        if (v instanceof BigInteger) return "int";
        if (v instanceof Double) return "float";
        if (v instanceof String) return "str";
        if (v instanceof List<?>) return "list";
        return v.getClass().getSimpleName();
    }

    private static boolean compare(String op, Object l, Object r) {
        switch (op) {
            case "==": return pyEquals(l, r);
            case "!=": return !pyEquals(l, r);
            case "is": return identical(l, r);
            case "is not": return !identical(l, r);
            case "in": return contains(r, l);
            case "not in": return !contains(r, l);
            default: break;
        }
        int c = order(l, r, op);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    private static boolean identical(Object l, Object r) {
        if (l == null || r == null) return l == r;
        if (l instanceof Boolean || r instanceof Boolean) return l.equals(r);
        return l.getClass() == r.getClass() && pyEquals(l, r);
    }

    private static boolean contains(Object container, Object item) {
        if (container instanceof List<?> list) {
            for (Object o : list) if (pyEquals(o, item)) return true;
            return false;
        }
        if (container instanceof String s) {
            if (!(item instanceof String sub)) throw typeError("'in <string>' requires string as left operand");
            return s.contains(sub);
        }
        throw typeError("argument of type '" + typeName(container) + "' is not iterable");
    }

    static boolean pyEquals(Object l, Object r) {
        if (l == null || r == null) return l == r;
        if (isNumber(l) && isNumber(r)) return numericCompare(l, r) == 0;
        if (l instanceof String a && r instanceof String b) return a.equals(b);
        if (l instanceof List<?> a && r instanceof List<?> b) {
            if (a.size() != b.size()) return false;
            for (int k = 0; k < a.size(); k++) if (!pyEquals(a.get(k), b.get(k))) return false;
            return true;
        }
        return false;
    }

    /** Python ordering; throws on incomparable types. NaN compares unordered (all false). */
    private static int order(Object l, Object r, String op) {
        if (isNumber(l) && isNumber(r)) {
            int c = numericCompare(l, r);
            if (c == NAN) throw typeError("nan");
            return c;
        }
        if (l instanceof String a && r instanceof String b) return compareCodePoints(a, b);
        if (l instanceof List<?> a && r instanceof List<?> b) {
            for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
                if (!pyEquals(a.get(k), b.get(k))) return order(a.get(k), b.get(k), op);
            }
            return Integer.compare(a.size(), b.size());
        }
        throw typeError("'" + op + "' not supported between instances of '" + typeName(l) + "' and '" + typeName(r) + "'");
    }

    private static final int NAN = Integer.MIN_VALUE;

    private static int numericCompare(Object l, Object r) {
        BigInteger a = asInt(l), b = asInt(r);
        if (a != null && b != null) return a.compareTo(b);
        double x = a == null ? (Double) l : 0, y = b == null ? (Double) r : 0;
        if ((a == null && Double.isNaN(x)) || (b == null && Double.isNaN(y))) return NAN;
        if (a == null && Double.isInfinite(x)) return b == null && Double.isInfinite(y) ? Double.compare(x, y) : (x > 0 ? 1 : -1);
        if (b == null && Double.isInfinite(y)) return y > 0 ? -1 : 1;
        BigDecimal da = a != null ? new BigDecimal(a) : new BigDecimal(x);
        BigDecimal db = b != null ? new BigDecimal(b) : new BigDecimal(y);
        return da.compareTo(db);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ------------------------------------------------------------------------------------------
    // Functions

    private static Object call(String f, List<Object> args) {
        switch (f) {
            case "int": return toInt(args);
            case "float": return args.isEmpty() ? (Object) 0.0 : toFloat(args.get(0));
            case "str": return args.isEmpty() ? "" : str(args.get(0));
            case "bool": return !args.isEmpty() && truthy(args.get(0));
            case "len": {
                Object v = args.get(0);
                if (v instanceof String s) return BigInteger.valueOf(s.codePointCount(0, s.length()));
                if (v instanceof List<?> l) return BigInteger.valueOf(l.size());
                throw typeError("object of type '" + typeName(v) + "' has no len()");
            }
            case "abs": {
                Object v = args.get(0);
                if (v instanceof Double d) return Math.abs(d);
                BigInteger i = asInt(v);
                if (i == null) throw typeError("bad operand type for abs()");
                return i.abs();
            }
            case "min", "max": {
                List<?> items = args.size() == 1 && args.get(0) instanceof List<?> l ? l : args;
                if (items.isEmpty()) throw typeError(f + "() arg is an empty sequence");
                Object best = items.get(0);
                for (Object o : items) {
                    int c = order(o, best, "<");
                    if (f.equals("min") ? c < 0 : c > 0) best = o;
                }
                return best;
            }
            case "today":
                return (double) LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            case "strptime": return strptime(args);
            case "re.match", "re.search", "re.fullmatch": {
                if (!(args.get(0) instanceof String pattern) || !(args.get(1) instanceof String subject)) {
                    throw typeError(f + "() expects a pattern string and a string");
                }
                Matcher m = compileRegex(pattern).matcher(subject);
                return switch (f) {
                    case "re.match" -> m.lookingAt();
                    case "re.search" -> m.find();
                    default -> m.matches();
                };
            }
            default: throw new IllegalStateException(f);
        }
    }

    private static Object toInt(List<Object> args) {
        if (args.isEmpty()) return BigInteger.ZERO;
        Object v = args.get(0);
        if (args.size() == 2) {
            BigInteger base = asInt(args.get(1));
            if (!(v instanceof String s) || base == null) throw typeError("int() can't convert non-string with explicit base");
            BigInteger r = parseIntInBase(s, base.intValue());
            if (r == null) throw typeError("invalid literal for int() with base " + base);
            return r;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw typeError("cannot convert float to integer");
            return new BigDecimal(d).toBigInteger();
        }
        BigInteger i = asInt(v);
        if (i != null) return i;
        if (v instanceof String s) {
            String t = s.strip();
            // Decimal, as in Python, plus 0x/0o/0b-prefixed text (Semgrep's int() accepts those too).
            if (t.matches("[+-]?[0-9](_?[0-9])*")) return new BigInteger(t.replace("_", "").replace("+", ""));
            Object n = parseNumberLiteral(t);
            if (n instanceof BigInteger bi) return bi;
            throw typeError("invalid literal for int(): '" + s + "'");
        }
        throw typeError("int() argument must be a string or a number, not '" + typeName(v) + "'");
    }

    private static Object toFloat(Object v) {
        if (v instanceof Double) return v;
        if (asInt(v) != null) return toDouble(v);
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            boolean neg = t.startsWith("-");
            if (body.equals("inf") || body.equals("infinity")) return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            if (body.equals("nan")) return Double.NaN;
            if (body.matches("([0-9](_?[0-9])*)?(\\.([0-9](_?[0-9])*)?)?(e[+-]?[0-9](_?[0-9])*)?") && body.matches(".*[0-9].*")
                    && !body.startsWith("e")) {
                double d = Double.parseDouble(body.replace("_", ""));
                return neg ? -d : d;
            }
            throw typeError("could not convert string to float: '" + s + "'");
        }
        throw typeError("float() argument must be a string or a number");
    }

    /** Python's str() of a value. */
    static String str(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof BigInteger i) return i.toString();
        if (v instanceof Double d) return floatRepr(d);
        if (v instanceof String s) return s;
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) sb.append(", ");
                Object o = l.get(k);
                sb.append(o instanceof String s ? "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'" : str(o));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    /** Python's repr of a float: shortest digits, fixed notation for exponents in [-4, 16). */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0.0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1; // decimal exponent of the leading digit
        if (exp >= -5 && exp < 16) {
            String s = bd.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = bd.unscaledValue().abs().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (bd.signum() < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");

    private static Object strptime(List<Object> args) {
        if (!(args.get(0) instanceof String s)) throw typeError("strptime() argument must be a string");
        String text = s.strip();
        LocalDate date;
        if (args.size() == 2) {
            if (!(args.get(1) instanceof String fmt)) throw typeError("strptime() format must be a string");
            date = parseWithFormat(text, fmt);
        } else {
            Matcher m = ISO_DATE.matcher(text);
            if (!m.matches()) throw typeError("time data '" + s + "' does not match format 'yyyy-mm-dd'");
            try {
                date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException e) {
                throw typeError("invalid date '" + s + "'");
            }
        }
        return (double) date.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** A small strptime: %Y %m %d (and %% and literal text); the time of day is ignored. */
    private static LocalDate parseWithFormat(String text, String fmt) {
        StringBuilder re = new StringBuilder();
        List<Character> fields = new ArrayList<>();
        for (int k = 0; k < fmt.length(); k++) {
            char c = fmt.charAt(k);
            if (c == '%' && k + 1 < fmt.length()) {
                char d = fmt.charAt(++k);
                switch (d) {
                    case 'Y' -> { re.append("(\\d{4})"); fields.add('Y'); }
                    case 'm' -> { re.append("(\\d{1,2})"); fields.add('m'); }
                    case 'd' -> { re.append("(\\d{1,2})"); fields.add('d'); }
                    case 'H', 'M', 'S' -> { re.append("(\\d{1,2})"); fields.add(d); }
                    case '%' -> re.append('%');
                    default -> throw typeError("unsupported strptime directive %" + d);
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Matcher m = Pattern.compile(re.toString()).matcher(text);
        if (!m.matches()) throw typeError("time data '" + text + "' does not match format '" + fmt + "'");
        int y = 1900, mo = 1, d = 1;
        for (int k = 0; k < fields.size(); k++) {
            int v = Integer.parseInt(m.group(k + 1));
            switch (fields.get(k)) {
                case 'Y' -> y = v;
                case 'm' -> mo = v;
                case 'd' -> d = v;
                default -> { }
            }
        }
        try {
            return LocalDate.of(y, mo, d);
        } catch (java.time.DateTimeException e) {
            throw typeError("invalid date '" + text + "'");
        }
    }

    private static final Map<String, Pattern> REGEX_CACHE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pattern> e) {
                    return size() > 256;
                }
            });

    private static final Pattern QUANTIFIER_BRACE = Pattern.compile("\\{\\d*(,\\d*)?}");

    /** Compiles a Python regex for Java: {@code (?P<name>...)} and {@code (?P=name)} are translated. */
    static Pattern compileRegex(String python) {
        Pattern cached = REGEX_CACHE.get(python);
        if (cached != null) return cached;
        Map<String, String> names = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        boolean inClass = false;
        while (i < python.length()) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char e = python.charAt(i + 1);
                if (e == 'Z') sb.append("\\z");
                else sb.append(c).append(e);
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                if (c == '[' || c == '&') sb.append('\\');
                sb.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                sb.append(c);
                i++;
                if (i < python.length() && python.charAt(i) == '^') sb.append(python.charAt(i++));
                if (i < python.length() && python.charAt(i) == ']') { sb.append("\\]"); i++; }
                continue;
            }
            if (c == '{' && !QUANTIFIER_BRACE.matcher(python).region(i, python.length()).lookingAt()) {
                sb.append("\\{");
                i++;
                continue;
            }
            if (c == '{' && i + 1 < python.length() && python.charAt(i + 1) == ',') {
                sb.append("{0"); // Python's {,n} is {0,n}
                i++;
                continue;
            }
            if (python.startsWith("(?P<", i)) {
                int end = python.indexOf('>', i);
                if (end < 0) throw typeError("bad group name");
                String name = python.substring(i + 4, end);
                String javaName = "g" + names.size() + "x" + name.replaceAll("[^A-Za-z0-9]", "");
                names.put(name, javaName);
                sb.append("(?<").append(javaName).append('>');
                i = end + 1;
                continue;
            }
            if (python.startsWith("(?P=", i)) {
                int end = python.indexOf(')', i);
                if (end < 0) throw typeError("bad group reference");
                String jn = names.get(python.substring(i + 4, end));
                if (jn == null) throw typeError("unknown group name");
                sb.append("\\k<").append(jn).append('>');
                i = end + 1;
                continue;
            }
            sb.append(c);
            i++;
        }
        try {
            Pattern p = Pattern.compile(sb.toString());
            REGEX_CACHE.put(python, p);
            return p;
        } catch (PatternSyntaxException e) {
            throw typeError("invalid regular expression: " + e.getDescription());
        }
    }
}
