package dev.modgate.bundle;

import dev.modgate.config.SumDbSpec;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.module.ArtifactChecks;
import dev.modgate.net.SourceException;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.Storage;
import java.nio.channels.Channels;
import java.util.Optional;
import dev.modgate.sumdb.SumDbImport;
import dev.modgate.vuln.IncomingSnapshot;
import dev.modgate.vuln.Snapshot;
import dev.modgate.vuln.VulnDbException;
import dev.modgate.vuln.VulnDbSnapshots;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Brings a bundle into a data directory. Before anything is staged, the manifest's names and sizes are checked
 * (each within its kind's limit: .info 64 KiB, go.mod 16 MiB, zip 500 MiB) and the data directory must have room for
 * all of it; the first bad member then ends the import, its staged copy deleted at once, so a bundle that lies
 * costs at most one member's size on disk. Every member is staged and checked first (name, size, SHA-256, zip rules,
 * h1 sums against the manifest, then the checksum database's data and the h1 sums against its records:
 * {@link SumDbImport}; the vulnerability database snapshot as {@code vulndb import} checks a database, and against its
 * manifest: {@link IncomingSnapshot}); if anything fails, nothing is imported. Then each file lands by atomic rename;
 * a file already present with the same bytes is left alone, one with different bytes is a conflict and is never
 * overwritten. The snapshot is switched to last, unless it is older than the one in force (and not forced). An
 * interrupted import leaves only whole files and can simply be run again.
 */
public final class BundleImporter {
    /** Largest manifest accepted: far beyond any real one, small enough to read into memory. */
    private static final long MAX_MANIFEST = 256L << 20;
    /** Free space kept beyond what staging needs: for the rest of the data directory's writers. */
    private static final long SPACE_MARGIN = 64L << 20;

    /**
     * @param sumdb the checksum database data imported, or null when the bundle carried none
     * @param sumdbSkipped the name of a database whose data the bundle carried but was not imported (--sumdb off)
     */
    public record Result(int imported, int unchanged, List<String> conflicts, SumDbImport.Result sumdb, String sumdbSkipped, VulnDbImport vulndb) {}

    /**
     * What became of the vulnerability database snapshot a bundle carried.
     *
     * @param switched whether it was switched to (false: it was in force already, or it is older)
     * @param olderThan the snapshot in force, when the bundle's is older and was not switched to (not forced)
     */
    public record VulnDbImport(BundleManifest.VulnDb carried, boolean switched, Snapshot olderThan) {}

    /** A bundle member holds at most a lookup or a tile of the checksum database, a few KiB. */
    private static final long MAX_SUMDB_MEMBER = 1L << 20;

    public static final class RefusedException extends IOException {
        private final List<String> problems;

