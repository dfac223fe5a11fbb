package dev.modgate.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One snapshot of the vulnerability database: a directory under {@code DATA/.modgate/vulndb/} named by the
 * database's modified time and a hash of its content, holding the files exactly as published, a {@code .json.gz} of
 * each, and its {@link SnapshotManifest}. Never changed once made (files are shared with later snapshots by hard
 * link); deleted whole when it falls out of the kept ones.
 */
public final class Snapshot {
    private final String name;
    private final Path dir;
    private final SnapshotManifest manifest;
    /** Module path to the ids of its entries, read from modules.json when first asked. */
    private volatile Map<String, List<String>> byModule;

    private Snapshot(String name, Path dir, SnapshotManifest manifest) {
        this.name = name;
        this.dir = dir;
        this.manifest = manifest;
    }

    static Snapshot open(Path dir) throws IOException {
        return new Snapshot(dir.getFileName().toString(), dir, SnapshotManifest.read(dir.resolve(SnapshotManifest.FILE)));
    }

    /** The directory's name: modified time and content hash ("20240123T173306Z-3f2a9c1b0d4e"). */
    public String name() { return name; }

    /** The database's modified time (index/db.json). */
    public Instant modified() { return manifest.modified(); }

    /** The database's modified time as index/db.json writes it. */
    public String modifiedText() { return manifest.modifiedText(); }

    /** The number of OSV entries. */
    public int entryCount() { return manifest.entries(); }

    /** The number of modules (stdlib and toolchain included) with entries. */
    public int moduleCount() { return manifest.modules(); }

    /** Every file's SHA-256 as recorded when the snapshot was made, by path ("ID/GO-2024-0001.json"). */
    public SortedMap<String, String> checksums() { return manifest.files(); }

    /** The bytes of one of the database's files, exactly as published ({@link VulnDbPaths}), or of its .json.gz. */
    public byte[] read(String rel) throws IOException {
        return Files.readAllBytes(file(rel));
    }

    /**
     * The OSV entries (ID files, bytes as published) that index/modules.json lists for a module path ("stdlib" and
     * "toolchain" for Go itself), in the index's order; empty when it has none. Module-level: which versions are
     * affected is for the caller to decide from each entry's ranges.
     */
    public List<byte[]> entries(String modulePath) throws IOException {
        List<String> ids = moduleIndex().getOrDefault(modulePath, List.of());
        List<byte[]> out = new ArrayList<>(ids.size());
        for (String id : ids) out.add(read(VulnDbPaths.entry(id)));
        return out;
    }

    /** The ids index/modules.json lists for a module path, in its order. */
    public List<String> ids(String modulePath) throws IOException {
        return moduleIndex().getOrDefault(modulePath, List.of());
    }

    /** The snapshot's manifest.json as written when it was made: what a bundle carries beside the files. */
    public byte[] manifestJson() throws IOException {
        return Files.readAllBytes(dir.resolve(SnapshotManifest.FILE));
    }

    /**
     * The entries new in this snapshot, or whose modified time changed, compared with an earlier one (all of them
     * when earlier is null), parsed, by id; those that do not parse as OSV entries are in {@code unreadable} with the
     * reason.
     */
    public Changes changesSince(Snapshot earlier) throws IOException {
        Map<String, Instant> before = earlier == null ? Map.of() : earlier.modifiedById();
        List<OsvEntry> entries = new ArrayList<>();
        SortedMap<String, String> unreadable = new java.util.TreeMap<>();
        for (Map.Entry<String, Instant> e : new java.util.TreeMap<>(modifiedById()).entrySet()) {
            if (e.getValue().equals(before.get(e.getKey()))) continue;
            try {
                entries.add(OsvEntry.parse(read(VulnDbPaths.entry(e.getKey()))));
            } catch (IllegalArgumentException bad) {
                unreadable.put(e.getKey(), bad.getMessage());
            }
        }
        return new Changes(List.copyOf(entries), java.util.Collections.unmodifiableSortedMap(unreadable));
    }

    /** {@link #changesSince}'s answer. */
    public record Changes(List<OsvEntry> entries, SortedMap<String, String> unreadable) {}

    /** index/vulns.json as id to modified time. */
    private Map<String, Instant> modifiedById() throws IOException {
        Map<String, Instant> out = new HashMap<>();
        for (JsonNode v : SnapshotCheck.JSON.readTree(read(VulnDbPaths.VULNS))) {
            out.put(v.path("id").asText(), SnapshotCheck.time(v.path("modified").asText(), name + "/" + VulnDbPaths.VULNS));
        }
        return out;
    }

    Path file(String rel) {
        if (!VulnDbPaths.isServed(rel)) throw new IllegalArgumentException("not a file of the vulnerability database: " + rel);
        return dir.resolve(rel);
    }

    Path dir() { return dir; }

    private Map<String, List<String>> moduleIndex() throws IOException {
        Map<String, List<String>> m = byModule;
        if (m != null) return m;
        Map<String, List<String>> built = new HashMap<>();
        JsonNode modules = SnapshotCheck.JSON.readTree(Files.readAllBytes(dir.resolve(VulnDbPaths.MODULES)));
        for (JsonNode mod : modules) {
            List<String> ids = new ArrayList<>();
            for (JsonNode v : mod.path("vulns")) ids.add(v.path("id").asText());
            built.put(mod.path("path").asText(), List.copyOf(ids));
        }
        byModule = m = Map.copyOf(built);
        return m;
    }

    @Override public String toString() { return name; }
}
