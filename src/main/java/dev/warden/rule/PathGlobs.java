package dev.warden.rule;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's {@code paths: include/exclude} globs, gitignore-style: a glob without a slash matches
 * any file or directory name along the path; with a slash it matches from the start of the
 * path (a leading {@code /} is dropped); {@code **} crosses directories.
 */
public final class PathGlobs {
    private final List<PathMatcher> matchers = new ArrayList<>();

    PathGlobs(List<String> globs) {
        for (String g : globs) {
            String glob = g.startsWith("./") ? g.substring(2) : g.startsWith("/") ? g.substring(1) : g;
            // as in gitignore, a trailing slash (a directory) does not anchor the glob: `tests/` is any tests directory
            boolean anchored = glob.replaceAll("/+$", "").contains("/") && !glob.startsWith("**/");
            if (glob.endsWith("/")) glob = glob + "**";
            add("glob:" + glob);
            add("glob:" + glob + "/**");
            if (!anchored) {
                add("glob:**/" + glob);
                add("glob:**/" + glob + "/**");
            }
        }
    }

    private void add(String syntax) {
        try {
            matchers.add(FileSystems.getDefault().getPathMatcher(syntax));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // a glob Java cannot read matches nothing
        }
    }

    boolean isEmpty() { return matchers.isEmpty(); }

    boolean matches(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        Path candidate = Path.of(p);
        for (PathMatcher m : matchers) if (m.matches(candidate)) return true;
        return false;
    }

    /** Whether a rule with these include/exclude lists applies to a file path. */
    public static boolean applies(List<String> include, List<String> exclude, String path) {
        if (include != null && !include.isEmpty() && !compiled(include).matches(path)) return false;
        return exclude == null || exclude.isEmpty() || !compiled(exclude).matches(path);
    }

    /** Each rule's globs compiled once (this is asked for every rule on every file). */
    private static final java.util.Map<List<String>, PathGlobs> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private static PathGlobs compiled(List<String> globs) { return COMPILED.computeIfAbsent(globs, PathGlobs::new); }
}
