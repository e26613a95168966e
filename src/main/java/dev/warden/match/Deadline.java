package dev.warden.match;

/**
 * A per-thread time limit for matching (Semgrep's {@code --timeout}: time per rule per file).
 * The scanner {@link #start starts} one before running a check on a file and {@link #clear clears}
 * it after; the matcher {@link #check checks} it cooperatively (every few hundred steps of its step
 * budget), so no thread is ever interrupted or killed: an expired deadline makes the check throw
 * {@link TimeoutException}, which unwinds the match, and the scanner reports it.
 */
public final class Deadline {
    private static final ThreadLocal<long[]> CURRENT = new ThreadLocal<>();

    private Deadline() {}

    /** Sets this thread's deadline {@code nanos} from now; 0 or less: no limit. */
    public static void start(long nanos) {
        if (nanos <= 0) {
            CURRENT.remove();
        } else {
            long[] d = CURRENT.get();
            if (d == null) CURRENT.set(d = new long[1]);
            d[0] = System.nanoTime() + nanos;
        }
    }

    /** Removes this thread's deadline. */
    public static void clear() { CURRENT.remove(); }

    /** Throws {@link TimeoutException} when this thread's deadline has passed. */
    public static void check() {
        long[] d = CURRENT.get();
        if (d != null && System.nanoTime() - d[0] > 0) throw new TimeoutException();
    }
}
