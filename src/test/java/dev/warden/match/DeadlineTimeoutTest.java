package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Deadline}: thread-local, cooperative; checked by the matcher. */
class DeadlineTimeoutTest {
    @Test
    void expiredDeadlineThrowsUntilCleared() throws InterruptedException {
        Deadline.start(1_000_000); // 1 ms
        Thread.sleep(5);
        assertThrows(TimeoutException.class, Deadline::check);
        Deadline.clear();
        assertDoesNotThrow(Deadline::check);
    }

    @Test
    void zeroMeansNoLimitAndOtherThreadsAreUnaffected() throws Exception {
        Deadline.start(0);
        assertDoesNotThrow(Deadline::check);
        Deadline.start(1);
        Thread.sleep(1);
        Thread other = new Thread(() -> Deadline.check());
        Throwable[] failure = {null};
        other.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
        other.start();
        other.join();
        Deadline.clear();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }

    @Test
    void matcherStopsAtTheDeadline() throws Exception {
        StringBuilder chain = new StringBuilder("x = a0");
        for (int i = 1; i < 1000; i++) chain.append(" & a").append(i);
        dev.warden.python.ParseResult file = dev.warden.python.Parser.parse(
                dev.warden.python.SourceDecoder.decode("slow.py", (chain + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).source());
        StringBuilder p = new StringBuilder("$A0");
        for (int i = 1; i < 12; i++) p.append(" & $A").append(i);
        SemgrepPattern pattern = SemgrepPattern.compile(p + " & a0 & a0");
        Deadline.start(50_000_000); // 50 ms
        try {
            long t0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> pattern.matches(file));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 1000) throw new AssertionError("stopped late: " + ms + " ms");
        } finally {
            Deadline.clear();
        }
    }
}
