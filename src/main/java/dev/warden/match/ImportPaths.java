package dev.warden.match;

import dev.warden.python.ast.Alias;
import dev.warden.python.ast.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Import statements compared by what they import, as Semgrep does: the pattern
 * {@code import foo.bar} matches {@code import foo.bar as fb}, {@code from foo import bar} and
 * {@code import foo.bar.baz}; {@code from foo.bar import baz} matches {@code import foo.bar.baz}.
 */
final class ImportPaths {
    private ImportPaths() {}

    /** A module path an import statement brings in, with the local name it binds (or null). */
    private record Imported(String path, String asname) {}

    /** Whether an import pattern is written without metavariables (then paths are compared). */
    static boolean isLiteral(Stmt p) {
        List<Alias> names = p instanceof Stmt.Import ? ((Stmt.Import) p).names() : ((Stmt.ImportFrom) p).names();
        if (p instanceof Stmt.ImportFrom) {
            Stmt.ImportFrom f = (Stmt.ImportFrom) p;
            if (f.level() != 0 || f.module() == null || f.module().contains("$")) return false;
        }
        for (Alias a : names) {
            if (a.name().contains("$") || a.name().equals("...") || (a.asname() != null && a.asname().contains("$"))) return false;
        }
        return true;
    }

    /** Whether the target imports everything the pattern imports (under the same local names, if given). */
    static boolean covers(Stmt pattern, Stmt target) {
        List<Imported> wanted = imported(pattern), have = imported(target);
        for (Imported w : wanted) {
            boolean found = false;
            for (Imported h : have) {
                if ((h.path.equals(w.path) || h.path.startsWith(w.path + ".")) && (w.asname == null || w.asname.equals(h.asname))) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }

    private static List<Imported> imported(Stmt s) {
        List<Imported> out = new ArrayList<>();
        if (s instanceof Stmt.Import) {
            for (Alias a : ((Stmt.Import) s).names()) out.add(new Imported(a.name(), a.asname()));
        } else {
            Stmt.ImportFrom f = (Stmt.ImportFrom) s;
            if (f.level() != 0 || f.module() == null) return out;
            for (Alias a : f.names()) {
                out.add(new Imported(a.name().equals("*") ? f.module() : f.module() + "." + a.name(), a.asname()));
            }
        }
        return out;
    }
}
