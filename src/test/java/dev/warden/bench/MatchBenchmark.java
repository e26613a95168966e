package dev.warden.bench;

import dev.warden.match.Match;
import dev.warden.match.SemgrepPattern;
import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Single-threaded matching throughput: every .py file under a directory is read, decoded and
 * parsed once (all trees kept in memory, not timed), then typical security patterns are matched
 * against all of them. Only matching is timed, after warm-up, for the first 1, 5, 10 and 20
 * patterns, so that one can see whether the cost grows linearly with the number of patterns.
 * Run through bench/match-bench.sh.
 *
 * <pre>java -Xss16m -cp ... dev.warden.bench.MatchBenchmark DIR [--warmup N] [--passes N]</pre>
 */
public final class MatchBenchmark {
    private MatchBenchmark() {}

    /** Defeats dead-code elimination of the match results. */
    private static long sink;

    /** Typical security patterns, in the order they are added to the timed sets. */
    static final String[] PATTERNS = {
        "subprocess.$F(..., shell=True, ...)",
        "eval(...)",
        "exec(...)",
        "pickle.loads(...)",
        "yaml.load(...)",
        "hashlib.md5(...)",
        "os.system(...)",
        "tempfile.mktemp(...)",
        "requests.$M(..., verify=False, ...)",
        "$X == $X",
        "open($F, \"w\")",
        "def $F(..., request, ...):\n    ...\n",
        "try:\n    ...\nexcept:\n    pass\n",
        "assert $X",
        "$X.execute($Q % ...)",
        "random.random()",
        "input(...)",
        "__import__(...)",
        "marshal.loads(...)",
        "ssl._create_unverified_context(...)",
    };

