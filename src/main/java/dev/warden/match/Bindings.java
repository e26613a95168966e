package dev.warden.match;

/** Comparing bindings made by different patterns (rule formulas combine them). */
public final class Bindings {
    private Bindings() {}

    /** Whether two bindings stand for the same code (structurally, positions aside). */
    public static boolean equivalent(Binding a, Binding b) { return Equivalence.equal(a.value(), b.value()); }
}
