package dev.warden.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code requires:} expression over taint labels: label names combined with {@code and},
 * {@code or}, {@code not} and parentheses ({@code not} binds tightest, then {@code and}).
 */
public sealed interface LabelExpr {
    /** Whether the expression holds when exactly these labels are present. */
    boolean holds(Set<String> labels);

    /** The label names the expression mentions. */
    default void collect(Set<String> out) {}

    record Label(String name) implements LabelExpr {
        public boolean holds(Set<String> labels) { return labels.contains(name); }
        public void collect(Set<String> out) { out.add(name); }
    }

    record Not(LabelExpr operand) implements LabelExpr {
        public boolean holds(Set<String> labels) { return !operand.holds(labels); }
        public void collect(Set<String> out) { operand.collect(out); }
    }

    record And(LabelExpr left, LabelExpr right) implements LabelExpr {
        public boolean holds(Set<String> labels) { return left.holds(labels) && right.holds(labels); }
        public void collect(Set<String> out) { left.collect(out); right.collect(out); }
    }

    record Or(LabelExpr left, LabelExpr right) implements LabelExpr {
        public boolean holds(Set<String> labels) { return left.holds(labels) || right.holds(labels); }
        public void collect(Set<String> out) { left.collect(out); right.collect(out); }
    }

    /** Parses a {@code requires:} value; throws IllegalArgumentException with the problem. */
    static LabelExpr parse(String text) {
        List<String> tokens = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([A-Za-z_$][A-Za-z0-9_$]*|\\(|\\)|\\S)").matcher(text);
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            tokens.add(m.group(1));
            at = m.end();
        }
        if (!text.substring(at).isBlank()) throw new IllegalArgumentException("cannot read `" + text.substring(at).strip() + "`");
        Parser p = new Parser(tokens);
        LabelExpr e = p.or();
        if (p.at < tokens.size()) throw new IllegalArgumentException("unexpected `" + tokens.get(p.at) + "`");
        return e;
    }

    /** Recursive descent over the tokens of a {@code requires:} value. */
    final class Parser {
        private final List<String> tokens;
        private int at;

        private Parser(List<String> tokens) { this.tokens = tokens; }

        private boolean take(String t) {
            if (at < tokens.size() && tokens.get(at).equals(t)) { at++; return true; }
            return false;
        }

        private LabelExpr or() {
            LabelExpr left = and();
            while (take("or")) left = new Or(left, and());
            return left;
        }

        private LabelExpr and() {
            LabelExpr left = not();
            while (take("and")) left = new And(left, not());
            return left;
        }

        private LabelExpr not() {
            if (take("not")) return new Not(not());
            if (take("(")) {
                LabelExpr e = or();
                if (!take(")")) throw new IllegalArgumentException("missing `)`");
                return e;
            }
            if (at >= tokens.size()) throw new IllegalArgumentException("a label is missing at the end");
            String t = tokens.get(at++);
            if (!t.matches("[A-Za-z_$][A-Za-z0-9_$]*") || t.equals("and") || t.equals("or")) {
                throw new IllegalArgumentException("expected a label, found `" + t + "`");
            }
            return new Label(t);
        }
    }
}
