package dev.warden.taint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** An immutable set of taints (usually empty or tiny, so a list). */
final class Taints {
    static final Taints EMPTY = new Taints(List.of());

    private final List<Taint> items;

    private Taints(List<Taint> items) { this.items = items; }

    static Taints of(Taint t) { return new Taints(List.of(t)); }

    boolean isEmpty() { return items.isEmpty(); }

    List<Taint> items() { return items; }

    Taints union(Taints other) {
        if (other.items.isEmpty()) return this;
        if (items.isEmpty()) return other;
        List<Taint> out = null;
        for (Taint t : other.items) {
            if (items.contains(t) || (out != null && out.contains(t))) continue;
            if (out == null) out = new ArrayList<>(items);
            out.add(t);
        }
        return out == null ? this : new Taints(Collections.unmodifiableList(out));
    }

    Taints plus(Taint t) { return union(of(t)); }

    Taints map(UnaryOperator<Taint> f) {
        if (items.isEmpty()) return this;
        List<Taint> out = new ArrayList<>(items.size());
        for (Taint t : items) {
            Taint u = f.apply(t);
            if (!out.contains(u)) out.add(u);
        }
        return new Taints(Collections.unmodifiableList(out));
    }

    Taints filter(java.util.function.Predicate<Taint> keep) {
        List<Taint> out = new ArrayList<>(items.size());
        for (Taint t : items) if (keep.test(t)) out.add(t);
        return out.size() == items.size() ? this : new Taints(Collections.unmodifiableList(out));
    }

    /** The labels of the source taints (parameter placeholders have none). */
    Set<String> labels() {
        Set<String> out = new LinkedHashSet<>();
        for (Taint t : items) if (t.label != null) out.add(t.label);
        return out;
    }

    boolean sameAs(Taints other) {
        return items.size() == other.items.size() && items.containsAll(other.items);
    }

    @Override
    public String toString() { return items.toString(); }
}
