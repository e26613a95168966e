package dev.warden.match;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metavariable bindings during matching: a persistent list, so that a failed branch of the
 * search simply drops its extension and the caller's bindings stay intact.
 */
final class Env {
    static final Env EMPTY = new Env(null, null, null);

    private final String name;
    private final Binding binding;
    private final Env next;

    private Env(String name, Binding binding, Env next) {
        this.name = name;
        this.binding = binding;
        this.next = next;
    }

    Binding get(String metavariable) {
        for (Env e = this; e.name != null; e = e.next) if (e.name.equals(metavariable)) return e.binding;
        return null;
    }

    Env with(String metavariable, Binding b) { return new Env(metavariable, b, this); }

    /** Bindings in the order they were made. */
    Map<String, Binding> toMap() {
        Map<String, Binding> out = new LinkedHashMap<>();
        addTo(out);
        return out;
    }

    int size() {
        int n = 0;
        for (Env e = this; e.name != null; e = e.next) n++;
        return n;
    }

    /** Writes each binding's name, and its start, end and bound node's start (-1 for text), from {@code at} on. */
    void fill(String[] names, int[] numbers, int at) {
        int i = 0;
        for (Env e = this; e.name != null; e = e.next, i++) {
            names[i] = e.name;
            numbers[at++] = e.binding.start();
            numbers[at++] = e.binding.end();
            // the same place may be bound to different code (a variable, or what it was assigned)
            Object v = e.binding.value();
            numbers[at++] = v instanceof dev.warden.python.ast.Located ? ((dev.warden.python.ast.Located) v).start() : -1;
        }
    }

    private void addTo(Map<String, Binding> out) {
        if (name == null) return;
        next.addTo(out);
        out.put(name, binding);
    }
}
