package dev.modgate.bundle;

import dev.modgate.config.SumDbSpec;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.net.Outbound;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.StateDir;
import dev.modgate.sumdb.SumDbExport;
import dev.modgate.vuln.IncomingSnapshot;
import dev.modgate.vuln.Snapshot;
import dev.modgate.vuln.VulnDbSnapshots;
import java.nio.charset.StandardCharsets;
import dev.modgate.core.module.PathPatterns;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the immutable artifacts a data directory stores (.info, .mod, .zip of canonical versions), read through the
 * storage interface, into one tar file, manifest first, for carrying into a network that cannot reach any upstream.
 */
public final class BundleExporter {
    /** @param sumdb what was carried of the checksum database, or null when none was asked for (--sumdb off) */
    /** @param zipsLeftOut zips not carried because the policy refuses their versions (their .info and .mod are) */
    /**
     * @param vulndb the vulnerability database snapshot carried, or null when none: the data directory has none, or
     *     the --since bundle carried this one ({@code vulndbCarriedBefore})
     */
    public record Result(int modules, int files, long bytes, SumDbExport.Result sumdb, int zipsLeftOut, BundleManifest.VulnDb vulndb,
            boolean vulndbCarriedBefore) {}

    private final Path dataDir;
    private final PathPatterns only;
    private final Instant newerThan;
    private final Set<String> alreadyCarried;
    private SumDbSpec sumdb;
    private byte[] earlierTreeHead;
    private Outbound outbound;
    private java.util.function.Predicate<ModuleVersion> zipRefused = mv -> false;

