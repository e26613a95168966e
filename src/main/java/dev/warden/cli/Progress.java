package dev.warden.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code warden scan}'s progress line on a terminal's stderr: {@code Scanning: done/total files, N findings},
 * redrawn in place with {@code \r} at most every 100 ms by a scheduled daemon thread (workers only
 * count), and cleared by {@link #close}.
 */
final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final int total;
    private final AtomicInteger done = new AtomicInteger(), findings = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private int width;
    private String last = "";

    Progress(PrintStream err, int total) {
        this.err = err;
        this.total = total;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Counts one finished file with its findings (called from worker threads). */
    void fileDone(int n) {
        findings.addAndGet(n);
        done.incrementAndGet();
    }

    private synchronized void draw() {
        String line = "Scanning: " + done.get() + "/" + total + " files, " + findings.get() + " findings";
        if (line.equals(last)) return;
        last = line;
        width = Math.max(width, line.length());
        err.print("\r" + line);
        err.flush();
    }

    /** Stops redrawing and clears the line. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