    static final int[] COUNTS = {1, 5, 10, 20};

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int warmup = 2;
        int passes = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                default -> dir = Paths.get(args[i]);
            }
        }
        if (dir == null) {
            System.err.println("usage: MatchBenchmark DIR [--warmup N] [--passes N]");
            System.exit(2);
        }

        // ---- parse everything once, untimed ------------------------------------------------
        List<Path> paths = ParseBenchmark.pythonFiles(dir);
        List<ParseResult> parsed = new ArrayList<>();
        List<String> parsedNames = new ArrayList<>();
        long bytes = 0;
        int decodeErrors = 0;
        int syntaxErrors = 0;
        int parseCrashes = 0;
        long t0 = System.nanoTime();
        for (Path p : paths) {
            byte[] raw = Files.readAllBytes(p);
            try {
                SourceDecoder.Decoded d = SourceDecoder.decode(p.toString(), raw);
                if (d.error() != null) { decodeErrors++; continue; }
                ParseResult r = Parser.parse(d.source());
                if (!r.errors().isEmpty()) syntaxErrors++; // still matched: the tree holds what parsed
                parsed.add(r);
                parsedNames.add(p.toString());
                bytes += raw.length;
            } catch (Throwable t) {
                parseCrashes++;
            }
        }
        double parseSeconds = (System.nanoTime() - t0) / 1e9;
        ParseResult[] files = parsed.toArray(new ParseResult[0]);
        String[] names = parsedNames.toArray(new String[0]);
        int n = files.length;
        System.out.printf(Locale.ROOT, "match-bench: %d files (%.1f MB) parsed once in %.1f s, kept in memory; "
                        + "skipped: %d decode errors, %d parser crashes; files with syntax errors (matched anyway): %d%n",
                n, bytes / 1e6, parseSeconds, decodeErrors, parseCrashes, syntaxErrors);

        // ---- compile -----------------------------------------------------------------------
        List<SemgrepPattern> compiled = new ArrayList<>();
        List<String> compiledText = new ArrayList<>();
        for (String text : PATTERNS) {
            try {
                compiled.add(SemgrepPattern.compile(text));
                compiledText.add(text);
            } catch (Exception e) { // a PatternException, or a bug
                System.out.println("match-bench: pattern does not compile, left out: " + oneLine(text) + ": " + e.getMessage());
            }
        }
        int k = compiled.size();
        if (k == 0) {
            System.out.println("match-bench: no pattern compiles; nothing to time");
            System.exit(1);
        }
        SemgrepPattern[] pats = compiled.toArray(new SemgrepPattern[0]);

        // ---- one checked pass: crashes, and the slowest (pattern, file) pairs ---------------
        boolean[][] skip = new boolean[k][n];
        int crashes = 0;
        long[] slowNanos = new long[5];
        String[] slowWhat = new String[5];
        for (int p = 0; p < k; p++) {
            for (int f = 0; f < n; f++) {
                long s = System.nanoTime();
                try {
                    sink += pats[p].matches(files[f]).size();
                } catch (Throwable t) {
                    skip[p][f] = true;
                    if (++crashes <= 10) {
                        System.out.println("match-bench: CRASH " + oneLine(compiledText.get(p)) + " on " + names[f] + ": " + t);
                    }
                }
                long dt = System.nanoTime() - s;
                int min = 0;
                for (int i = 1; i < slowNanos.length; i++) if (slowNanos[i] < slowNanos[min]) min = i;
                if (dt > slowNanos[min]) {
                    slowNanos[min] = dt;
                    slowWhat[min] = oneLine(compiledText.get(p)) + " on " + names[f];
                }
            }
        }
        if (crashes > 0) {
            System.out.println("match-bench: " + crashes + " (pattern, file) pairs made the matcher throw; they are skipped in the timed passes");
        }

        // ---- timed: the first 1, 5, 10, 20 patterns ---------------------------------------
        System.out.printf(Locale.ROOT, "match-bench: matching only, 1 thread, best of %d passes after %d warm-up%n", passes, warmup);
        for (int count : COUNTS) {
            int c = Math.min(count, k);
            if (count > k && c == prevCount(count, k)) continue; // same set as the previous line
            for (int w = 0; w < warmup; w++) pass(pats, c, files, skip);
            double best = Double.MAX_VALUE;
            long found = 0;
            for (int p = 0; p < passes; p++) {
                long s = System.nanoTime();
                found = pass(pats, c, files, skip);
                best = Math.min(best, (System.nanoTime() - s) / 1e9);
            }
            System.out.printf(Locale.ROOT,
                    "match-bench: %2d patterns: %8.3f s total, %9.1f µs/file, %8.2f µs/file/pattern, %7d matches, %10.0f matches/s%n",
                    c, best, best * 1e6 / n, best * 1e6 / n / c, found, found / best);
        }

        // ---- per pattern: each alone over all files, everything warm by now ----------------
        System.out.println("match-bench: per pattern (each alone, one pass over all files, after the runs above):");
        for (int p = 0; p < k; p++) {
            long s = System.nanoTime();
            long found = passOne(pats[p], skip[p], files);
            double ms = (System.nanoTime() - s) / 1e6;
            System.out.printf(Locale.ROOT, "match-bench:   %8.1f ms %7d matches  %s%n", ms, found, oneLine(compiledText.get(p)));
        }
        Integer[] order = new Integer[slowNanos.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(slowNanos[b], slowNanos[a]));
        System.out.println("match-bench: slowest (pattern, file) pairs:");
        for (int i : order) {
            if (slowWhat[i] != null) System.out.printf(Locale.ROOT, "match-bench:   %8.1f ms  %s%n", slowNanos[i] / 1e6, slowWhat[i]);
        }
        if (sink == 42) System.out.println();
    }

    /** The pattern count the previous line of {@link #COUNTS} used, to avoid timing the same set twice. */
    private static int prevCount(int count, int k) {
        int prev = -1;
        for (int c : COUNTS) {
            if (c == count) break;
            prev = Math.min(c, k);
        }
        return prev;
    }

    /** Every file against the first {@code count} patterns; returns the number of matches. */
    private static long pass(SemgrepPattern[] pats, int count, ParseResult[] files, boolean[][] skip) {
        long found = 0;
        long s = 0;
        for (int f = 0; f < files.length; f++) {
            for (int p = 0; p < count; p++) {
                if (skip[p][f]) continue;
                List<Match> ms = pats[p].matches(files[f]);
                found += ms.size();
                for (Match m : ms) s += m.start();
            }
        }
        sink += s;
        return found;
    }

    private static long passOne(SemgrepPattern pat, boolean[] skip, ParseResult[] files) {
        long found = 0;
        long s = 0;
        for (int f = 0; f < files.length; f++) {
            if (skip[f]) continue;
            List<Match> ms = pat.matches(files[f]);
            found += ms.size();
            for (Match m : ms) s += m.start();
        }
        sink += s;
        return found;
    }

    private static String oneLine(String pattern) {
        return pattern.strip().replace("\n", "\\n");
    }
}
