package dev.warden.taint;

import dev.warden.match.Binding;
import dev.warden.python.ast.Located;
import dev.warden.rule.Formula;
import dev.warden.rule.RuleEngine;
import dev.warden.rule.TaintSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a taint rule's sources, sinks, sanitizers and propagators match in one file, indexed by
 * range: an expression is matched by a spec whose range equals its own, or (for specs that are
 * not exact) whose range contains it.
 */
final class SpecMatches {
    /** One match of one spec: its range, its bindings and the spec. */
    record Hit(int start, int end, Map<String, Binding> bindings, Object spec) {
        boolean contains(int s, int e) { return start <= s && e <= end; }

        boolean sameRange(int s, int e) { return start == s && end == e; }
    }

    /** The hits of one kind of spec. */
    static final class Kind {
        private final RangeMap<List<Hit>> byRange = new RangeMap<>();
        private final List<Hit> regions = new ArrayList<>(); // non-exact hits
        final List<Hit> all = new ArrayList<>();

        void add(Hit h, boolean exact) {
            all.add(h);
            byRange.computeIfAbsent(key(h.start, h.end), k -> new ArrayList<>(1)).add(h);
            if (!exact) regions.add(h);
        }

        /** Hits whose range is exactly {@code [s, e)}. */
        List<Hit> at(int s, int e) { return byRange.isEmpty() ? List.of() : byRange.getOrDefault(key(s, e), List.of()); }

        /** Non-exact hits whose range contains {@code [s, e)} without being equal to it. */
        List<Hit> around(int s, int e) { return regionsHolding(s, e, false); }

        /** Non-exact hits whose range contains {@code [s, e)}, equal to it or larger. */
        List<Hit> containing(int s, int e) { return regionsHolding(s, e, true); }

        private List<Hit> regionsHolding(int s, int e, boolean orEqual) {
            if (regions.isEmpty()) return List.of();
            if (regionStarts == null) index();
            // only regions starting in [s - longest, s] can contain s
            int from = lowerBound(regionStarts, (int) Math.max(Integer.MIN_VALUE, (long) s - longest));
            List<Hit> out = null;
            for (int i = from; i < sortedRegions.length && sortedRegions[i].start <= s; i++) {
                Hit h = sortedRegions[i];
                if (h.contains(s, e) && (orEqual || !h.sameRange(s, e))) {
                    if (out == null) out = new ArrayList<>(2);
                    out.add(h);
                }
            }
            return out == null ? List.of() : out;
        }

        private Hit[] sortedRegions;
        private int[] regionStarts;
        private int longest;

        private void index() {
            sortedRegions = regions.toArray(new Hit[0]);
            java.util.Arrays.sort(sortedRegions, java.util.Comparator.comparingInt(Hit::start));
            regionStarts = new int[sortedRegions.length];
            for (int i = 0; i < sortedRegions.length; i++) {
                regionStarts[i] = sortedRegions[i].start;
                longest = Math.max(longest, sortedRegions[i].end - sortedRegions[i].start);
            }
        }

        private static int lowerBound(int[] a, int key) {
            int lo = 0, hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < key) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        boolean isEmpty() { return all.isEmpty(); }

        /** Whether some hit overlaps {@code [s, e)}. */
        boolean anyOverlapping(int s, int e) {
            if (asCandidates == null) {
                // half-open ranges as the closed ones Candidates takes (an empty hit keeps its point)
                int[] starts = new int[all.size()], ends = new int[all.size()];
                for (int i = 0; i < starts.length; i++) {
                    starts[i] = all.get(i).start;
                    ends[i] = Math.max(all.get(i).start, all.get(i).end - 1);
                }
                asCandidates = dev.warden.match.Candidates.of(starts, ends);
            }
            return asCandidates.anyOverlapping(s, e - 1);
        }

        private dev.warden.match.Candidates asCandidates;
    }

    final Kind sources = new Kind();
    final Kind sinks = new Kind();
    final Kind sanitizers = new Kind();
    final Kind propagators = new Kind();

    private final Map<Long, Hit> callSites = new HashMap<>();
    private final RangeMap<List<Hit>> propagatorsByFrom = new RangeMap<>();
    private final RangeMap<List<Hit>> propagatorsByTo = new RangeMap<>();

    /** Propagator matches whose {@code from} metavariable is bound to exactly this range. */
    List<Hit> propagatorsFrom(long range) { return propagatorsByFrom.getOrDefault(range, List.of()); }

    /** Propagator matches whose {@code to} metavariable is bound to exactly this range. */
    List<Hit> propagatorsTo(long range) { return propagatorsByTo.getOrDefault(range, List.of()); }

