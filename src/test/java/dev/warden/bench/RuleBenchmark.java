package dev.warden.bench;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of a many-rule scan goes: every .py file under a directory is parsed once (kept in
 * memory, untimed), then every rule of a config (search and taint) runs on every file as the scanner runs them
 * (file by file, all rules of a file in turn, one thread), for a few passes after warm-up. Prints
 * the total and the slowest rules (time summed over files). Run through bench/rule-bench.sh.
 *
 * <pre>java -Xss16m -cp ... dev.warden.bench.RuleBenchmark CONFIG DIR [--warmup N] [--passes N] [--top N] [--only ID,ID...] [--marginal]</pre>
 */
public final class RuleBenchmark {
    private RuleBenchmark() {}

    /** Defeats dead-code elimination of the results. */
    private static long sink;

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int warmup = 1, passes = 2, top = 25;
        boolean marginal = false;
        java.util.Set<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--marginal" -> marginal = true;
                case "--only" -> only = new java.util.HashSet<>(java.util.Arrays.asList(args[++i].split(",")));
                default -> positional.add(args[i]);
            }
        }
        if (positional.size() != 2) {
            System.err.println("usage: RuleBenchmark CONFIG DIR [--warmup N] [--passes N] [--top N] [--only ID,ID...] [--marginal]");
            System.exit(2);
        }
        List<Rule> rules = new ArrayList<>();
        for (Rule r : RuleLoader.load(Paths.get(positional.get(0))).rules()) if ((r.formula() != null || r.isTaint()) && (only == null || only.contains(r.id()))) rules.add(r);

        List<ParseResult> files = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Path p : ParseBenchmark.pythonFiles(Paths.get(positional.get(1)))) {
            byte[] raw = Files.readAllBytes(p);
            if (raw.length > 1_000_000) continue; // the scanner's default size limit
            files.add(Parser.parse(SourceDecoder.decode(p.toString(), raw).source()));
        }
        System.out.printf(Locale.ROOT, "rule-bench: %d rules, %d files parsed in %.1f s%n",
                rules.size(), files.size(), (System.nanoTime() - t0) / 1e9);

        long[] nanos = new long[rules.size()];
        long[] fruitless = new long[rules.size()]; // time on files that pass the rule's prefilter but get no finding
        int[] runs = new int[rules.size()], fruitful = new int[rules.size()];
        long findings = 0;
        for (int pass = 0; pass < warmup + passes; pass++) {
            boolean timed = pass >= warmup;
            long p0 = System.nanoTime();
            findings = 0;
            for (ParseResult file : files) {
                // --marginal: the file's shared tables (words, facts, indexes) are built by an
                // untimed run first, so each rule is charged only what it adds
                if (marginal && timed) for (Rule rule : rules) sink += dev.warden.scan.RuleRunner.run(rule, file).size();
                for (int r = 0; r < rules.size(); r++) {
                    long s = System.nanoTime();
                    int n = dev.warden.scan.RuleRunner.run(rules.get(r), file).size();
                    if (timed) {
                        long spent = System.nanoTime() - s;
                        nanos[r] += spent;
                        if (n == 0) fruitless[r] += spent;
                        if (pass == warmup && dev.warden.scan.RuleRunner.mayMatch(rules.get(r), file.source())) {
                            runs[r]++;
                            if (n > 0) fruitful[r]++;
                        }
                    }
                    findings += n;
                }
            }
            sink += findings;
            System.out.printf(Locale.ROOT, "rule-bench: pass %d%s: %.3f s, %d findings%n", pass + 1,
                    timed ? "" : " (warm-up)", (System.nanoTime() - p0) / 1e9, findings);
        }
        Integer[] order = new Integer[rules.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Long.compare(nanos[b], nanos[a]));
        long total = 0;
        for (long n : nanos) total += n;
        long totalFruitless = 0;
        for (long n : fruitless) totalFruitless += n;
        System.out.printf(Locale.ROOT, "rule-bench: mean per pass %.3f s (%.3f s on files a rule's prefilter let through"
                + " that gave it no finding); slowest rules (ms per pass, of it on such files, files let through, files with findings):%n",
                total / 1e9 / passes, totalFruitless / 1e9 / passes);
        for (int i = 0; i < Math.min(top, order.length); i++) {
            int r = order[i];
            System.out.printf(Locale.ROOT, "%9.1f %9.1f %6d %6d  %s%n", nanos[r] / 1e6 / passes, fruitless[r] / 1e6 / passes,
                    runs[r], fruitful[r], rules.get(r).id());
        }
        if (sink == 42) System.out.println();
    }
}
