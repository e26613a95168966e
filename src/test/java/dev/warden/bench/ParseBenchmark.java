package dev.warden.bench;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.PySyntaxError;
import dev.warden.python.SourceDecoder;
import dev.warden.python.ast.Mod;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Single-threaded parse throughput: decode + lex + parse of every .py file under a directory.
 * All files are read into memory first so that I/O is not measured; then a few warm-up passes,
 * then timed passes. Run through bench/parse-bench.sh, which also times CPython's ast.parse.
 *
 * <pre>java -Xss16m -cp ... dev.warden.bench.ParseBenchmark DIR [--warmup N] [--passes N] [--list-files FILE]</pre>
 */
public final class ParseBenchmark {
    private ParseBenchmark() {}

    /** Defeats dead-code elimination of the parse results. */
    private static long sink;

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int warmup = 3;
        int passes = 5;
        Path listFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--list-files" -> listFile = Paths.get(args[++i]);
                default -> dir = Paths.get(args[i]);
            }
        }
        if (dir == null) {
            System.err.println("usage: ParseBenchmark DIR [--warmup N] [--passes N] [--list-files FILE]");
            System.exit(2);
        }

        List<Path> paths = pythonFiles(dir);
        if (listFile != null) {
            // the exact file list, so that the CPython side parses the same files
            List<String> lines = new ArrayList<>();
            for (Path p : paths) lines.add(p.toString());
            Files.write(listFile, lines);
        }
        String[] names = new String[paths.size()];
        byte[][] raw = new byte[paths.size()][];
        long bytes = 0;
        long lines = 0;
        for (int i = 0; i < raw.length; i++) {
            names[i] = paths.get(i).toString();
            raw[i] = Files.readAllBytes(paths.get(i));
            bytes += raw[i].length;
            lines += countLines(raw[i]);
        }
        double mb = bytes / 1e6;

        // One checked pass: files with syntax errors, and anything the parser threw.
        int errorFiles = 0;
        int crashes = 0;
        boolean[] skip = new boolean[raw.length];
        List<String> errorSamples = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            try {
                PySyntaxError e = parseOne(names[i], raw[i]);
                if (e != null) {
                    errorFiles++;
                    if (errorSamples.size() < 10) errorSamples.add(e.format(names[i]));
                }
            } catch (Throwable t) {
                crashes++;
                skip[i] = true;
                if (crashes <= 10) System.out.println("warden: CRASH on " + names[i] + ": " + t);
            }
        }
        if (crashes > 0) {
            System.out.println("warden: " + crashes + " files made the parser throw; they are skipped in the timed passes");
        }

        for (int w = 0; w < warmup; w++) pass(names, raw, skip);

        resetPeaks();
        double[] times = new double[passes];
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            pass(names, raw, skip);
            times[p] = (System.nanoTime() - t0) / 1e9;
        }
        long peakHeap = peakHeapUsed();
        long heapMax = Runtime.getRuntime().maxMemory();

        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double best = sorted[0];
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;

        // Retained heap: everything parsed and held at once.
        long[] retained = retainedHeap(names, raw, skip);

        System.out.printf(Locale.ROOT, "warden: %d files, %d lines, %.1f MB in %.3f s best, %.3f s median (%.1f MB/s, %s lines/s), %d passes after %d warm-up, 1 thread%n",
                raw.length, lines, mb, best, median, mb / best, human(lines / best), passes, warmup);
        System.out.printf(Locale.ROOT, "warden: pass times %s s%n", fmtTimes(times));
        System.out.printf(Locale.ROOT, "warden: files with syntax errors: %d%s%n", errorFiles,
                crashes > 0 ? ", parser exceptions: " + crashes : "");
        for (String s : errorSamples) System.out.println("warden:   " + s);
        System.out.printf(Locale.ROOT, "warden: peak heap during timed passes %d MB (sum of heap pool peaks; max heap %d MB)%n",
                peakHeap >> 20, heapMax >> 20);
        System.out.printf(Locale.ROOT, "warden: retained heap of all %d ASTs held at once %d MB; with tokens and sources %d MB (raw file bytes: %.1f MB)%n",
                raw.length, retained[0] >> 20, retained[1] >> 20, mb);
        // machine-readable line for the driver script
        System.out.printf(Locale.ROOT, "RESULT best=%.6f median=%.6f bytes=%d lines=%d files=%d%n", best, median, bytes, lines, raw.length);
        if (sink == 42) System.out.println();
    }

    /** Decode + lex + parse one file; returns its first error (decode or syntax), or null. */
    private static PySyntaxError parseOne(String name, byte[] raw) {
        SourceDecoder.Decoded d = SourceDecoder.decode(name, raw);
        if (d.error() != null) return d.error();
        ParseResult r = Parser.parse(d.source());
        return r.errors().isEmpty() ? null : r.errors().get(0);
    }

    private static void pass(String[] names, byte[][] raw, boolean[] skip) {
        long s = 0;
        for (int i = 0; i < raw.length; i++) {
            if (skip[i]) continue;
            SourceDecoder.Decoded d = SourceDecoder.decode(names[i], raw[i]);
            if (d.error() != null) { s++; continue; }
            ParseResult r = Parser.parse(d.source());
            s += r.module().body().size() + r.errors().size() + r.tokens().size();
        }
        sink += s;
    }

    private static long[] retainedHeap(String[] names, byte[][] raw, boolean[] skip) {
        long base = usedAfterGc();
        Mod.Module[] modules = new Mod.Module[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (skip[i]) continue;
            SourceDecoder.Decoded d = SourceDecoder.decode(names[i], raw[i]);
            if (d.error() == null) modules[i] = Parser.parse(d.source()).module();
        }
        long astOnly = usedAfterGc() - base;
        sink += System.identityHashCode(modules);
        modules = null;
        base = usedAfterGc();
        ParseResult[] results = new ParseResult[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (skip[i]) continue;
            SourceDecoder.Decoded d = SourceDecoder.decode(names[i], raw[i]);
            if (d.error() == null) results[i] = Parser.parse(d.source());
        }
        long full = usedAfterGc() - base;
        sink += System.identityHashCode(results);
        return new long[] {Math.max(0, astOnly), Math.max(0, full)};
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            try { Thread.sleep(50); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    private static long peakHeapUsed() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    /** .py files under {@code dir}, sorted, leaving out anything under a site-packages directory. */
    static List<Path> pythonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".py"))
                    .filter(p -> {
                        for (Path part : dir.relativize(p)) if (part.toString().equals("site-packages")) return false;
                        return true;
                    })
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /** Lines as {@code wc -l} counts them, plus a last line without a newline. */
    private static long countLines(byte[] b) {
        long n = 0;
        for (byte x : b) if (x == '\n') n++;
        if (b.length > 0 && b[b.length - 1] != '\n') n++;
        return n;
    }

    private static String human(double n) {
        if (n >= 1e6) return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        if (n >= 1e3) return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        return String.format(Locale.ROOT, "%.0f", n);
    }

    private static String fmtTimes(double[] t) {
        StringBuilder sb = new StringBuilder();
        for (double x : t) sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
        return sb.toString();
    }
}