    /**
     * @param only module path patterns (GOPRIVATE syntax); empty = every module
     * @param newerThan only files modified after this instant, or null
     * @param alreadyCarried "name sha256" of files an earlier bundle carried (--since BUNDLE), skipped
     */
    public BundleExporter(Path dataDir, PathPatterns only, Instant newerThan, Set<String> alreadyCarried) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.only = only;
        this.newerThan = newerThan;
        this.alreadyCarried = alreadyCarried;
    }

    /**
     * Also carries the checksum database's data for the exported versions.
     *
     * @param earlierTreeHead the tree head of the bundle given to --since, or null: its consistency is proven too
     * @param outbound to fetch tiles the data directory lacks from the database, or null for none
     */
    public BundleExporter withSumDb(SumDbSpec spec, byte[] earlierTreeHead, Outbound outbound) {
        this.sumdb = spec;
        this.earlierTreeHead = earlierTreeHead;
        this.outbound = outbound;
        return this;
    }

    /**
     * Leaves out the zips of versions the policy refuses. Their .info and .mod are carried: the go command reads the
     * go.mod of versions it does not select, and the server answers them too.
     */
    public BundleExporter withPolicy(java.util.function.Predicate<ModuleVersion> zipRefused) {
        this.zipRefused = zipRefused;
        return this;
    }

    public Result export(Path out) throws IOException {
        if (!Files.isDirectory(dataDir)) throw new IOException("data directory " + dataDir + " does not exist");
        DirStorage store = new DirStorage(dataDir);
        // Every stored artifact, through the storage interface: the same files a walk of the tree would find
        // (canonical versions, valid module paths), by the member name the bundle gives them.
        TreeMap<String, Blob> files = new TreeMap<>();
        TreeMap<String, DataFile> parsed = new TreeMap<>();
        int refused = 0;
        for (String module : store.modules()) {
            if (!only.isEmpty() && !only.matches(module)) continue;
            for (ArtifactKind kind : ArtifactKind.values()) {
                for (String version : store.versions(module, kind)) {
                    DataFile f = DataFile.parse(new DataFile(module, version, kind.extension()).relativePath()).orElse(null);
                    if (f == null) continue;
                    Blob blob = store.get(kind, new ModuleVersion(module, version)).orElse(null);
                    if (blob == null) continue; // moved aside meanwhile
                    if (newerThan != null && !Instant.ofEpochMilli(blob.modifiedMillis()).isAfter(newerThan)) continue;
                    if (kind == ArtifactKind.ZIP && zipRefused.test(new ModuleVersion(module, version))) {
                        refused++;
                        continue;
                    }
                    files.put(f.relativePath(), blob);
                    parsed.put(f.relativePath(), f);
                }
            }
        }
        List<BundleManifest.FileEntry> entries = new ArrayList<>();
        Map<String, String[]> sums = new TreeMap<>(); // module@version -> {zipHash, modHash, path, version}
        for (var e : files.entrySet()) {
            String sha;
            try {
                sha = Sha256.of(e.getValue());
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // moved aside (quarantined) since it was listed: not carried, as if listed a moment later
            }
            if (alreadyCarried.contains(e.getKey() + " " + sha)) continue;
            entries.add(new BundleManifest.FileEntry(e.getKey(), e.getValue().size(), sha));
            DataFile f = parsed.get(e.getKey());
            String[] s = sums.computeIfAbsent(f.key(), k -> new String[] {null, null, f.module(), f.version()});
            ModuleVersion mv = new ModuleVersion(f.module(), f.version());
            if (f.ext().equals("zip")) s[0] = store.h1(ArtifactKind.ZIP, mv).orElse(null);
            if (f.ext().equals("mod")) s[1] = store.h1(ArtifactKind.MOD, mv).orElse(null);
        }
        List<BundleManifest.Module> modules = new ArrayList<>();
        for (String[] s : sums.values()) modules.add(new BundleManifest.Module(s[2], s[3], s[0], s[1]));
        SumDbExport.Result db = sumdb == null ? null : collectSumDb(modules);
        Map<String, byte[]> dbFiles = new TreeMap<>();
        if (db != null && db.latest() != null) {
            for (var f : db.files().entrySet()) {
                String name = BundleManifest.SUMDB_PREFIX + db.name() + "/" + f.getKey();
                dbFiles.put(name, f.getValue());
                entries.add(new BundleManifest.FileEntry(name, f.getValue().length, Sha256.of(f.getValue())));
            }
        }
        VulnDbFiles vulndb = vulnDbFiles(store);
        if (vulndb.carried() != null) {
            dbFiles.putAll(vulndb.files());
            for (var f : vulndb.files().entrySet()) entries.add(new BundleManifest.FileEntry(f.getKey(), f.getValue().length, Sha256.of(f.getValue())));
        }
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, Instant.now().toString(), modules, entries,
                db == null || db.latest() == null ? null : new BundleManifest.SumDb(db.name(), new String(db.latest(), StandardCharsets.UTF_8)),
                vulndb.carried());

        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        long bytes = 0;
        try (OutputStream os = open(tmp, out.getFileName().toString()); TarWriter tar = new TarWriter(os)) {
            long now = Instant.now().getEpochSecond();
            tar.add(BundleManifest.MEMBER, manifest.toJson(), now);
            for (BundleManifest.FileEntry fe : entries) {
                byte[] inMemory = dbFiles.get(fe.name());
                if (inMemory != null) {
                    tar.add(fe.name(), inMemory, now);
                    bytes += fe.size();
                    continue;
                }
                Blob blob = files.get(fe.name());
                try (InputStream in = Channels.newInputStream(blob.open())) {
                    tar.add(fe.name(), fe.size(), blob.modifiedMillis() / 1000, in);
                }
                bytes += fe.size();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Result(modules.size(), entries.size(), bytes, db, refused, vulndb.carried(), vulndb.carriedBefore());
    }

    /** The snapshot's members by name, in the order written; carried is null when none is carried. */
    private record VulnDbFiles(BundleManifest.VulnDb carried, boolean carriedBefore, Map<String, byte[]> files) {}

    /**
     * The vulnerability database snapshot in force, whole (an import checks it whole): its published files and its
     * manifest, each checked against the SHA-256 the manifest records, so that a snapshot damaged on disk is never
     * carried. None when the data directory has none, or when the --since bundle carried the same one (a snapshot's
     * name stands for its content).
     */
    private VulnDbFiles vulnDbFiles(DirStorage store) throws IOException {
        VulnDbSnapshots snapshots = new VulnDbSnapshots(store.state().vulndb(), store.lockWait());
        Snapshot s = snapshots.current().orElse(null);
        if (s == null) return new VulnDbFiles(null, false, Map.of());
        String prefix = BundleManifest.VULNDB_PREFIX + s.name() + "/";
        byte[] manifest = s.manifestJson();
        if (alreadyCarried.contains(prefix + IncomingSnapshot.MANIFEST + " " + Sha256.of(manifest))) return new VulnDbFiles(null, true, Map.of());
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (var f : s.checksums().entrySet()) {
            if (!IncomingSnapshot.isFile(f.getKey())) continue; // the .json.gz: made again on the other side
            byte[] data = s.read(f.getKey());
            if (!Sha256.of(data).equals(f.getValue())) {
                throw new IOException("vulnerability database snapshot " + s.name() + ": " + f.getKey()
                        + " does not match the SHA-256 its manifest records (damaged on disk): run modgate vulndb sync or import again");
            }
            files.put(prefix + f.getKey(), data);
        }
        files.put(prefix + IncomingSnapshot.MANIFEST, manifest);
        BundleManifest.VulnDb carried = new BundleManifest.VulnDb(s.name(), s.modifiedText(), s.entryCount(), s.moduleCount());
        return new VulnDbFiles(carried, false, files);
    }

    private SumDbExport.Result collectSumDb(List<BundleManifest.Module> modules) throws IOException {
        List<ModuleVersion> versions = modules.stream().map(m -> new ModuleVersion(m.path(), m.version())).toList();
        if (!Files.isDirectory(StateDir.sumdbsIn(dataDir))) {
            return SumDbExport.Result.none(sumdb.name(), versions.size());
        }
        DirStorage store = new DirStorage(dataDir);
        List<byte[]> earlier = earlierTreeHead != null ? List.of(earlierTreeHead)
                : newerThan != null ? SumDbExport.treeHeadsUpTo(store, sumdb.name(), newerThan) : List.of();
        return SumDbExport.collect(store, sumdb, versions, earlier, outbound);
    }

    /** The checksum database tree head an earlier bundle carried (for --since BUNDLE), or null. */
    public static byte[] treeHeadOf(Path bundle, String name) throws IOException {
        BundleManifest.SumDb db = BundleImporter.readManifest(bundle).sumdb();
        return db == null || !name.equals(db.name()) || db.latest() == null ? null : db.latest().getBytes(StandardCharsets.UTF_8);
    }

    private static OutputStream open(Path tmp, String finalName) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        return finalName.endsWith(".gz") || finalName.endsWith(".tgz") ? new GZIPOutputStream(os, 1 << 16) : os;
    }

    /** The files an earlier bundle carried, as "name sha256", for --since BUNDLE. */
    public static Set<String> carriedBy(Path bundle) throws IOException {
        BundleManifest m = BundleImporter.readManifest(bundle);
        Set<String> out = new HashSet<>();
        for (BundleManifest.FileEntry f : m.files()) out.add(f.name() + " " + f.sha256());
        return out;
    }
}
