package dev.warden.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the Python files to scan under the paths given on the command line.
 *
 * <p>A path named explicitly is scanned whatever its name (as Semgrep does for explicit targets).
 * Under a directory, the walk keeps {@code .py} and {@code .pyi} files and extensionless files
 * whose first line is a Python shebang ({@code #!/usr/bin/env python3}, {@code #!/usr/bin/python}),
 * recursively. Symbolic links are followed, but a directory is entered only once (by real path),
 * so a link loop ends the walk rather than the JVM; a file reached twice through links is scanned
 * once. Hidden directories ({@code .git}, {@code .venv}, ...) are skipped by the default
 * {@link Filter}; ignore files ({@code .gitignore}, {@code .semgrepignore}) are meant to plug in
 * as another {@code Filter}. Problems (a missing path, an unreadable directory or file) become
 * {@link Problem}s, never exceptions, and the walk goes on.
 *
 * <p>Targets come back sorted by their display path, which is the path as given on the command
 * line joined with the walked names and normalized ({@code ./a/b.py} shows as {@code a/b.py}).
 */
public final class Targets {
    private Targets() {}

    /** Decides which entries of a walk are left out (the seam for ignore files). */
    public interface Filter {
        /** True to skip the directory {@code dir} and everything under it ({@code root} is the walk's start). */
        boolean skipDirectory(Path root, Path dir);

        /** True to skip the file {@code file} found under {@code root}. */
        boolean skipFile(Path root, Path file);
    }

    /** The default filter: skips hidden directories below the root, keeps every file. */
    public static final Filter HIDDEN_DIRECTORIES = new Filter() {
        @Override
        public boolean skipDirectory(Path root, Path dir) {
            if (dir.equals(root)) return false;
            Path name = dir.getFileName();
            return name != null && name.toString().startsWith(".");
        }

        @Override
        public boolean skipFile(Path root, Path file) { return false; }
    };

    /** A path that could not be listed or read, and why. */
    public record Problem(String path, String message) {}

    /** The Python files to scan (sorted, distinct) and the problems met on the way. */
    public record Result(List<Path> targets, List<Problem> problems) {}

    /** {@link #find(List, Filter)} with the default filter; no paths means {@code "."}. */
    public static Result find(List<Path> paths) { return find(paths, HIDDEN_DIRECTORIES); }

    public static Result find(List<Path> paths, Filter filter) {
        if (paths == null || paths.isEmpty()) paths = List.of(Path.of("."));
        Walk walk = new Walk(filter);
        for (Path p : paths) walk.root(p);
        List<Path> targets = new ArrayList<>(walk.found);
        targets.sort(Comparator.comparing(Path::toString));
        List<Path> distinct = new ArrayList<>(targets.size());
        Set<Path> realSeen = new HashSet<>();
        for (Path t : targets) {
            if (realSeen.add(realOrSelf(t))) distinct.add(t);
        }
        return new Result(Collections.unmodifiableList(distinct), Collections.unmodifiableList(walk.problems));
    }

    /** Whether a file found while walking is a Python target: by extension, or by shebang if it has none. */
    public static boolean isPythonFile(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".py") || lower.endsWith(".pyi")) return true;
        if (name.lastIndexOf('.') > 0) return false; // some other extension
        return hasPythonShebang(file);
    }

    /** True when the file's first line is {@code #!...python...} (python, python3, python3.13, via env or not). */
    static boolean hasPythonShebang(Path file) throws IOException {
        byte[] head = new byte[256];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) break;
                n += r;
            }
        }
        if (n < 2 || head[0] != '#' || head[1] != '!') return false;
        int end = 0;
        while (end < n && head[end] != '\n' && head[end] != '\r') end++;
        String line = new String(head, 0, end, StandardCharsets.UTF_8).strip();
        // the interpreter is the first word, or the word after env (and env's options)
        String[] words = line.substring(2).strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) return false;
        String interpreter = basename(words[0]);
        if (interpreter.equals("env")) {
            interpreter = "";
            for (int i = 1; i < words.length; i++) {
                if (words[i].startsWith("-") || words[i].contains("=")) continue;
                interpreter = basename(words[i]);
                break;
            }
        }
        return interpreter.matches("python[0-9.]*");
    }

    private static String basename(String word) {
        int slash = word.lastIndexOf('/');
        return slash >= 0 ? word.substring(slash + 1) : word;
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static String display(Path p) {
        Path n = p.normalize();
        return n.toString().isEmpty() ? "." : n.toString();
    }

    private static final class Walk {
        final Filter filter;
        final List<Path> found = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final Set<Path> visitedDirs = new HashSet<>();

        Walk(Filter filter) { this.filter = filter; }

        void root(Path given) {
            if (!Files.exists(given)) {
                problems.add(new Problem(display(given), Files.exists(given, LinkOption.NOFOLLOW_LINKS)
                        ? "broken symbolic link" : "no such file or directory"));
                return;
            }
            if (Files.isDirectory(given)) {
                directory(given, given);
            } else if (Files.isReadable(given)) {
                found.add(Path.of(display(given))); // explicit files are scanned whatever their name
            } else {
                problems.add(new Problem(display(given), "permission denied"));
            }
        }

        void directory(Path root, Path dir) {
            if (filter.skipDirectory(root, dir)) return;
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException | SecurityException e) {
                problems.add(new Problem(display(dir), message(e)));
                return;
            }
            if (!visitedDirs.add(real)) return; // a link back to a directory already walked
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path e : ds) entries.add(e);
            } catch (IOException | SecurityException e) {
                problems.add(new Problem(display(dir), message(e)));
                return;
            }
            entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path e : entries) {
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(e, BasicFileAttributes.class); // follows links
                } catch (NoSuchFileException ex) {
                    continue; // a dangling link, or removed during the walk: nothing to scan
                } catch (IOException | SecurityException ex) {
                    problems.add(new Problem(display(e), message(ex)));
                    continue;
                }
                if (attrs.isDirectory()) {
                    directory(root, e);
                } else if (attrs.isRegularFile()) {
                    if (filter.skipFile(root, e)) continue;
                    try {
                        if (isPythonFile(e)) found.add(Path.of(display(e)));
                    } catch (IOException | SecurityException ex) {
                        // an extensionless file we cannot open to read its shebang
                        problems.add(new Problem(display(e), message(ex)));
                    }
                }
            }
        }
    }

    static String message(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileSystemLoopException) return "symbolic link loop";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