    /**
     * The hit standing for a sink reached through a call of a local function: the call's range,
     * the inner sink's bindings and spec (one object per call and inner sink, so findings dedupe).
     */
    Hit callSite(dev.warden.python.ast.Expr.Call call, Hit inner) {
        return callSites.computeIfAbsent(key(call.start(), call.end()) * 31 + System.identityHashCode(inner),
                k -> new Hit(call.start(), call.end(), inner.bindings(), inner.spec()));
    }

    static long key(int start, int end) { return ((long) start << 32) | (end & 0xffffffffL); }

    static long key(Located n) { return key(n.start(), n.end()); }

    /**
     * Per thread and spec: the time spent matching each side and how often it came out empty, so
     * that the side expected to rule a file out sooner is matched first (sinks first until known).
     */
    private static final ThreadLocal<Map<TaintSpec, SideCosts>> COSTS = ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    static final class SideCosts {
        private final long[] nanos = new long[2], runs = new long[2], empty = new long[2]; // [0] sinks, [1] sources

        void record(boolean sources, long spent, boolean wasEmpty) {
            int i = sources ? 1 : 0;
            nanos[i] += spent;
            runs[i]++;
            if (wasEmpty) empty[i]++;
        }

        /** Whether the sources are expected to empty a file for less time than the sinks (both sides seen a few times). */
        boolean sourcesFirst() {
            // each side first in turn until both have some data: a side that always empties the file
            // would otherwise keep the other from ever being tried first
            if (runs[0] < 4 || runs[1] < 4) return runs[1] < runs[0];
            return pruning(1) > pruning(0);
        }

        /** Files ruled out per nanosecond spent on the side (smoothed). */
        private double pruning(int i) { return (empty[i] + 1.0) / (runs[i] + 2.0) / Math.max(1.0, (double) nanos[i] / runs[i]); }
    }

    /** {@code isNode}: whether a range is exactly some expression's or statement's. */
    static SpecMatches of(TaintSpec spec, RuleEngine engine, java.util.function.LongPredicate isNode) {
        SpecMatches m = new SpecMatches();
        // no source or no sink, no finding: the other side, and the rest, is not even matched. Which
        // side goes first changes only the time spent (both are matched when the first is not empty)
        SideCosts costs = COSTS.get().computeIfAbsent(spec, k -> new SideCosts());
        boolean sourcesFirst = costs.sourcesFirst();
        for (int side = 0; side < 2; side++) {
            boolean sources = (side == 0) == sourcesFirst;
            long t0 = System.nanoTime();
            if (sources) {
                for (TaintSpec.Source s : spec.sources()) add(m.sources, engine, s.formula(), s, range -> s.exact(), range -> true);
            } else { // an exact sink that covers no single expression or statement is checked as a region
                for (TaintSpec.Sink s : spec.sinks()) add(m.sinks, engine, s.formula(), s, range -> s.exact() && isNode.test(range), range -> true);
            }
            boolean empty = sources ? m.sources.isEmpty() : m.sinks.isEmpty();
            costs.record(sources, System.nanoTime() - t0, empty);
            if (empty) return m;
        }
        // not-conflicting: no sanitizer where a source or sink matches the same code
        for (TaintSpec.Sanitizer s : spec.sanitizers()) {
            add(m.sanitizers, engine, s.formula(), s, range -> s.exact(),
                    range -> !s.notConflicting() || !m.sources.byRange.containsKey(range) && !m.sinks.byRange.containsKey(range));
        }
        for (TaintSpec.Propagator p : spec.propagators()) add(m.propagators, engine, p.formula(), p, range -> true, range -> true);
        for (Hit h : m.propagators.all) {
            TaintSpec.Propagator p = (TaintSpec.Propagator) h.spec();
            Binding from = h.bindings().get(p.from()), to = h.bindings().get(p.to());
            if (from == null || to == null) continue;
            m.propagatorsByFrom.computeIfAbsent(key(from.start(), from.end()), k -> new ArrayList<>(1)).add(h);
            m.propagatorsByTo.computeIfAbsent(key(to.start(), to.end()), k -> new ArrayList<>(1)).add(h);
        }
        return m;
    }

    /** The formula's matches as hits of {@code kind}: those {@code keep} accepts, exact as {@code exact} says (by range key). */
    private static void add(Kind kind, RuleEngine engine, Formula f, Object spec,
                            java.util.function.LongPredicate exact, java.util.function.LongPredicate keep) {
        for (RuleEngine.Ranged r : engine.ranges(f)) {
            if (r.start() < 0 || r.end() < r.start()) continue;
            long range = key(r.start(), r.end());
            if (keep.test(range)) kind.add(new Hit(r.start(), r.end(), r.bindings(), spec), exact.test(range));
        }
    }
}
