package dev.warden.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The ignore rules of {@code warden scan}, as a {@link Targets.Filter}. Patterns are gitignore
 * patterns, read and matched by JGit ({@link IgnoreNode}, {@link FastIgnoreRule}).
 *
 * <p><b>Project root.</b> For each path on the command line, the project root is the nearest
 * directory at or above it (by real path) that holds a {@code .git} directory or file; without
 * one, the path itself (or, for a file, its directory). Every pattern source below is anchored
 * where git anchors it: an ignore file at its own directory, the rest at the project root.
 *
 * <p><b>Sources</b>, in precedence order for a path (the first that decides wins):
 * <ol>
 *   <li>{@code --exclude GLOB}: excluded whatever the files say (repeatable; a later
 *       {@code !GLOB} re-includes, as in one gitignore file).</li>
 *   <li>Ignore files from the path's own directory up to the project root, deepest first; in one
 *       directory {@code .wardenignore}, then {@code .semgrepignore}, then {@code .gitignore}. The
 *       {@code .gitignore} files count also outside a git repository.</li>
 *   <li>{@code .git/info/exclude} of the repository.</li>
 * </ol>
 * As in git, a directory that is ignored is not entered, so nothing under it can be re-included.
 * When the project root has neither a {@code .semgrepignore} nor a {@code .wardenignore}, Semgrep's
 * default ignores ({@link #DEFAULT_SEMGREPIGNORE}: {@code tests/}, {@code node_modules/},
 * {@code build/}, ...) stand in for the root {@code .semgrepignore}; an empty one turns them off.
 * Hidden directories below a scanned directory are skipped, as before.
 *
 * <p><b>{@code --include GLOB}</b> (repeatable): when given, only files that match one of them,
 * or lie in a directory that matches one, are kept ({@code --include '*.py'},
 * {@code --include src/app}). Globs are matched against the path relative to the project root.
 *
 * <p>A directory or file named on the command line is never ignored itself (what is under a named
 * directory is filtered), unless {@link Targets.Options#forceExclude()} holds for files.
 */
public final class Ignores implements Targets.Filter {
    /** Semgrep's default {@code .semgrepignore}, used when the project root has no ignore file of its own. */
    public static final String DEFAULT_SEMGREPIGNORE = String.join("\n",
            "# Common large paths",
            "node_modules/", "build/", "dist/", "vendor/", ".env/", ".venv/", ".tox/", "*.min.js", ".npm/", ".yarn/",
            "# Common test paths",
            "test/", "tests/", "testsuite/", "*_test.go",
            "# Semgrep rules folder",
            ".semgrep",
            "# Semgrep-action log folder",
            ".semgrep_logs/",
            "");

    private static final String[] IGNORE_FILES = {".wardenignore", ".semgrepignore", ".gitignore"};

    private final Targets.Options options;
    private final IgnoreNode excludes;
    private final List<FastIgnoreRule> includes = new ArrayList<>();
    private final Map<Path, Project> projects = new HashMap<>();
    private final Map<String, List<IgnoreNode>> levels = new HashMap<>();
    private final Map<Path, IgnoreNode> infoExcludes = new HashMap<>();
    private final IgnoreNode defaults = parse(DEFAULT_SEMGREPIGNORE);

    /** A project: its real root, whether it is a git work tree, and the scan root's path inside it. */
    private record Project(Path root, boolean git, String rootRel) {}

    public Ignores(Targets.Options options) {
        this.options = options;
        List<FastIgnoreRule> ex = new ArrayList<>();
        for (String g : options.excludes()) {
            FastIgnoreRule r = new FastIgnoreRule(g.strip());
            if (!r.isEmpty()) ex.add(r);
        }
        this.excludes = new IgnoreNode(ex);
        for (String g : options.includes()) {
            FastIgnoreRule r = new FastIgnoreRule(g.strip());
            if (!r.isEmpty() && !r.getNegation()) includes.add(r);
        }
    }

    @Override
    public boolean skipDirectory(Path root, Path dir) {
        if (dir.equals(root)) return false;
        if (Targets.HIDDEN_DIRECTORIES.skipDirectory(root, dir)) return true;
        return ignored(project(root), relative(root, dir), true);
    }

    @Override
    public boolean skipFile(Path root, Path file) {
        Project p = project(root);
        String rel = relative(root, file);
        return ignored(p, rel, false) || !included(rel);
    }

    /** Whether an explicitly named file is left out: only with {@code forceExclude}, by any rule on it or a directory above it. */
    boolean skipExplicitFile(Path file) {
        if (!options.forceExclude()) return false;
        Project p = project(file);
        String rel = p.rootRel;
        if (!included(rel)) return true;
        String[] parts = rel.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) prefix.append('/');
            prefix.append(parts[i]);
            if (ignored(p, prefix.toString(), i < parts.length - 1)) return true;
        }
        return false;
    }

    /** The path of {@code file} (found under {@code root}, or {@code root} itself) relative to its project root, with {@code /}. */
    String key(Path root, Path file) {
        return relative(root, file);
    }

    // ------------------------------------------------------------------------------------------

    private boolean included(String rel) {
        if (includes.isEmpty()) return true;
        String[] parts = rel.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) prefix.append('/');
            prefix.append(parts[i]);
            boolean dir = i < parts.length - 1;
            for (FastIgnoreRule r : includes) {
                if (r.isMatch(prefix.toString(), dir, true)) return true;
            }
        }
        return false;
    }

    private boolean ignored(Project p, String rel, boolean isDir) {
        Boolean ex = excludes.checkIgnored(rel, isDir);
        if (ex != null && ex) return true;
        if (!options.ignoreFiles() && !options.gitIgnore()) return false;
        int slash = rel.length();
        while (true) {
            slash = rel.lastIndexOf('/', slash - 1);
            String dir = slash < 0 ? "" : rel.substring(0, slash);
            String sub = rel.substring(slash + 1);
            for (IgnoreNode node : level(p, dir)) {
                Boolean b = node.checkIgnored(sub, isDir);
                if (b != null) return b;
            }
            if (slash < 0) break;
        }
        if (p.git && options.gitIgnore()) {
            IgnoreNode info = infoExclude(p.root);
            if (info != null) {
                Boolean b = info.checkIgnored(rel, isDir);
                if (b != null) return b;
            }
        }
        return false;
    }

    /** The ignore files of the project directory {@code dir} ("" for the root), in precedence order. */
    private List<IgnoreNode> level(Project p, String dir) {
        String cacheKey = p.root + "\0" + dir;
        List<IgnoreNode> cached = levels.get(cacheKey);
        if (cached != null) return cached;
        Path d = dir.isEmpty() ? p.root : p.root.resolve(dir);
        List<IgnoreNode> nodes = new ArrayList<>(3);
        boolean own = false;
        for (String name : IGNORE_FILES) {
            boolean isGit = name.equals(".gitignore");
            if (isGit ? !options.gitIgnore() : !options.ignoreFiles()) continue;
            Path f = d.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            if (!isGit) own = true;
            IgnoreNode node = read(f);
            if (node != null) nodes.add(node);
        }
        if (dir.isEmpty() && !own && options.ignoreFiles()) nodes.add(0, defaults); // stands in for the root .semgrepignore
        levels.put(cacheKey, nodes);
        return nodes;
    }

    private IgnoreNode infoExclude(Path gitRoot) {
        return infoExcludes.computeIfAbsent(gitRoot, r -> {
            Path f = r.resolve(".git").resolve("info").resolve("exclude");
            IgnoreNode n = Files.isRegularFile(f) ? read(f) : null;
            return n == null ? new IgnoreNode() : n;
        });
    }

    private static IgnoreNode read(Path f) {
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(f)) {
            node.parse(f.toString(), in);
            return node;
        } catch (IOException | SecurityException e) {
            return null; // an unreadable ignore file ignores nothing (git does the same)
        }
    }

    private static IgnoreNode parse(String text) {
        IgnoreNode node = new IgnoreNode();
        try {
            node.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return node;
    }

    private String relative(Path root, Path entry) {
        Project p = project(root);
        if (entry.equals(root)) return p.rootRel;
        String below = root.relativize(entry).toString().replace('\\', '/');
        return p.rootRel.isEmpty() ? below : p.rootRel + "/" + below;
    }

    private Project project(Path root) {
        return projects.computeIfAbsent(root, Ignores::findProject);
    }

    private static Project findProject(Path given) {
        Path real = Targets.realOrSelf(given);
        boolean dir = Files.isDirectory(real);
        Path start = dir ? real : real.getParent();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return new Project(d, true, d.relativize(real).toString().replace('\\', '/'));
            }
        }
        if (start == null) start = real;
        return new Project(start, false, dir ? "" : start.relativize(real).toString().replace('\\', '/'));
    }
}
