package dev.modgate.vuln;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.core.module.ModuleVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VulnIndex#over}: a module's entries are read and parsed on first use and kept per snapshot, so deciding each
 * version of a list costs one read of the module's entries. golang.org/toolchain is matched against the database's
 * stdlib and toolchain entries ({@link Affects}).
 */
final class OsvIndex implements VulnIndex {
    private static final Logger log = LoggerFactory.getLogger(OsvIndex.class);

    private record Key(String snapshot, String path) {}

    private final Supplier<String> snapshot;
    private final Function<String, List<byte[]>> entries;
    /** Parsed entries by snapshot and database module path; entries of an old snapshot are never asked for again. */
    private final Cache<Key, List<OsvEntry>> parsed = Caffeine.newBuilder().maximumSize(20_000).build();

    OsvIndex(Supplier<String> snapshot, Function<String, List<byte[]>> entries) {
        this.snapshot = snapshot;
        this.entries = entries;
    }

    @Override public List<OsvEntry> affecting(ModuleVersion mv) {
        String s = snapshot();
        Map<String, OsvEntry> found = new LinkedHashMap<>();
        for (String path : Affects.databaseModules(mv.path())) {
            for (OsvEntry e : parsed.get(new Key(s, path), k -> read(k.path()))) {
                if (Affects.affects(e, mv)) found.putIfAbsent(e.id(), e);
            }
        }
        List<OsvEntry> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparing(OsvEntry::id));
        return List.copyOf(out);
    }

    private List<OsvEntry> read(String path) {
        List<byte[]> raw = entries.apply(path);
        if (raw == null || raw.isEmpty()) return List.of();
        List<OsvEntry> out = new ArrayList<>(raw.size());
        for (byte[] json : raw) {
            try {
                out.add(OsvEntry.parse(json));
            } catch (IllegalArgumentException e) {
                // Snapshots are validated when made; an entry that still does not parse is left out, not fatal.
                log.warn("vulnerability entry for {} not used: {}", path, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    @Override public String snapshot() {
        String s = snapshot.get();
        return s == null ? "none" : s;
    }

    @Override public String toString() { return "vulnerability database snapshot " + snapshot(); }
}
