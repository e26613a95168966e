package dev.warden.scan;

import dev.warden.match.Match;
import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.PySyntaxError;
import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parses each target and runs the checks on it, on {@code jobs} threads. Output is deterministic:
 * findings sorted by path, then start offset (then end offset, then check order), errors by path.
 *
 * <p>A file that fails to decode or has syntax errors is still matched (the decoder and the parser
 * recover) and its first error is reported as a {@link ScanError}; the scan goes on. A file that
 * cannot be read, or on which a check fails internally, is reported the same way.
 */
public final class Scanner {
    /** Stack size of the worker threads: the parser and the matcher are recursive. */
    public static final long STACK_SIZE = 16L << 20;

    private final List<Check> checks;
    private final int jobs;
    /** Suppression comments ({@code # nosemgrep}): how they apply and what they did. */
    private Suppressions.Log suppressions = Suppressions.Log.standard();
    /** Time allowed per check per file ({@code --timeout}), in nanoseconds; 0: no limit. */
    private long timeoutNanos;
    /** Where {@code --time} records, or null when timing is off. */
    private Timings timings;
    /** Told the number of findings of each file as it is done (progress), or null. */
    private java.util.function.IntConsumer onFileDone;

    /** What a check finds in one parsed file ({@code SemgrepPattern::matches} is one). */
    @FunctionalInterface
    public interface FileMatcher {
        List<Match> matches(ParseResult file);

        /** A cheap look at the decoded bytes: false when no match is possible, so parsing can be skipped. */
        default boolean mayMatch(Source source) { return true; }
    }

    /** A check: the id findings carry ({@code "-"} for a {@code -e} pattern, as in Semgrep) and its matcher. */
    public record Check(String id, FileMatcher matcher) {}

    /** One match of one check in one file; {@code source} is the file's decoded source. */
    public record Finding(String checkId, String path, Source source, Match match) {
        /**
         * Hashes the position, not the bindings: the record's own hash would walk every bound
         * subtree (a whole function body for {@code $BODY}) each time a finding is looked up.
         */
        @Override
        public int hashCode() { return (checkId.hashCode() * 31 + path.hashCode()) * 31 + match.start() * 17 + match.end(); }
    }

    /** What went wrong with a file, in Semgrep's terms. */
    public enum ErrorKind {
        /** The bytes could not be decoded (bad coding cookie, invalid UTF-8, NUL byte): a warning. */
        LEXICAL,
        /** The file has syntax errors; the rest of it was still scanned: a warning. */
        SYNTAX,
        /** The file could not be read: an error. */
        READ,
        /** A check failed on the file: an error. */
        INTERNAL,
        /** A check ran past {@code --timeout} on the file and was abandoned there: a warning, as in Semgrep. */
        TIMEOUT;

        /** Semgrep's severity for the kind: syntax trouble in targets and timeouts only warn. */
        public boolean isWarning() { return this == LEXICAL || this == SYNTAX || this == TIMEOUT; }
    }

    /**
     * A problem with one file. {@code line}/{@code column} are 1-based ({@code column} counted in
     * characters, as CPython reports it), 0 when unknown; {@code startOffset}/{@code endOffset} the
     * byte range it covers (-1 when unknown); {@code unparsed} the byte ranges the parser skipped.
     * {@code source} is null when the file could not be read.
     */
    public record ScanError(String path, ErrorKind kind, int line, int column, String message,
                            int startOffset, int endOffset, List<int[]> unparsed, Source source) {}

    /** The outcome of a scan: the files scanned (sorted), findings and errors in output order. */
    public record Result(List<String> scanned, List<Finding> findings, List<ScanError> errors) {}

    public Scanner(List<Check> checks, int jobs) {
        if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1");
        this.checks = List.copyOf(checks);
        this.jobs = jobs;
    }

    /** Convenience for one {@code -e} pattern. */
    public static Scanner of(FileMatcher matcher, int jobs) {
        return new Scanner(List.of(new Check("-", matcher)), jobs);
    }

    /** Sets how suppression comments apply in later scans; their outcome is recorded in {@code log}. */
    public Scanner suppressions(Suppressions.Log log) {
        this.suppressions = log;
        return this;
    }

    /**
     * Limits each check on each file to {@code seconds} (Semgrep's {@code --timeout}; 0: none): a
     * check past it is abandoned for that file ({@link dev.warden.match.Deadline}, checked by the
     * matcher) and reported as a {@link ErrorKind#TIMEOUT} error; the scan goes on.
     */
    public Scanner timeout(double seconds) {
        this.timeoutNanos = seconds <= 0 ? 0 : (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4);
        return this;
    }

    /** Records time per check and per file in {@code timings} (null: off). */
    public Scanner timings(Timings timings) {
        this.timings = timings;
        return this;
    }

    /** Calls {@code listener} (from worker threads) with the findings count of each file when it is done. */
    public Scanner onFileDone(java.util.function.IntConsumer listener) {
        this.onFileDone = listener;
        return this;
    }

    /** How suppression comments apply, and the findings they ignored and the comments left unused. */
    public Suppressions.Log suppressions() { return suppressions; }

    public static int defaultJobs() { return Math.max(1, Runtime.getRuntime().availableProcessors()); }

