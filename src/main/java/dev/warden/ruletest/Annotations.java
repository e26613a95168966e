package dev.warden.ruletest;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test annotations of a rule test target, as {@code semgrep --test} reads them: a comment alone
 * on its line, {@code # KIND: ID[, ID...]} (any space after {@code #}), where KIND is
 * {@code ruleid}, {@code ok}, {@code todoruleid} or {@code todook}, marks the NEXT line for each
 * listed rule id. Kinds are case-sensitive. Annotations for Semgrep Pro ({@code proruleid:},
 * {@code deepok:}, ...) are ignored; a kind followed by such a qualifier ({@code ruleid: deepok: x})
 * keeps its OSS meaning. A comment after code on the same line is no annotation.
 */
public final class Annotations {
    /** The annotation kinds Semgrep OSS knows. */
    public enum Kind { RULEID, OK, TODORULEID, TODOOK }

    private static final Pattern KIND = Pattern.compile("^(pro|deep)?(ruleid|ok|todoruleid|todook):");

    private final Map<Kind, Map<String, Set<Integer>>> lines;

    private Annotations(Map<Kind, Map<String, Set<Integer>>> lines) { this.lines = lines; }

    /** Lines (1-based, the annotated line, i.e. the one after the comment) of one kind for one rule. */
    public Set<Integer> lines(Kind kind, String ruleId) {
        Set<Integer> s = lines.get(kind).get(ruleId);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    /** Rule ids mentioned by annotations of this kind. */
    public Set<String> ids(Kind kind) { return Collections.unmodifiableSet(lines.get(kind).keySet()); }

    /** Parses a target's text (lines end at \n, \r\n or \r). */
    public static Annotations parse(String text) {
        Map<Kind, Map<String, Set<Integer>>> map = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) map.put(k, new HashMap<>());
        List<String> all = List.of(text.split("\r\n|\r|\n", -1));
        for (int i = 0; i < all.size(); i++) {
            Annotation a = parseLine(all.get(i));
            if (a == null) continue;
            int target = i + 2; // the line after the comment, 1-based
            for (String id : a.ids) map.get(a.kind).computeIfAbsent(id, x -> new TreeSet<>()).add(target);
        }
        return new Annotations(map);
    }

    /** One annotation comment: its kind and rule ids. */
    record Annotation(Kind kind, List<String> ids) {}

    /** The annotation on one line, or null (not a comment alone on its line, a Pro annotation, no ids). */
    static Annotation parseLine(String line) {
        String s = line.strip();
        if (!s.startsWith("#")) return null;
        s = s.substring(1).strip();
        Matcher m = KIND.matcher(s);
        if (!m.find()) return null;
        if (m.group(1) != null) return null; // proruleid:, deepok: ... describe Semgrep Pro
        Kind kind = Kind.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT));
        String rest = s.substring(m.end()).strip();
        // "ruleid: deepok: x": qualifiers for other engines after the first kind
        for (Matcher q = KIND.matcher(rest); q.find(); q = KIND.matcher(rest)) rest = rest.substring(q.end()).strip();
        List<String> ids = new java.util.ArrayList<>();
        for (String id : rest.split(",")) {
            String t = id.strip();
            if (!t.isEmpty() && t.chars().noneMatch(Character::isWhitespace)) ids.add(t);
        }
        return ids.isEmpty() ? null : new Annotation(kind, ids);
    }
}
