package dev.warden.taint;

import java.util.HashMap;
import java.util.Map;

/**
 * The taint of variables and fields at one program point. Keys are access paths ({@code x},
 * {@code x.a.b}); a path without an entry has the taint of its longest prefix that has one, so
 * {@code x.a = safe} after {@code x = source()} cleans {@code x.a} but not {@code x}.
 */
final class TaintState {
    /**
     * Copy-on-write: {@link #copy} shares the map between both states and marks them; the first
     * change to either copies it. The fixpoint copies every state it hands to a step, and most
     * steps change nothing (clean variables are not stored).
     */
    private Map<String, Taints> paths;
    private boolean shared;

    TaintState() { this.paths = new HashMap<>(); }

    private TaintState(Map<String, Taints> paths, boolean shared) {
        this.paths = paths;
        this.shared = shared;
    }

    TaintState copy() {
        if (paths.isEmpty()) return new TaintState();
        shared = true;
        return new TaintState(paths, true);
    }

    /** Makes the map this state's own before it changes. */
    private Map<String, Taints> writable() {
        if (shared) {
            paths = new HashMap<>(paths);
            shared = false;
        }
        return paths;
    }

    /** Whether nothing is tainted (no variable, field or control taint). */
    boolean isEmpty() { return paths.isEmpty(); }

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
        if (paths.isEmpty()) return Taints.EMPTY; // asked of every name evaluated: most states are clean
        Taints out = Taints.EMPTY;
        for (Map.Entry<String, Taints> e : paths.entrySet()) if (isFieldOf(e.getKey(), path)) out = out.union(e.getValue());
        return out;
    }

    /** Whether {@code key} is a field under {@code path} ({@code x.a}, {@code x.a.b} for {@code x}), without making {@code path + "."}. */
    private static boolean isFieldOf(String key, String path) {
        int n = path.length();
        return key.length() > n && key.charAt(n) == '.' && key.startsWith(path);
    }

    /** A strong update: the path holds exactly this taint, and its fields forget theirs. */
    void assign(String path, Taints taints) {
        if (paths.isEmpty() && taints.isEmpty()) return; // the usual case: a clean variable in a clean state
        for (String k : paths.keySet()) {
            if (isFieldOf(k, path)) {
                writable().keySet().removeIf(x -> isFieldOf(x, path));
                break;
            }
        }
        // most variables are clean: keep the map to the tainted ones (and to clean fields of
        // tainted objects, which must hide their object's taint), so that copies and joins stay cheap
        if (taints.isEmpty() && outer(path).isEmpty()) {
            if (paths.containsKey(path)) writable().remove(path);
        } else if (paths.get(path) != taints) {
            writable().put(path, taints);
        }
    }

    /** The taint the path would inherit from its prefixes, were it without an entry. */
    private Taints outer(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? Taints.EMPTY : resolve(path.substring(0, dot));
    }

    /**
     * Everything that may hold at a join of two paths. May return one of its arguments (when the
     * other adds nothing): callers change only {@link #copy copies}.
     */
    static TaintState join(TaintState a, TaintState b) {
        if (a == null) return b;
        // nothing tainted on one side, or the same map (copies share theirs until one changes): the other's state
        if (b == null || b.paths == a.paths || b.paths.isEmpty()) return a;
        if (a.paths.isEmpty()) return b;
        Map<String, Taints> out = new HashMap<>();
        for (String k : a.paths.keySet()) out.put(k, a.resolve(k).union(b.resolve(k)));
        for (String k : b.paths.keySet()) if (!a.paths.containsKey(k)) out.put(k, a.resolve(k).union(b.resolve(k)));
        return new TaintState(out, false);
    }

    boolean sameAs(TaintState other) {
        if (other == null) return false;
        if (other.paths == paths) return true; // copies share their map until one changes
        // every path either has an entry compared, without collecting the union of the keys
        for (String k : paths.keySet()) if (!resolve(k).sameAs(other.resolve(k))) return false;
        for (String k : other.paths.keySet()) if (!paths.containsKey(k) && !resolve(k).sameAs(other.resolve(k))) return false;
        return true;
    }

    @Override
    public String toString() { return paths.toString(); }
}
