package dev.warden.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A value identifying a set of bindings by what they cover, for telling two matches apart. */
final class BindingKey {
    private BindingKey() {}

    static Object of(Map<String, Binding> bindings) {
        List<Object> key = new ArrayList<>(bindings.size() * 3);
        for (Map.Entry<String, Binding> e : bindings.entrySet()) {
            key.add(e.getKey());
            key.add(e.getValue().start());
            key.add(e.getValue().end());
            // the same place may be bound to different code (a variable, or what it was assigned)
            Object v = e.getValue().value();
            key.add(v instanceof dev.warden.python.ast.Located ? ((dev.warden.python.ast.Located) v).start() : -1);
        }
        return key;
    }
}
