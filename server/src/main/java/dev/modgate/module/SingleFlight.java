package dev.modgate.module;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Collapses concurrent calls for the same key into one: the first caller runs the work, the others wait for
 * its result (or its failure). Nothing is remembered once the work ends; the store is the cache.
 */
public final class SingleFlight<V> {
    public interface Work<V> {
        V run() throws Exception;
    }

    /** @param shared true when this caller waited on another caller's work */
    public record Result<V>(V value, boolean shared) {}

    private final ConcurrentHashMap<String, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    public Result<V> run(String key, Work<V> work) throws Exception {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) return new Result<>(await(running), true);
        try {
            V v = work.run();
            mine.complete(v);
            return new Result<>(v, false);
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static <V> V await(CompletableFuture<V> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }
}