    /** Scans {@code targets} (display paths, as {@link Targets} returns them). */
    public Result scan(List<Path> targets) {
        List<Path> sorted = new ArrayList<>(targets);
        sorted.sort(Comparator.comparing(Path::toString));
        List<FileResult> results = new ArrayList<>(sorted.size());
        if (jobs == 1 || sorted.size() <= 1) {
            // still on a big-stack thread: the caller's may be small
            ExecutorService one = Executors.newSingleThreadExecutor(threads());
            try {
                results.addAll(await(one.submit(() -> {
                    List<FileResult> rs = new ArrayList<>(sorted.size());
                    for (Path p : sorted) rs.add(scanTimed(p));
                    return rs;
                })));
            } finally {
                one.shutdownNow();
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, sorted.size()), threads());
            try {
                List<Future<FileResult>> futures = new ArrayList<>(sorted.size());
                for (Path p : sorted) futures.add(pool.submit(() -> scanTimed(p)));
                for (Future<FileResult> f : futures) results.add(await(f));
            } finally {
                pool.shutdownNow();
            }
        }
        List<String> scanned = new ArrayList<>(results.size());
        List<Finding> findings = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        for (FileResult r : results) {
            scanned.add(r.path);
            findings.addAll(r.findings);
            if (r.error != null) errors.add(r.error);
            errors.addAll(r.timeouts);
        }
        return new Result(List.copyOf(scanned), List.copyOf(findings), List.copyOf(errors));
    }

    private record FileResult(String path, List<Finding> findings, ScanError error, List<ScanError> timeouts) {
        FileResult(String path, List<Finding> findings, ScanError error) { this(path, findings, error, List.of()); }
    }

    /** {@link #scanFile}, timed for {@code --time} and reported to the progress listener. */
    private FileResult scanTimed(Path file) {
        long t0 = timings == null ? 0 : System.nanoTime();
        FileResult r = scanFile(file);
        if (timings != null) timings.file(r.path, System.nanoTime() - t0);
        if (onFileDone != null) onFileDone.accept(r.findings.size());
        return r;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, "warden-scan-" + n.incrementAndGet(), STACK_SIZE);
            t.setDaemon(true);
            return t;
        };
    }

    /** Reads, decodes, parses and matches one file; never throws for a problem with the file. */
    private FileResult scanFile(Path file) {
        String path = file.toString();
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return new FileResult(path, List.of(),
                    new ScanError(path, ErrorKind.READ, 0, 0, "cannot read file: " + Targets.message(e), -1, -1, List.of(), null));
        }
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, raw);
        Source source = decoded.source();
        int nul = Targets.binaryOffset(raw);
        if (nul >= 0) { // a binary file: reported like other undecodable bytes, but not parsed (source null: no span)
            PySyntaxError e = decoded.error();
            return new FileResult(path, List.of(), new ScanError(path, ErrorKind.LEXICAL, e == null ? 0 : e.line(),
                    e == null ? 0 : e.column(), "binary file (NUL byte at offset " + nul + "): not scanned", -1, -1, List.of(), null));
        }
        boolean[] applies = new boolean[checks.size()]; // each check's look at the bytes, taken once
        boolean anyCheckApplies = false;
        for (int i = 0; i < applies.length; i++) anyCheckApplies |= applies[i] = checks.get(i).matcher().mayMatch(source);
        if (!anyCheckApplies) {
            suppressions.unmatched(path, source);
            return new FileResult(path, List.of(), null);
        }
        ParseResult parsed;
        try {
            parsed = Parser.parse(source);
        } catch (RuntimeException | StackOverflowError e) {
            return new FileResult(path, List.of(), new ScanError(path, ErrorKind.INTERNAL, 0, 0,
                    "internal error while parsing: " + e, -1, -1, List.of(), source));
        }
        ScanError error = null;
        if (decoded.error() != null) {
            error = syntaxError(path, ErrorKind.LEXICAL, decoded.error(), parsed.unparsed(), source);
        } else if (!parsed.errors().isEmpty()) {
            error = syntaxError(path, ErrorKind.SYNTAX, parsed.errors().get(0), parsed.unparsed(), source);
        }
        List<Finding> findings = new ArrayList<>();
        List<ScanError> timeouts = new ArrayList<>();
        for (int i = 0; i < applies.length; i++) {
            if (!applies[i]) continue;
            Check check = checks.get(i);
            List<Match> ms;
            long t0 = timings == null ? 0 : System.nanoTime();
            dev.warden.match.Deadline.start(timeoutNanos);
            try {
                ms = check.matcher().matches(parsed);
            } catch (dev.warden.match.TimeoutException e) {
                timeouts.add(new ScanError(path, ErrorKind.TIMEOUT, 0, 0, "Timeout when running " + check.id() + " on " + path,
                        -1, -1, List.of(), source));
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                if (error == null || error.kind().isWarning()) {
                    error = new ScanError(path, ErrorKind.INTERNAL, 0, 0,
                            "internal error while matching " + check.id() + ": " + e, -1, -1, List.of(), source);
                }
                continue;
            } finally {
                dev.warden.match.Deadline.clear();
                if (timings != null) timings.rule(check.id(), System.nanoTime() - t0);
            }
            for (Match m : ms) findings.add(new Finding(check.id(), path, source, m));
        }
        findings = suppressions.apply(path, parsed, findings);
        if (findings.size() > 1) {
            List<Finding> order = new ArrayList<>(findings); // stable: check order breaks ties
            order.sort(Comparator.comparingInt((Finding f) -> f.match().start()).thenComparingInt(f -> f.match().end()));
            findings = order;
        }
        return new FileResult(path, List.copyOf(findings), error, List.copyOf(timeouts));
    }

    private static ScanError syntaxError(String path, ErrorKind kind, PySyntaxError e, List<int[]> unparsed, Source source) {
        String message = e.type() + ": " + e.message();
        return new ScanError(path, kind, e.line(), e.column(), message, e.startOffset(), e.endOffset(),
                unparsed == null ? List.of() : List.copyOf(unparsed), source);
    }
}
