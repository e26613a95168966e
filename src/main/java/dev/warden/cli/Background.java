package dev.warden.cli;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Work started on its own daemon thread while the command goes on (start-up that would leave cores idle). */
final class Background {
    private Background() {}

    /** {@code work}'s result, computed on a new daemon thread named {@code name}; its failure completes the future. */
    static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** The result of a future; its failure as thrown where it happened. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }
}
