package dev.warden.rule;

import dev.warden.match.FileWords;
import dev.warden.python.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The words a file must contain for a rule to match, compiled once per rule from its formula
 * (or its taint sources and sinks): the check that lets a file skip a rule, even its parsing,
 * on every file of every scan. A tree of "all of", "any of", "these words" (one hash probe each
 * in {@link FileWords}) and "a word starting with one of these" ({@code metavariable-regex} choices):
 *
 * <ul>
 *   <li>a pattern needs each identifier it spells out;</li>
 *   <li>a conjunction, each positive term (negations and {@code not-inside} need nothing), and
 *       the words of a {@code metavariable-regex} that is only a choice of words;</li>
 *   <li>an either, one alternative; {@code inside} and {@code anywhere}, their formula;</li>
 *   <li>a regex, nothing; a taint rule, one source and one sink.</li>
 * </ul>
 *
 * <p>Compiling simplifies what walking the formula on each file would redo: the words of a
 * conjunction become one list, an alternative that needs nothing makes its either need nothing,
 * and an alternative needing a superset of another's words is dropped (rules written as many
 * alternatives on the same names, such as 112 patterns all naming {@code request} and
 * {@code open}, shrink to a few probes). Never false for a file the rule can match.
 */
public sealed interface Prefilter {
    /** Whether a file with these words may hold a match. */
    boolean admits(FileWords words);

    /** {@link #admits} on a file's bytes (their words are built once per file and thread). */
    default boolean admits(Source source) { return admits(FileWords.of(source.bytes(), source.length())); }

    /** No requirement. */
    Prefilter NONE = new All(List.of());

    /** Every one of these words (as {@link FileWords#hash} values, sorted, distinct). */
    record Words(long[] hashes) implements Prefilter {
        @Override
        public boolean admits(FileWords words) {
            for (long h : hashes) if (!words.contains(h)) return false;
            return true;
        }

        @Override
        public boolean equals(Object o) { return o instanceof Words w && Arrays.equals(hashes, w.hashes); }

        @Override
        public int hashCode() { return Arrays.hashCode(hashes); }

        @Override
        public String toString() { return "Words" + Arrays.toString(hashes); }

        boolean containsAll(Words other) {
            for (long h : other.hashes) if (Arrays.binarySearch(hashes, h) < 0) return false;
            return true;
        }
    }

    /** Some word starting with one of these texts (ASCII). */
    record AnyPrefix(List<String> prefixes) implements Prefilter {
        @Override
        public boolean admits(FileWords words) {
            for (int i = 0; i < prefixes.size(); i++) if (words.anyStartsWith(prefixes.get(i))) return true;
            return false;
        }
    }

    /** Every part (none: no requirement). */
    record All(List<Prefilter> parts) implements Prefilter {
        @Override
        public boolean admits(FileWords words) {
            for (int i = 0; i < parts.size(); i++) if (!parts.get(i).admits(words)) return false;
            return true;
        }
    }

    /** At least one alternative (none: nothing matches). */
    record Any(List<Prefilter> alternatives) implements Prefilter {
        @Override
        public boolean admits(FileWords words) {
            for (int i = 0; i < alternatives.size(); i++) if (alternatives.get(i).admits(words)) return true;
            return false;
        }
    }

    /** What a formula needs; a null formula (a taint rule's) can never match. */
    static Prefilter of(Formula f) {
        return f == null ? new Any(List.of()) : formula(f);
    }

    /** What a taint rule needs: a source and a sink. */
    static Prefilter of(TaintSpec spec) {
        List<Prefilter> sources = new ArrayList<>(), sinks = new ArrayList<>();
        for (TaintSpec.Source s : spec.sources()) sources.add(formula(s.formula()));
        for (TaintSpec.Sink s : spec.sinks()) sinks.add(formula(s.formula()));
        return all(List.of(any(sources), any(sinks)));
    }

