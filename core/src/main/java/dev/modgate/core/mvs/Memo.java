package dev.modgate.core.mvs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Computes each key's value once, however many threads ask at the same time (cmd/go's par.Cache): the
 * first caller computes, the others wait for its result. Values must not be null; the function is
 * expected to turn failures into values.
 */
final class Memo<K, V> {
    private final ConcurrentMap<K, CompletableFuture<V>> entries = new ConcurrentHashMap<>();

    V get(K key, Function<? super K, ? extends V> compute) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = entries.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            V v = compute.apply(key);
            mine.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The value computed for key, or null when it has not been computed (or is still being computed). */
    V peek(K key) {
        CompletableFuture<V> f = entries.get(key);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }
}
