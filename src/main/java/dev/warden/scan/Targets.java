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
 * {@link Filter}. Problems (a missing path, an unreadable directory or file) become
 * {@link Problem}s, never exceptions, and the walk goes on.
 *
 * <p>{@link #find(List, Options)} adds what {@code warden scan} selects with (see {@link Ignores}
 * for the ignore files and {@code --include}/{@code --exclude}): the size limit (larger files are
 * {@link Skipped}, with a notice, not an error) and {@code --shard K/N} ({@link Shard}). Files
 * named explicitly on the command line are never left out by ignore files or
 * {@code --include}/{@code --exclude} (Semgrep's behaviour, so that {@code warden scan -e P file.py}
 * scans {@code file.py}), unless {@link Options#forceExclude}; the size limit and sharding apply
 * to them too.
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

    /** A file left out for a reason worth a notice (not an error): {@code reason} as Semgrep words it. */
    public record Skipped(String path, String reason, String message) {}

    /** The Python files to scan (sorted, distinct), the problems met on the way and the files skipped. */
    public record Result(List<Path> targets, List<Problem> problems, List<Skipped> skipped) {
        public Result(List<Path> targets, List<Problem> problems) { this(targets, problems, List.of()); }
    }

    /** Semgrep's default for {@code --max-target-bytes}. */
    public static final long DEFAULT_MAX_TARGET_BYTES = 1_000_000;

    /**
     * {@code --shard K/N}: this run scans the targets whose {@link #hash stable hash} of their path
     * relative to the project root, modulo {@code count}, is {@code index - 1}. The N runs
     * {@code 1/N} ... {@code N/N} (with the same other arguments) scan every target exactly once.
     */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N, not " + index + "/" + count);
            }
        }

        /** Parses {@code "K/N"}; throws {@link IllegalArgumentException} with a message for the user. */
        public static Shard parse(String text) {
            String t = text == null ? "" : text.strip();
            int slash = t.indexOf('/');
            try {
                if (slash > 0) return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("--shard must be K/N with 1 <= K <= N (e.g. 2/4), not '" + text + "'");
        }

        /** Whether the target with project-relative path {@code key} belongs to this shard. */
        public boolean contains(String key) { return Long.remainderUnsigned(hash(key), count) == index - 1; }

        /**
         * 64-bit FNV-1a of the UTF-8 bytes of {@code key} (the path relative to the project root,
         * with {@code /} separators): fixed here, so shards agree across machines and versions.
         */
        public static long hash(String key) {
            long h = 0xcbf29ce484222325L;
            for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
                h ^= (b & 0xff);
                h *= 0x100000001b3L;
            }
            return h;
        }
    }

    /**
     * How {@code warden scan} selects targets. {@code includes}/{@code excludes} are gitignore-style
     * globs ({@code --include}/{@code --exclude}); {@code ignoreFiles} turns {@code .semgrepignore},
     * {@code .wardenignore} and Semgrep's default ignores on, {@code gitIgnore} {@code .gitignore}
     * files and {@code .git/info/exclude}; {@code maxTargetBytes} 0 means no limit; {@code shard}
     * null means all targets; {@code forceExclude} applies the ignores to explicit files too.
     */
    public record Options(List<String> includes, List<String> excludes, boolean ignoreFiles, boolean gitIgnore,
                          long maxTargetBytes, Shard shard, boolean forceExclude) {
        public Options {
            includes = includes == null ? List.of() : List.copyOf(includes);
            excludes = excludes == null ? List.of() : List.copyOf(excludes);
        }

        /** What {@code warden scan} does without options. */
        public static Options defaults() {
            return new Options(List.of(), List.of(), true, true, DEFAULT_MAX_TARGET_BYTES, null, false);
        }

        public Options withIncludes(List<String> v) { return new Options(v, excludes, ignoreFiles, gitIgnore, maxTargetBytes, shard, forceExclude); }
        public Options withExcludes(List<String> v) { return new Options(includes, v, ignoreFiles, gitIgnore, maxTargetBytes, shard, forceExclude); }
        public Options withGitIgnore(boolean v) { return new Options(includes, excludes, ignoreFiles, v, maxTargetBytes, shard, forceExclude); }
        public Options withIgnoreFiles(boolean v) { return new Options(includes, excludes, v, gitIgnore, maxTargetBytes, shard, forceExclude); }
        public Options withMaxTargetBytes(long v) { return new Options(includes, excludes, ignoreFiles, gitIgnore, v, shard, forceExclude); }
        public Options withShard(Shard v) { return new Options(includes, excludes, ignoreFiles, gitIgnore, maxTargetBytes, v, forceExclude); }
        public Options withForceExclude(boolean v) { return new Options(includes, excludes, ignoreFiles, gitIgnore, maxTargetBytes, shard, v); }
    }

    /** {@link #find(List, Filter)} with the default filter; no paths means {@code "."}. */
    public static Result find(List<Path> paths) { return find(paths, HIDDEN_DIRECTORIES); }

    public static Result find(List<Path> paths, Filter filter) {
        return find(paths, filter, null, 0, null);
    }

    /** The targets {@code warden scan} selects: ignore files, include/exclude, size limit, shard. */
    public static Result find(List<Path> paths, Options options) {
        Ignores ignores = new Ignores(options);
        return find(paths, ignores, ignores, options.maxTargetBytes(), options.shard());
    }

    private static Result find(List<Path> paths, Filter filter, Ignores ignores, long maxBytes, Shard shard) {
        if (paths == null || paths.isEmpty()) paths = List.of(Path.of("."));
        Walk walk = new Walk(filter, ignores);
        for (Path p : paths) walk.root(p);
        List<Path> targets = new ArrayList<>(walk.found);
        targets.sort(Comparator.comparing(Path::toString));
        List<Path> distinct = new ArrayList<>(targets.size());
        List<Skipped> skipped = new ArrayList<>();
        Set<Path> realSeen = new HashSet<>();
        for (Path t : targets) {
            if (!realSeen.add(realOrSelf(t))) continue;
            if (shard != null && !shard.contains(walk.keys.getOrDefault(t, t.toString().replace('\\', '/')))) continue;
            if (maxBytes > 0) {
                long size;
                try {
                    size = Files.size(t);
                } catch (IOException | SecurityException e) {
                    size = -1; // the scanner reports the read error
                }
                if (size > maxBytes) {
                    skipped.add(new Skipped(t.toString(), "exceeded_size_limit",
                            "skipped: " + size + " bytes, over --max-target-bytes " + maxBytes));
                    continue;
                }
            }
            distinct.add(t);
        }
        return new Result(Collections.unmodifiableList(distinct), Collections.unmodifiableList(walk.problems),
                Collections.unmodifiableList(skipped));
    }

    /**
     * The offset of the first NUL byte in the first 8 KB of {@code bytes}, or -1: a file with one
     * is binary (what git and grep call binary) and is not parsed.
     */
    public static int binaryOffset(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++) if (bytes[i] == 0) return i;
        return -1;
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

    static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static String display(Path p) {
        Path n = p.normalize();
        return n.toString().isEmpty() ? "." : n.toString();
    }

    private static final class Walk {
        final Filter filter;
        final Ignores ignores; // null: no project-relative keys (plain walk)
        final List<Path> found = new ArrayList<>();
        final java.util.Map<Path, String> keys = new java.util.HashMap<>();
        final List<Problem> problems = new ArrayList<>();
        final Set<Path> visitedDirs = new HashSet<>();

        Walk(Filter filter, Ignores ignores) {
            this.filter = filter;
            this.ignores = ignores;
        }

        private void add(Path root, Path file) {
            Path shown = Path.of(display(file));
            found.add(shown);
            if (ignores != null) keys.putIfAbsent(shown, ignores.key(root, file));
        }

        void root(Path given) {
            if (!Files.exists(given)) {
                problems.add(new Problem(display(given), Files.exists(given, LinkOption.NOFOLLOW_LINKS)
                        ? "broken symbolic link" : "no such file or directory"));
                return;
            }
            if (Files.isDirectory(given)) {
                directory(given, given);
            } else if (Files.isReadable(given)) {
                // explicit files are scanned whatever their name, and (unless forced) whatever the ignores say
                if (ignores != null && ignores.skipExplicitFile(given)) return;
                add(given, given);
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
                        if (isPythonFile(e)) add(root, e);
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
