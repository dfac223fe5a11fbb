package dev.modgate.fetch;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** A small in-memory map whose entries expire; bounded so a flood of distinct keys cannot grow it without limit. */
final class ExpiringCache<V> {
    private record Entry<V>(V value, long expiresAtNanos) {}

    private final ConcurrentHashMap<String, Entry<V>> map = new ConcurrentHashMap<>();
    private final int maxEntries;

    ExpiringCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    V get(String key) {
        Entry<V> e = map.get(key);
        if (e == null) return null;
        if (System.nanoTime() - e.expiresAtNanos() > 0) {
            map.remove(key, e);
            return null;
        }
        return e.value();
    }

    void put(String key, V value, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) return;
        if (map.size() >= maxEntries) purge();
        map.put(key, new Entry<>(value, System.nanoTime() + ttl.toNanos()));
    }

    private void purge() {
        long now = System.nanoTime();
        map.entrySet().removeIf(e -> now - e.getValue().expiresAtNanos() > 0);
        // Still mostly live entries: drop them all rather than grow, and rather than purge again on every put.
        if (map.size() >= maxEntries * 3 / 4) map.clear();
    }
}