        RefusedException(List<String> problems) {
            super("bundle refused, nothing imported:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() { return problems; }
    }

    private final DirStorage store;
    private final SumDbSpec sumdb;
    private boolean forceVulnDb;

    /** An importer that ignores checksum database data. */
    public BundleImporter(DirStorage store) {
        this(store, null);
    }

    /** @param sumdb the checksum database whose data bundles carry (--sumdb), or null to ignore that data */
    public BundleImporter(DirStorage store, SumDbSpec sumdb) {
        this.store = store;
        this.sumdb = sumdb;
    }

    /**
     * Switches to the bundle's vulnerability database snapshot even when it is older than the one in force (by the
     * database's modified time); without, an older one is not switched to ({@link VulnDbImport#olderThan}).
     */
    public BundleImporter withForceVulnDb(boolean force) {
        this.forceVulnDb = force;
        return this;
    }

    public Result importBundle(Path bundle) throws IOException {
        Map<String, Storage.Staged> staged = new LinkedHashMap<>();
        CarriedVulnDb vulndb = new CarriedVulnDb();
        try {
            Staged s = stage(bundle, staged, vulndb);
            Result r = commit(staged);
            // After the artifacts: a tree head is never remembered before everything it vouches for is in place.
            SumDbImport.Result db = s.sumdb == null ? null : s.sumdb.commit();
            // What the import reports as added must survive a power failure right after it.
            store.syncDirectories();
            // Last, as the tree head: a snapshot in force names versions the data directory holds by now.
            VulnDbImport v = s.vulndb == null ? null : switchTo(s.vulndb, vulndb.incoming);
            return new Result(r.imported(), r.unchanged(), r.conflicts(), db, s.skipped, v);
        } finally {
            for (Storage.Staged p : staged.values()) p.close();
            vulndb.close();
        }
    }

    /** The vulnerability database snapshot being staged, if the bundle carries one: deleted unless switched to. */
    private static final class CarriedVulnDb implements AutoCloseable {
        IncomingSnapshot incoming;
        final java.util.Set<String> seen = new java.util.HashSet<>();

        @Override public void close() throws IOException {
            if (incoming != null) incoming.close();
        }
    }

    private VulnDbImport switchTo(BundleManifest.VulnDb carried, IncomingSnapshot incoming) throws IOException {
        try {
            VulnDbSnapshots.Installed done = incoming.install(forceVulnDb);
            return new VulnDbImport(carried, done.switched(), null);
        } catch (VulnDbSnapshots.OlderThanInForce older) {
            return new VulnDbImport(carried, false, older.inForce());
        } catch (IOException e) {
            throw new IOException("the module files were imported, but the vulnerability database snapshot " + carried.name() + " was not switched to: " + e.getMessage(), e);
        }
    }

    private record Staged(SumDbImport sumdb, String skipped, BundleManifest.VulnDb vulndb) {}

    private Staged stage(Path bundle, Map<String, Storage.Staged> staged, CarriedVulnDb vulndb) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> dbFiles = new TreeMap<>();
        BundleManifest m;
        String vulnPrefix;
        try (InputStream in = open(bundle)) {
            TarReader tar = new TarReader(in);
            m = manifest(tar, bundle);
            String dbPrefix = m.sumdb() == null ? null : BundleManifest.SUMDB_PREFIX + m.sumdb().name() + "/";
            if (m.vulndb() != null && (m.vulndb().name() == null || m.vulndb().modified() == null)) {
                throw new RefusedException(List.of("manifest: its vulnerability database entry lacks a name or modified time"));
            }
            vulnPrefix = m.vulndb() == null ? null : BundleManifest.VULNDB_PREFIX + m.vulndb().name() + "/";
            Map<String, BundleManifest.FileEntry> expected = new LinkedHashMap<>();
            int vulnFiles = 0;
            for (BundleManifest.FileEntry f : m.files()) {
                boolean vuln = vulnPrefix != null && f.name().startsWith(vulnPrefix);
                boolean ok = dbPrefix != null && f.name().startsWith(dbPrefix)
                        ? SumDbImport.isMemberName(f.name().substring(dbPrefix.length()))
                        : vuln ? IncomingSnapshot.isFile(f.name().substring(vulnPrefix.length())) : DataFile.parse(f.name()).isPresent();
                if (!ok) problems.add(f.name() + ": unsafe or unknown file name in manifest");
                else expected.put(f.name(), f);
                if (vuln && ++vulnFiles == IncomingSnapshot.MAX_FILES + 1) {
                    problems.add(vulnPrefix + ": more than " + IncomingSnapshot.MAX_FILES + " files, more than a vulnerability database snapshot has");
                }
            }
            Map<String, BundleManifest.Module> sums = new LinkedHashMap<>();
            for (BundleManifest.Module mod : m.modules()) sums.put(mod.path() + "@" + mod.version(), mod);
            // Before a byte is staged: every size within its kind's limit, and room on the disk for all of them.
            long needed = 0;
            for (BundleManifest.FileEntry f : expected.values()) {
                long max = limit(f.name(), dbPrefix, vulnPrefix);
                if (f.size() < 0 || f.size() > max) problems.add(f.name() + ": its manifest size " + f.size() + " is over the limit of " + max + " bytes for this kind of file");
                else if (dbPrefix == null || !f.name().startsWith(dbPrefix)) needed += f.size();
            }
            if (!problems.isEmpty()) throw new RefusedException(problems);
            checkSpace(bundle, needed, expected.size());
            if (vulnPrefix != null) vulndb.incoming = new VulnDbSnapshots(store.state().vulndb(), store.lockWait()).incoming();

            // Stops at the first bad member, even before its content: reading on would stage (or inflate) whatever
            // else the bundle claims.
            for (TarReader.Entry e; problems.isEmpty() && (e = tar.next()) != null; ) {
                BundleManifest.FileEntry want = expected.get(e.name());
                if (want == null) {
                    problems.add(e.name() + ": not listed in the manifest (unsafe or unexpected member)");
                    continue;
                }
                if (e.type() != '0') {
                    problems.add(e.name() + ": not a regular file");
                    continue;
                }
                if (staged.containsKey(e.name()) || vulndb.seen.contains(e.name())) {
                    problems.add(e.name() + ": appears twice");
                    continue;
                }
                // Refused before its content is read: the tar header is where a member larger than declared shows.
                if (e.size() != want.size()) {
                    problems.add(e.name() + ": size " + e.size() + " does not match the manifest's " + want.size());
                    continue;
                }
                if (dbPrefix != null && e.name().startsWith(dbPrefix)) {
                    if (dbFiles.containsKey(e.name()) || e.size() > MAX_SUMDB_MEMBER) {
                        problems.add(e.name() + ": appears twice or is too large");
                        continue;
                    }
                    byte[] data = tar.content().readAllBytes();
                    dbFiles.put(e.name(), data);
                    if (!Sha256.of(data).equals(want.sha256())) problems.add(e.name() + ": SHA-256 does not match the manifest (tampered or corrupted)");
                    continue;
                }
                if (vulnPrefix != null && e.name().startsWith(vulnPrefix)) {
                    vulndb.seen.add(e.name());
                    MessageDigest md = Sha256.digest();
                    try (OutputStream out = new DigestOutputStream(vulndb.incoming.create(e.name().substring(vulnPrefix.length())), md)) {
                        copyAtMost(tar.content(), out, want.size(), e.name());
                    }
                    if (!HexFormat.of().formatHex(md.digest()).equals(want.sha256())) problems.add(e.name() + ": SHA-256 does not match the manifest (tampered or corrupted)");
                    continue;
                }
                Storage.Staged stagedFile = store.stage();
                staged.put(e.name(), stagedFile);
                Path tmp = stagedFile.file();
                MessageDigest md = Sha256.digest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                    copyAtMost(tar.content(), out, want.size(), e.name());
                }
                String sha = HexFormat.of().formatHex(md.digest());
                String problem = null;
                if (!sha.equals(want.sha256())) {
                    problem = "SHA-256 " + sha + " does not match the manifest (tampered or corrupted)";
                } else {
                    DataFile f = DataFile.parse(e.name()).orElseThrow();
                    problem = checkContent(f, tmp, sums.get(f.key()));
                }
                if (problem != null) {
                    problems.add(e.name() + ": " + problem);
                    stagedFile.close(); // its space back at once, not when the import ends
                }
            }
            if (!problems.isEmpty()) {
                problems.add("stopped at the first problem; the rest of the bundle was not read");
                throw new RefusedException(problems);
            }
            for (String name : expected.keySet()) {
                if (!staged.containsKey(name) && !dbFiles.containsKey(name) && !vulndb.seen.contains(name)) problems.add(name + ": listed in the manifest but missing from the bundle");
            }
        }
        if (sumdb != null) {
            List<SumDbImport.Sums> sums = new ArrayList<>();
            for (BundleManifest.Module mod : m.modules()) sums.add(new SumDbImport.Sums(mod.path(), mod.version(), mod.zipHash(), mod.modHash()));
            problems.addAll(SumDbImport.contradictions(store, sumdb, sums));
        }
        if (!problems.isEmpty()) throw new RefusedException(problems);
        if (m.vulndb() != null) checkVulnDb(m.vulndb(), vulndb.incoming);
        if (m.sumdb() == null) return new Staged(null, null, m.vulndb());
        if (m.sumdb().name() == null || m.sumdb().latest() == null) throw new RefusedException(List.of("manifest: its checksum database entry lacks a name or tree head"));
        if (sumdb == null) return new Staged(null, m.sumdb().name(), m.vulndb());
        return new Staged(checkSumDb(m, dbFiles), null, m.vulndb());
    }

