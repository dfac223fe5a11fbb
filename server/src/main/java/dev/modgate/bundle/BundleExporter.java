package dev.modgate.bundle;

import dev.modgate.config.SumDbSpec;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.net.Outbound;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.StateDir;
import dev.modgate.sumdb.SumDbExport;
import java.nio.charset.StandardCharsets;
import dev.modgate.core.module.PathPatterns;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the immutable artifacts of a data directory (.info, .mod, .zip of canonical versions) into one tar file,
 * manifest first, for carrying into a network that cannot reach any upstream.
 */
public final class BundleExporter {
    /** @param sumdb what was carried of the checksum database, or null when none was asked for (--sumdb off) */
    public record Result(int modules, int files, long bytes, SumDbExport.Result sumdb) {}

    private final Path dataDir;
    private final PathPatterns only;
    private final Instant newerThan;
    private final Set<String> alreadyCarried;
    private SumDbSpec sumdb;
    private byte[] earlierTreeHead;
    private Outbound outbound;

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

    public Result export(Path out) throws IOException {
        if (!Files.isDirectory(dataDir)) throw new IOException("data directory " + dataDir + " does not exist");
        TreeMap<String, Path> files = new TreeMap<>();
        TreeMap<String, DataFile> parsed = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) continue;
                String rel = dataDir.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith(".")) continue; // .modgate/: modgate's state (StateDir), not modules
                DataFile f = DataFile.parse(rel).orElse(null);
                if (f == null) continue;
                if (!only.isEmpty() && !only.matches(f.module())) continue;
                if (newerThan != null && !Files.getLastModifiedTime(p).toInstant().isAfter(newerThan)) continue;
                files.put(rel, p);
                parsed.put(rel, f);
            }
        }
        List<BundleManifest.FileEntry> entries = new ArrayList<>();
        Map<String, String[]> sums = new TreeMap<>(); // module@version -> {zipHash, modHash, path, version}
        for (var e : files.entrySet()) {
            String sha = Sha256.of(e.getValue());
            if (alreadyCarried.contains(e.getKey() + " " + sha)) continue;
            entries.add(new BundleManifest.FileEntry(e.getKey(), Files.size(e.getValue()), sha));
            DataFile f = parsed.get(e.getKey());
            String[] s = sums.computeIfAbsent(f.key(), k -> new String[] {null, null, f.module(), f.version()});
            if (f.ext().equals("zip")) s[0] = DirHash.hashZip(e.getValue());
            if (f.ext().equals("mod")) s[1] = DirHash.hashGoMod(Files.readAllBytes(e.getValue()));
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
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, Instant.now().toString(), modules, entries,
                db == null || db.latest() == null ? null : new BundleManifest.SumDb(db.name(), new String(db.latest(), StandardCharsets.UTF_8)));

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
                Path p = files.get(fe.name());
                try (InputStream in = Files.newInputStream(p)) {
                    tar.add(fe.name(), fe.size(), Files.getLastModifiedTime(p).toInstant().getEpochSecond(), in);
                }
                bytes += fe.size();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Result(modules.size(), entries.size(), bytes, db);
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
