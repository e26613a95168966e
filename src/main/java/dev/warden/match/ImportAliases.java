package dev.warden.match;

import dev.warden.python.ast.Alias;
import dev.warden.python.ast.ExceptHandler;
import dev.warden.python.ast.Expr;
import dev.warden.python.ast.MatchCase;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Stmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a file's imports bind, and what each stands for, so that {@code sp.call} in a file
 * with {@code import subprocess as sp} can match the pattern {@code subprocess.call} (Semgrep's
 * import aliasing, the "equivalences" it applies to every Python rule).
 *
 * <p>What each import binds (local name → canonical dotted name):
 * <ul>
 *   <li>{@code import a} and {@code import a.b.c}: {@code a → a} (Python binds only the first
 *       component, so {@code a.b.c.x} stays {@code a.b.c.x});
 *   <li>{@code import a.b as c}: {@code c → a.b};
 *   <li>{@code from m import n}: {@code n → m.n}; {@code from m import n as c}: {@code c → m.n};
 *   <li>relative imports keep their leading dots, not resolved against the file's package:
 *       {@code from . import x}: {@code x → .x}; {@code from .m import x}: {@code x → .m.x};
 *       {@code from .. import x}: {@code x → ..x};
 *   <li>{@code from m import *} binds nothing (the names are unknown).
 * </ul>
 *
 * <p>Like Semgrep this is not flow-sensitive: imports anywhere in the file count (inside
 * functions, classes, {@code if}/{@code try} blocks, after the use), and other bindings of the
 * same name (assignments, parameters) are not considered. When two imports bind the same local
 * name, the first in source order wins.
 *
 * <p>Built by one walk over the file's statements (imports cannot occur inside expressions); never
 * throws, whatever partial tree the parser recovered.
 */
public final class ImportAliases {
    private static final ImportAliases EMPTY = new ImportAliases(Map.of(), Map.of(), Map.of());

    private final Map<String, String> canonicalByLocal;
    /** Where each import of a local name is, in source order; a use sees the last one before it. */
    private final Map<String, Integer> importedAt;
    private final Map<String, java.util.List<Object[]>> history;

    private ImportAliases(Map<String, String> canonicalByLocal, Map<String, Integer> importedAt,
                          Map<String, java.util.List<Object[]>> history) {
        this.canonicalByLocal = canonicalByLocal;
        this.importedAt = importedAt;
        this.history = history;
    }

    /** What {@code localName} stands for at {@code offset}: the last import binding it before there, or null. */
    public String canonicalAt(String localName, int offset) {
        java.util.List<Object[]> h = localName == null ? null : history.get(localName);
        if (h == null) return null;
        String found = null;
        for (int i = 0; i < h.size(); i++) {
            Object[] entry = h.get(i);
            if ((Integer) entry[0] <= offset) found = (String) entry[1];
        }
        return found;
    }

    /** The aliases bound by the imports of {@code module}; a null module binds none. */
    public static ImportAliases of(Mod.Module module) {
        if (module == null || module.body() == null) return EMPTY;
        Collected c = new Collected();
        try {
            collect(module.body(), c);
        } catch (StackOverflowError e) {
            // Absurdly deep statement nesting on a small stack: keep what was collected.
        }
        for (java.util.List<Object[]> h : c.history.values()) h.sort(java.util.Comparator.comparingInt(x -> (Integer) x[0]));
        return c.first.isEmpty() ? EMPTY : new ImportAliases(c.first, c.at, c.history);
    }

    /** What the walk over the imports gathers. */
    private static final class Collected {
        final Map<String, String> first = new HashMap<>();
        final Map<String, Integer> at = new HashMap<>();
        final Map<String, java.util.List<Object[]>> history = new HashMap<>();

        void bind(String local, String canonical, int offset) {
            if (first.putIfAbsent(local, canonical) == null) at.put(local, offset);
            history.computeIfAbsent(local, k -> new java.util.ArrayList<>()).add(new Object[] {offset, canonical});
        }
    }

    /**
     * Whether an import before {@code offset} binds {@code localName}: as in Semgrep, an import
     * only renames the uses that follow it.
     */
    public boolean importedBefore(String localName, int offset) {
        Integer at = localName == null ? null : importedAt.get(localName);
        return at != null && at <= offset;
    }

    /**
     * Whether some import of the file binds {@code localName} to {@code dotted}, or with
     * {@code inside} to a name inside it ({@code dotted.x}, {@code dotted.x.y}): only then can the
     * local name stand for {@code dotted} (or for a chain through it) in a pattern.
     */
    public boolean mayStandFor(String localName, String dotted, boolean inside) {
        java.util.List<Object[]> h = localName == null ? null : history.get(localName);
        if (h == null) return false;
        for (int i = 0; i < h.size(); i++) {
            String c = (String) h.get(i)[1];
            if (c.equals(dotted) || inside && c.length() > dotted.length() && c.startsWith(dotted) && c.charAt(dotted.length()) == '.') return true;
        }
        return false;
    }

    /** Whether an import in the file binds {@code localName}. */
    public boolean isImported(String localName) {
        return localName != null && canonicalByLocal.containsKey(localName);
    }

