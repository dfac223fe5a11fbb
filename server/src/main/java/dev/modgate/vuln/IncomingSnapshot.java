package dev.modgate.vuln;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot carried from another data directory (in a bundle), arriving file by file: its published {@code .json}
 * files go into a staging directory, the manifest.json it had there is kept aside. {@link #check} then runs the checks
 * every database passes ({@link SnapshotCheck}, as for sync and import) and compares the files with that manifest and
 * with what the carrier says of it; only then may it be {@link #install installed}. Closing deletes whatever was not
 * switched to. The .json.gz files are not carried: they are made again, as for any new snapshot.
 */
public final class IncomingSnapshot implements AutoCloseable {
    /** The snapshot's manifest, carried beside its files. */
    public static final String MANIFEST = SnapshotManifest.FILE;
    /** The files one snapshot may have: the entries, the three indexes and the manifest. */
    public static final int MAX_FILES = SnapshotCheck.MAX_ENTRIES + 4;
    /** A manifest holds a line per file (the .json.gz too): 100 bytes each at most, for the largest database. */
    private static final long MAX_MANIFEST_BYTES = 64L << 20;

    private final VulnDbSnapshots snapshots;
    private final Path staging;
    private byte[] manifest;
    private SnapshotCheck.Checked checked;

    IncomingSnapshot(VulnDbSnapshots snapshots, Path staging) {
        this.snapshots = snapshots;
        this.staging = staging;
    }

    /** Whether rel (a path in a snapshot) is a file a snapshot is carried with: a published .json, or its manifest. */
    public static boolean isFile(String rel) {
        return rel.equals(MANIFEST) || (VulnDbPaths.isServed(rel) && rel.endsWith(".json"));
    }

    /** The largest such a file may be: the limits of {@code vulndb sync} and {@code vulndb import}. */
    public static long limit(String rel) {
        if (rel.equals(MANIFEST)) return MAX_MANIFEST_BYTES;
        if (rel.equals(VulnDbPaths.DB)) return SnapshotCheck.MAX_DB_BYTES;
        return rel.startsWith("ID/") ? SnapshotCheck.MAX_ENTRY_BYTES : SnapshotCheck.MAX_INDEX_BYTES;
    }

    /** Where to write one file ({@link #isFile}); the caller bounds its size by {@link #limit}. Each file once. */
    public OutputStream create(String rel) throws IOException {
        if (!isFile(rel)) throw new IllegalArgumentException("not a file of a vulnerability database snapshot: " + rel);
        if (!rel.equals(MANIFEST)) return Files.newOutputStream(staging.resolve(rel), StandardOpenOption.CREATE_NEW);
        if (manifest != null) throw new java.nio.file.FileAlreadyExistsException(MANIFEST);
        manifest = new byte[0];
        return new ByteArrayOutputStream() {
            @Override public void close() {
                manifest = toByteArray();
            }
        };
    }

    /**
     * Checks the database as {@code vulndb import} does, then that it is the snapshot described: the carried manifest
     * lists exactly these .json files with these SHA-256 sums, and it, the name and the given description agree with
     * what the files hold. The first broken rule is the one-line reason; nothing is switched.
     *
     * @param name the snapshot's name where it was made
     */
    public void check(String name, String modified, int entries, int modules) throws IOException {
        if (manifest == null) throw new VulnDbException("no " + MANIFEST);
        checked = SnapshotCheck.check(staging);
        SnapshotManifest carried = SnapshotManifest.parse(manifest, MANIFEST);
        SnapshotManifest actual = SnapshotManifest.of(staging, checked);
        for (Map.Entry<String, String> f : actual.files().entrySet()) {
            String want = carried.files().get(f.getKey());
            if (want == null) throw new VulnDbException(MANIFEST + " does not list " + f.getKey());
            if (!want.equals(f.getValue())) throw new VulnDbException(f.getKey() + ": SHA-256 " + f.getValue() + " is not the one " + MANIFEST + " records, " + SnapshotCheck.quote(want));
        }
        SortedMap<String, String> published = new TreeMap<>(carried.files());
        published.keySet().removeIf(p -> !p.endsWith(".json"));
        for (String p : published.keySet()) {
            if (!actual.files().containsKey(p)) throw new VulnDbException(MANIFEST + " lists " + SnapshotCheck.quote(p) + ", which is not carried");
        }
        if (!carried.modifiedText().equals(checked.modifiedText()) || carried.entries() != checked.entries() || carried.modules() != checked.modules()) {
            throw new VulnDbException(MANIFEST + " says modified " + SnapshotCheck.quote(carried.modifiedText()) + ", " + carried.entries() + " entries, "
                    + carried.modules() + " modules; the files hold " + checked.modifiedText() + ", " + checked.entries() + " entries, " + checked.modules() + " modules");
        }
        if (!actual.name().equals(name)) throw new VulnDbException("its files make the snapshot " + actual.name() + ", not " + SnapshotCheck.quote(name));
        if (!checked.modifiedText().equals(modified) || checked.entries() != entries || checked.modules() != modules) {
            throw new VulnDbException("described as modified " + SnapshotCheck.quote(String.valueOf(modified)) + ", " + entries + " entries, " + modules
                    + " modules; the files hold " + checked.modifiedText() + ", " + checked.entries() + " entries, " + checked.modules() + " modules");
        }
    }

    /** The checked database's modified time. */
    public Instant modified() {
        if (checked == null) throw new IllegalStateException("check first");
        return checked.modified();
    }

    /**
     * Switches to the checked snapshot ({@link VulnDbSnapshots#install}): the same as in force changes nothing; one
     * older than the snapshot in force is refused ({@link VulnDbSnapshots.OlderThanInForce}) unless forced.
     */
    public VulnDbSnapshots.Installed install(boolean force) throws IOException {
        if (checked == null) throw new IllegalStateException("check first");
        return snapshots.install(staging, checked, force);
    }

    @Override public void close() throws IOException {
        VulnDbSnapshots.deleteTree(staging);
    }
}
