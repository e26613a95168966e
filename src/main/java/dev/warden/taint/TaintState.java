package dev.warden.taint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The taint of variables and fields at one program point. Keys are access paths ({@code x},
 * {@code x.a.b}); a path without an entry has the taint of its longest prefix that has one, so
 * {@code x.a = safe} after {@code x = source()} cleans {@code x.a} but not {@code x}.
 */
final class TaintState {
    private final Map<String, Taints> paths;

    TaintState() { this.paths = new HashMap<>(); }

    private TaintState(Map<String, Taints> paths) { this.paths = paths; }

    TaintState copy() { return new TaintState(new HashMap<>(paths)); }

    /** The path's own entry, or null when it has none. */
    Taints own(String path) { return paths.get(path); }

    /** The path's taint: its own entry, else its longest prefix's. */
    Taints resolve(String path) {
        String p = path;
        while (true) {
            Taints t = paths.get(p);
            if (t != null) return t;
            int dot = p.lastIndexOf('.');
            if (dot < 0) return Taints.EMPTY;
            p = p.substring(0, dot);
        }
    }

    /** The taint of fields under the path ({@code x.a} and deeper for {@code x}). */
    Taints fields(String path) {
        Taints out = Taints.EMPTY;
        String prefix = path + ".";
        for (Map.Entry<String, Taints> e : paths.entrySet()) {
            if (e.getKey().startsWith(prefix)) out = out.union(e.getValue());
        }
        return out;
    }

    /** A strong update: the path holds exactly this taint, and its fields forget theirs. */
    void assign(String path, Taints taints) {
        if (!paths.isEmpty()) {
            String prefix = path + ".";
            paths.keySet().removeIf(k -> k.startsWith(prefix));
        }
        // most variables are clean: keep the map to the tainted ones (and to clean fields of
        // tainted objects, which must hide their object's taint), so that copies and joins stay cheap
        if (taints.isEmpty() && outer(path).isEmpty()) paths.remove(path);
        else paths.put(path, taints);
    }

    /** The taint the path would inherit from its prefixes, were it without an entry. */
    private Taints outer(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? Taints.EMPTY : resolve(path.substring(0, dot));
    }

    /** Everything that may hold at a join of two paths. */
    static TaintState join(TaintState a, TaintState b) {
        if (a == null) return b == null ? null : b.copy();
        if (b == null || b.paths.isEmpty()) return a.copy(); // nothing tainted on one side: the other's state
        if (a.paths.isEmpty()) return b.copy();
        Set<String> keys = new HashSet<>(a.paths.keySet());
        keys.addAll(b.paths.keySet());
        Map<String, Taints> out = new HashMap<>();
        for (String k : keys) out.put(k, a.resolve(k).union(b.resolve(k)));
        return new TaintState(out);
    }

    boolean sameAs(TaintState other) {
        if (other == null) return false;
        // every path either has an entry compared, without collecting the union of the keys
        for (String k : paths.keySet()) if (!resolve(k).sameAs(other.resolve(k))) return false;
        for (String k : other.paths.keySet()) if (!paths.containsKey(k) && !resolve(k).sameAs(other.resolve(k))) return false;
        return true;
    }

    @Override
    public String toString() { return paths.toString(); }
}
