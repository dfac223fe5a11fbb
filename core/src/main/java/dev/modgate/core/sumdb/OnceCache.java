package dev.modgate.core.sumdb;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A map from key to the result of loading it once, shared by concurrent callers (x/mod's parCache): while a
 * key loads, other callers for it wait for that load instead of starting their own. Unlike parCache, a failed
 * load is not remembered, so a long-lived client retries after a network error; and the cache is bounded:
 * beyond maxEntries, loaded entries are dropped (in no particular order) and will simply be loaded again.
 */
final class OnceCache<K, V> {
    @FunctionalInterface
    interface Loader<V, E extends Exception> {
        V load() throws E;
    }

    private final ConcurrentHashMap<K, CompletableFuture<V>> map = new ConcurrentHashMap<>();
    private final int maxEntries;

    OnceCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @SuppressWarnings("unchecked")
    <E extends Exception> V get(K key, Loader<V, E> loader) throws E {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> f = map.putIfAbsent(key, mine);
        if (f == null) {
            f = mine;
            if (map.size() > maxEntries) {
                trim();
            }
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

    /** Drops loaded entries down to three quarters of the bound; loads in progress stay. */
    private void trim() {
        int excess = map.size() - maxEntries * 3 / 4;
        for (var it = map.entrySet().iterator(); it.hasNext() && excess > 0; ) {
            var e = it.next();
            if (e.getValue().isDone()) {
                it.remove();
                excess--;
            }
        }
    }

    int size() {
        return map.size();
    }

    /** Forgets the loaded entries whose keys match. */
    void removeIf(Predicate<K> p) {
        map.keySet().removeIf(p);
    }
}