    /** The canonical dotted name {@code localName} stands for, or null when no import binds it. */
    public String canonicalOf(String localName) {
        return localName == null ? null : canonicalByLocal.get(localName);
    }

    /**
     * The canonical dotted name of {@code e}: for a Name bound by an import, what that import
     * stands for ({@code sp} → {@code subprocess}); for an Attribute chain over a Name
     * ({@code a.b.c}), the dotted name with the leading name resolved through the imports when
     * it is imported ({@code sp.call} → {@code subprocess.call}) and left as written when it is
     * not ({@code x.y} → {@code x.y}). Null for a plain Name that no import binds, and for
     * anything else (a call, a subscript, an attribute of a call, null).
     */
    public String canonical(Expr e) {
        if (e instanceof Expr.Name name) {
            return canonicalAt(name.id(), e.start());
        }
        if (!(e instanceof Expr.Attribute)) return null;
        int length = 0;
        Expr cur = e;
        while (cur instanceof Expr.Attribute attribute) {
            if (attribute.attr() == null) return null;
            length += attribute.attr().length() + 1;
            cur = attribute.value();
        }
        if (!(cur instanceof Expr.Name base) || base.id() == null) return null;
        String head = canonicalAt(base.id(), base.start());
        if (head == null) head = base.id();
        StringBuilder sb = new StringBuilder(head.length() + length);
        sb.append(head);
        appendAttributes(sb, e);
        return sb.toString();
    }

    /** Appends {@code .attr} for each Attribute of the chain, outermost last, without recursion. */
    private static void appendAttributes(StringBuilder sb, Expr chain) {
        int insertAt = sb.length();
        Expr cur = chain;
        while (cur instanceof Expr.Attribute attribute) {
            sb.insert(insertAt, attribute.attr());
            sb.insert(insertAt, '.');
            cur = attribute.value();
        }
    }

    private static void collect(List<Stmt> body, Collected out) {
        if (body == null) return;
        for (Stmt s : body) {
            if (s instanceof Stmt.Import imp) {
                if (imp.names() == null) continue;
                for (Alias alias : imp.names()) {
                    if (alias == null || alias.name() == null || alias.name().isEmpty()) continue;
                    String name = alias.name();
                    if (alias.asname() != null) {
                        out.bind(alias.asname(), name, s.start());
                    } else {
                        int dot = name.indexOf('.');
                        String first = dot < 0 ? name : name.substring(0, dot);
                        if (!first.isEmpty()) out.bind(first, first, s.start());
                    }
                }
            } else if (s instanceof Stmt.ImportFrom from) {
                if (from.names() == null) continue;
                String base = fromBase(from);
                for (Alias alias : from.names()) {
                    if (alias == null || alias.name() == null || alias.name().isEmpty() || alias.name().equals("*")) {
                        continue;
                    }
                    String local = alias.asname() != null ? alias.asname() : alias.name();
                    String full = base.isEmpty() ? alias.name()
                            : base.endsWith(".") ? base + alias.name()
                            : base + "." + alias.name();
                    out.bind(local, full, s.start());
                }
            } else if (s instanceof Stmt.FunctionDef f) {
                collect(f.body(), out);
            } else if (s instanceof Stmt.AsyncFunctionDef f) {
                collect(f.body(), out);
            } else if (s instanceof Stmt.ClassDef cd) {
                collect(cd.body(), out);
            } else if (s instanceof Stmt.If i) {
                collect(i.body(), out);
                collect(i.orelse(), out);
            } else if (s instanceof Stmt.For f) {
                collect(f.body(), out);
                collect(f.orelse(), out);
            } else if (s instanceof Stmt.AsyncFor f) {
                collect(f.body(), out);
                collect(f.orelse(), out);
            } else if (s instanceof Stmt.While w) {
                collect(w.body(), out);
                collect(w.orelse(), out);
            } else if (s instanceof Stmt.With w) {
                collect(w.body(), out);
            } else if (s instanceof Stmt.AsyncWith w) {
                collect(w.body(), out);
            } else if (s instanceof Stmt.Try t) {
                collect(t.body(), out);
                collectHandlers(t.handlers(), out);
                collect(t.orelse(), out);
                collect(t.finalbody(), out);
            } else if (s instanceof Stmt.TryStar t) {
                collect(t.body(), out);
                collectHandlers(t.handlers(), out);
                collect(t.orelse(), out);
                collect(t.finalbody(), out);
            } else if (s instanceof Stmt.Match m) {
                if (m.cases() == null) continue;
                for (MatchCase mc : m.cases()) {
                    if (mc != null) collect(mc.body(), out);
                }
            }
        }
    }

    private static void collectHandlers(List<ExceptHandler> handlers, Collected out) {
        if (handlers == null) return;
        for (ExceptHandler h : handlers) {
            if (h != null) collect(h.body(), out);
        }
    }

    /** The module part of a {@code from} import: leading dots for the level, then the module name. */
    private static String fromBase(Stmt.ImportFrom from) {
        String module = from.module() == null ? "" : from.module();
        int level = Math.max(0, Math.min(from.level(), 1000));
        if (level == 0) return module;
        return ".".repeat(level) + module;
    }
}
