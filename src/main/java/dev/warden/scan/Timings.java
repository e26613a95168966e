package dev.warden.scan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code warden scan --time} reports: time per rule (summed over files) and per file (read,
 * parse and match), recorded by {@link Scanner} with {@link System#nanoTime} only when enabled.
 * Thread-safe: the scanner's workers record concurrently.
 */
public final class Timings {
    private final Map<String, LongAdder> rules = new ConcurrentHashMap<>();
    private final Map<String, Long> files = new ConcurrentHashMap<>();

    /** Adds {@code nanos} spent running rule {@code id} on one file. */
    public void rule(String id, long nanos) { rules.computeIfAbsent(id, k -> new LongAdder()).add(nanos); }

    /** Records the time spent on one file (parse and match). */
    public void file(String path, long nanos) { files.merge(path, nanos, Long::sum); }

    /** The {@code limit} slowest rules, slowest first, with their summed nanoseconds. */
    public List<Map.Entry<String, Long>> slowestRules(int limit) {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        rules.forEach((k, v) -> all.add(Map.entry(k, v.sum())));
        return top(all, limit);
    }

    /** The {@code limit} slowest files, slowest first, with their nanoseconds. */
    public List<Map.Entry<String, Long>> slowestFiles(int limit) { return top(new ArrayList<>(files.entrySet()), limit); }

    private static List<Map.Entry<String, Long>> top(List<Map.Entry<String, Long>> all, int limit) {
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /**
     * Prints the summary: the total, then the 10 slowest rules and the 10 slowest files (more
     * rules with the JVM property {@code warden.timeTop}, e.g. {@code WARDEN_JAVA_OPTS=-Dwarden.timeTop=50}).
     * Rule times leave out the word prefilter run before parsing; a file's shared tables (facts,
     * indexes) are charged to the first rule that needs them ({@code bench/rule-bench.sh} with
     * {@code MARGINAL=1} separates them).
     */
    public void print(PrintStream err, long totalNanos) {
        err.println("Total time: " + seconds(totalNanos));
        err.println("Slowest rules (summed over files):");
        for (Map.Entry<String, Long> e : slowestRules(Integer.getInteger("warden.timeTop", 10))) err.println("  " + seconds(e.getValue()) + "  " + e.getKey());
        err.println("Slowest files (parse + match):");
        for (Map.Entry<String, Long> e : slowestFiles(10)) err.println("  " + seconds(e.getValue()) + "  " + e.getKey());
        long functions = dev.warden.taint.TaintEngine.functionsAnalysed();
        if (functions > 0) {
            err.println("Taint analysis: " + functions + " function bodies analysed, "
                    + dev.warden.taint.TaintEngine.functionsCutOff() + " stopped at the work budget ("
                    + dev.warden.taint.TaintEngine.budget() + ")");
        }
    }

    static String seconds(long nanos) { return String.format(Locale.ROOT, "%.3fs", nanos / 1e9); }
}
