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

    private void addTo(Map<String, Binding> out) {
        if (name == null) return;
        next.addTo(out);
        out.put(name, binding);
    }
}