    /** The snapshot as {@code vulndb import} checks a database, and against its manifest and the bundle's description. */
    private static void checkVulnDb(BundleManifest.VulnDb carried, IncomingSnapshot incoming) throws IOException {
        try {
            incoming.check(carried.name(), carried.modified(), carried.entries(), carried.modules());
        } catch (VulnDbException e) {
            throw new RefusedException(List.of("vulnerability database snapshot " + carried.name() + ": " + e.getMessage()));
        }
    }

    /** The largest member of its kind: the go command's own limits for go.mod and zips, modgate's for .info. */
    private static long limit(String name, String dbPrefix, String vulnPrefix) {
        if (dbPrefix != null && name.startsWith(dbPrefix)) return MAX_SUMDB_MEMBER;
        if (vulnPrefix != null && name.startsWith(vulnPrefix)) return IncomingSnapshot.limit(name.substring(vulnPrefix.length()));
        if (name.endsWith(".zip")) return ArtifactChecks.MAX_ZIP;
        if (name.endsWith(".mod")) return ArtifactChecks.MAX_GO_MOD;
        return ArtifactChecks.MAX_INFO;
    }

    /** Staging needs the members' declared sizes on the data directory's file system, plus a margin. */
    private void checkSpace(Path bundle, long needed, int files) throws IOException {
        long usable = store.stagingSpace();
        if (needed + SPACE_MARGIN > usable) {
            throw new RefusedException(List.of(bundle.getFileName() + ": its " + files + " files need " + needed + " bytes (plus a margin of " + SPACE_MARGIN
                    + "), but the data directory has only " + usable + " bytes free; free some space or import a smaller bundle"));
        }
    }

