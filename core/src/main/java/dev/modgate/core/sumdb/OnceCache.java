package dev.modgate.core.sumdb;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A map from key to the result of loading it once, shared by concurrent callers (x/mod's parCache): while a
 * key loads, other callers for it wait for that load instead of starting their own. Unlike parCache, a failed
 * load is not remembered, so a long-lived client retries after a network error.
 */
final class OnceCache<K, V> {
    @FunctionalInterface
    interface Loader<V, E extends Exception> {
        V load() throws E;
    }

    private final ConcurrentHashMap<K, CompletableFuture<V>> map = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <E extends Exception> V get(K key, Loader<V, E> loader) throws E {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> f = map.putIfAbsent(key, mine);
        if (f == null) {
            f = mine;
            try {
                mine.complete(loader.load());
            } catch (Exception | Error e) {
                map.remove(key, mine);
                mine.completeExceptionally(e);
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            // Every loader for one cache throws the same checked type.
            throw (E) cause;
        }
    }

    /** Forgets the loaded entries whose keys match. */
    void removeIf(Predicate<K> p) {
        map.keySet().removeIf(p);
    }
}
