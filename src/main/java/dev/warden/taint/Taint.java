package dev.warden.taint;

import dev.warden.python.ast.Located;
import java.util.ArrayList;
import java.util.List;

/**
 * One piece of taint: where it came from (a source match, or for function summaries a parameter)
 * and its label. The variables it passed through ({@code via}) are kept for the finding's trace
 * but do not count for equality, so that the dataflow fixpoint terminates.
 */
final class Taint {
    /** Longest trace of intermediate variables kept. */
    private static final int MAX_VIA = 16;

    final SpecMatches.Hit source;   // null for a parameter placeholder
    final int parameter;            // index of the parameter for summaries, else -1
    final String label;
    final List<Located> via;

    private Taint(SpecMatches.Hit source, int parameter, String label, List<Located> via) {
        this.source = source;
        this.parameter = parameter;
        this.label = label;
        this.via = via;
    }

    static Taint fromSource(SpecMatches.Hit source, String label) { return new Taint(source, -1, label, List.of()); }

    static Taint fromParameter(int index) { return new Taint(null, index, null, List.of()); }

    Taint withLabel(String newLabel) { return new Taint(source, parameter, newLabel, via); }

    /** The same taint, having passed through the variable written at {@code target}. */
    Taint through(Located target) {
        if (via.size() >= MAX_VIA) return this;
        for (Located v : via) if (v == target) return this;
        List<Located> more = new ArrayList<>(via.size() + 1);
        more.addAll(via);
        more.add(target);
        return new Taint(source, parameter, label, List.copyOf(more));
    }

    boolean isParameter() { return parameter >= 0; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Taint t)) return false;
        return t.source == source && t.parameter == parameter && java.util.Objects.equals(t.label, label);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(source) * 31 + parameter * 17 + (label == null ? 0 : label.hashCode());
    }

    @Override
    public String toString() {
        return (source == null ? "param" + parameter : "source@" + source.start()) + (label == null ? "" : ":" + label);
    }
}