    /** Copies one member, refusing it as soon as more than its declared size arrives. */
    private static void copyAtMost(InputStream in, OutputStream out, long max, String name) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) throw new RefusedException(List.of(name + ": larger than the manifest's " + max + " bytes"));
            out.write(buf, 0, n);
        }
    }

    /** Only once every artifact passed: the checksum database's data, and the artifacts' hashes against its records. */
    private SumDbImport checkSumDb(BundleManifest m, Map<String, byte[]> dbFiles) throws IOException {
        String prefix = BundleManifest.SUMDB_PREFIX + m.sumdb().name() + "/";
        Map<String, byte[]> files = new TreeMap<>();
        for (var e : dbFiles.entrySet()) files.put(e.getKey().substring(prefix.length()), e.getValue());
        List<SumDbImport.Sums> sums = new ArrayList<>();
        for (BundleManifest.Module mod : m.modules()) sums.add(new SumDbImport.Sums(mod.path(), mod.version(), mod.zipHash(), mod.modHash()));
        try {
            return SumDbImport.verify(store, sumdb, new SumDbImport.Data(m.sumdb().name(), m.sumdb().latest().getBytes(StandardCharsets.UTF_8), files), sums);
        } catch (SumDbImport.RefusedException e) {
            throw new RefusedException(List.of(e.getMessage()));
        }
    }

    /**
     * The artifact must pass the checks an upstream download passes (the manifest travels with the bundle, so it
     * proves integrity, not validity), and agree with the go.sum hashes the manifest records.
     */
    private static String checkContent(DataFile f, Path file, BundleManifest.Module sums) throws IOException {
        switch (f.ext()) {
            case "zip" -> {
                String h1;
                try {
                    h1 = ArtifactChecks.zip(f.module(), f.version(), file);
                } catch (SourceException e) {
                    return e.getMessage().replaceFirst("^sent an ", "");
                }
                if (sums == null || !h1.equals(sums.zipHash())) {
                    return "zip hash " + h1 + " does not match the manifest's " + (sums == null ? "(none)" : sums.zipHash());
                }
            }
            case "mod" -> {
                byte[] mod = Files.readAllBytes(file);
                try {
                    ArtifactChecks.goMod(mod);
                } catch (SourceException e) {
                    return e.getMessage().replaceFirst("^sent a ", "");
                }
                String h1 = DirHash.hashGoMod(mod);
                if (sums == null || !h1.equals(sums.modHash())) {
                    return "go.mod hash " + h1 + " does not match the manifest's " + (sums == null ? "(none)" : sums.modHash());
                }
            }
            default -> {
                try {
                    ArtifactChecks.infoFor(f.module(), f.version(), Files.readAllBytes(file));
                } catch (SourceException e) {
                    return e.getMessage().replaceFirst("^sent ", "");
                }
            }
        }
        return null;
    }

    private Result commit(Map<String, Storage.Staged> staged) throws IOException {
        int imported = 0, unchanged = 0;
        List<String> conflicts = new ArrayList<>();
        TreeSet<String> modules = new TreeSet<>();
        for (var e : staged.entrySet()) {
            DataFile f = DataFile.parse(e.getKey()).orElseThrow();
            ModuleVersion mv = new ModuleVersion(f.module(), f.version());
            ArtifactKind kind = ArtifactKind.ofExtension(f.ext());
            Path file = e.getValue().file();
            String sha = Sha256.of(file);
            String zipHash = f.ext().equals("zip") ? DirHash.hashZip(file) : null;
            // Never replaces: a file that appeared meanwhile (a running serve, another import) is compared instead.
            if (!store.putNew(kind, mv, e.getValue())) {
                if (sha.equals(storedSha(kind, mv))) {
                    unchanged++;
                } else {
                    conflicts.add(e.getKey() + ": already in the data directory with different bytes; kept the existing file");
                }
                continue;
            }
            if (f.ext().equals("zip")) {
                store.putZipHash(mv, zipHash);
            }
            if (f.ext().equals("info")) modules.add(f.module());
            imported++;
        }
        for (String m : modules) store.rebuildList(m);
        return new Result(imported, unchanged, conflicts, null, null, null);
    }

    /** The SHA-256 of what is stored now, or null when nothing is. */
    private String storedSha(ArtifactKind kind, ModuleVersion mv) throws IOException {
        Optional<Blob> stored = store.get(kind, mv);
        if (stored.isEmpty()) return null;
        MessageDigest md = Sha256.digest();
        try (InputStream in = Channels.newInputStream(stored.get().open()); OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static BundleManifest manifest(TarReader tar, Path bundle) throws IOException {
        TarReader.Entry first = tar.next();
        if (first == null || !first.name().equals(BundleManifest.MEMBER)) {
            throw new IOException(bundle + " is not a modgate bundle: its first member is not " + BundleManifest.MEMBER);
        }
        if (first.size() > MAX_MANIFEST) throw new IOException(bundle + ": manifest too large");
        return BundleManifest.parse(tar.content());
    }

    static BundleManifest readManifest(Path bundle) throws IOException {
        try (InputStream in = open(bundle)) {
            return manifest(new TarReader(in), bundle);
        }
    }

    private static InputStream open(Path bundle) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 16);
        in.mark(2);
        int b1 = in.read(), b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