    /** What a conjunction of these terms and conditions needs (see {@link Formula.And#prefilter}). */
    static Prefilter ofConjunction(List<Formula> terms, List<Condition> conditions) {
        List<Prefilter> parts = new ArrayList<>();
        for (Formula t : terms) {
            if (!(t instanceof Formula.Not) && !(t instanceof Formula.NotInside)) parts.add(formula(t));
        }
        for (Condition c : conditions) {
            if (c instanceof Condition.MetavariableRegex m && !m.constantPropagation()) parts.add(regexWords(m.regex()));
        }
        return all(parts);
    }

    private static Prefilter formula(Formula f) {
        if (f instanceof Formula.Pattern p) {
            return p.compiled() == null ? NONE : words(p.compiled().requiredWords());
        }
        if (f instanceof Formula.Or o) {
            List<Prefilter> alternatives = new ArrayList<>();
            for (Formula alt : o.alternatives()) alternatives.add(formula(alt));
            return any(alternatives);
        }
        if (f instanceof Formula.And a) return a.prefilter(); // derived when it was made
        if (f instanceof Formula.Inside i) return formula(i.formula());
        if (f instanceof Formula.Anywhere a) return formula(a.formula());
        return NONE; // regexes and the rest: no cheap answer
    }

    /**
     * A {@code metavariable-regex} that is only a choice of words ({@code (aws_access_key_id|aws_secret_access_key)}):
     * the bound text comes from the file and starts where a word of it starts (an identifier, or a
     * string's content), so some word must start with one of them. Any other regex: nothing.
     */
    private static Prefilter regexWords(java.util.regex.Pattern regex) {
        if ((regex.flags() & (java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.LITERAL)) != 0) return NONE;
        List<String> words = RuleEngine.literalAlternatives(regex.pattern());
        return words.isEmpty() ? NONE : new AnyPrefix(words);
    }

    private static Prefilter words(long[] hashes) {
        if (hashes.length == 0) return NONE;
        long[] sorted = hashes.clone(); // sorted and distinct, without a stream (thousands of patterns at load)
        Arrays.sort(sorted);
        int n = 1;
        for (int i = 1; i < sorted.length; i++) if (sorted[i] != sorted[n - 1]) sorted[n++] = sorted[i];
        return new Words(Arrays.copyOf(sorted, n));
    }

    /** A conjunction, flattened, with all its words in one list. */
    private static Prefilter all(List<Prefilter> parts) {
        List<Prefilter> out = new ArrayList<>();
        long[] words = new long[0];
        for (Prefilter p : flatten(parts, All.class)) {
            if (p instanceof Words w) {
                long[] both = Arrays.copyOf(words, words.length + w.hashes().length);
                System.arraycopy(w.hashes(), 0, both, words.length, w.hashes().length);
                words = both;
            } else {
                out.add(p);
            }
        }
        if (words.length > 0) out.add(0, words(words)); // the probes first: the cheapest test
        return out.size() == 1 ? out.get(0) : new All(List.copyOf(out));
    }

    /** An either, flattened; an alternative needing nothing makes it need nothing; supersets of another's words go. */
    private static Prefilter any(List<Prefilter> alternatives) {
        List<Prefilter> flat = flatten(alternatives, Any.class);
        List<Words> words = new ArrayList<>();
        List<Prefilter> out = new ArrayList<>();
        for (Prefilter p : flat) {
            if (p == NONE || p instanceof All a && a.parts().isEmpty()) return NONE;
            if (p instanceof Words w) words.add(w);
            else out.add(p);
        }
        words.sort((a, b) -> Integer.compare(a.hashes().length, b.hashes().length));
        List<Prefilter> kept = new ArrayList<>();
        for (Words w : words) {
            boolean implied = false; // a file with w's words has those of a smaller alternative already kept
            for (Prefilter k : kept) implied |= w.containsAll((Words) k);
            if (!implied) kept.add(w);
        }
        kept.addAll(out);
        return kept.size() == 1 ? kept.get(0) : new Any(List.copyOf(kept));
    }

    private static List<Prefilter> flatten(List<Prefilter> ps, Class<?> kind) {
        List<Prefilter> out = new ArrayList<>();
        for (Prefilter p : ps) {
            if (kind == All.class && p instanceof All a) out.addAll(a.parts());
            else if (kind == Any.class && p instanceof Any a) out.addAll(a.alternatives());
            else out.add(p);
        }
        return out;
    }
}
