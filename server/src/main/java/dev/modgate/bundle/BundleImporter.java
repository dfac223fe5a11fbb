package dev.modgate.bundle;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.fetch.ArtifactChecks;
import dev.modgate.source.SourceException;
import dev.modgate.storage.ModuleStore;
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
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Brings a bundle into a data directory. Every member is staged and checked first (name, size, SHA-256, zip rules,
 * h1 sums against the manifest); if anything fails, nothing is imported. Then each file lands by atomic rename;
 * a file already present with the same bytes is left alone, one with different bytes is a conflict and is never
 * overwritten. An interrupted import leaves only whole files and can simply be run again.
 */
public final class BundleImporter {
    /** Largest manifest accepted: far beyond any real one, small enough to read into memory. */
    private static final long MAX_MANIFEST = 256L << 20;
    private static final long MAX_MEMBER = 500L << 20;

    public record Result(int imported, int unchanged, List<String> conflicts) {}

    public static final class RefusedException extends IOException {
        private final List<String> problems;

        RefusedException(List<String> problems) {
            super("bundle refused, nothing imported:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() { return problems; }
    }

    private final ModuleStore store;

    public BundleImporter(ModuleStore store) {
        this.store = store;
    }

    public Result importBundle(Path bundle) throws IOException {
        Map<String, Path> staged = new LinkedHashMap<>();
        try {
            stage(bundle, staged);
            return commit(staged);
        } finally {
            for (Path p : staged.values()) Files.deleteIfExists(p);
        }
    }

    private void stage(Path bundle, Map<String, Path> staged) throws IOException {
        List<String> problems = new ArrayList<>();
        try (InputStream in = open(bundle)) {
            TarReader tar = new TarReader(in);
            BundleManifest m = manifest(tar, bundle);
            Map<String, BundleManifest.FileEntry> expected = new LinkedHashMap<>();
            for (BundleManifest.FileEntry f : m.files()) {
                if (DataFile.parse(f.name()).isEmpty()) problems.add(f.name() + ": unsafe or unknown file name in manifest");
                else expected.put(f.name(), f);
            }
            Map<String, BundleManifest.Module> sums = new LinkedHashMap<>();
            for (BundleManifest.Module mod : m.modules()) sums.put(mod.path() + "@" + mod.version(), mod);

            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                BundleManifest.FileEntry want = expected.get(e.name());
                if (want == null) {
                    problems.add(e.name() + ": not listed in the manifest (unsafe or unexpected member)");
                    continue;
                }
                if (e.type() != '0') {
                    problems.add(e.name() + ": not a regular file");
                    continue;
                }
                if (staged.containsKey(e.name())) {
                    problems.add(e.name() + ": appears twice");
                    continue;
                }
                if (e.size() != want.size() || e.size() > MAX_MEMBER) {
                    problems.add(e.name() + ": size " + e.size() + " does not match the manifest's " + want.size());
                    continue;
                }
                Path tmp = store.newTempFile();
                staged.put(e.name(), tmp);
                MessageDigest md = Sha256.digest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                    tar.content().transferTo(out);
                }
                String sha = HexFormat.of().formatHex(md.digest());
                if (!sha.equals(want.sha256())) {
                    problems.add(e.name() + ": SHA-256 " + sha + " does not match the manifest (tampered or corrupted)");
                    continue;
                }
                DataFile f = DataFile.parse(e.name()).orElseThrow();
                String problem = checkContent(f, tmp, sums.get(f.key()));
                if (problem != null) problems.add(e.name() + ": " + problem);
            }
            for (String name : expected.keySet()) {
                if (!staged.containsKey(name)) problems.add(name + ": listed in the manifest but missing from the bundle");
            }
        }
        if (!problems.isEmpty()) throw new RefusedException(problems);
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

    private Result commit(Map<String, Path> staged) throws IOException {
        int imported = 0, unchanged = 0;
        List<String> conflicts = new ArrayList<>();
        TreeSet<String> modules = new TreeSet<>();
        for (var e : staged.entrySet()) {
            DataFile f = DataFile.parse(e.getKey()).orElseThrow();
            Path target = store.versionFile(f.module(), f.version(), f.ext());
            String sha = Sha256.of(e.getValue());
            // Never replaces: a file that appeared meanwhile (a running serve, another import) is compared instead.
            if (!store.commitNew(e.getValue(), target)) {
                if (Sha256.of(target).equals(sha)) {
                    unchanged++;
                } else {
                    conflicts.add(e.getKey() + ": already in the data directory with different bytes; kept the existing file");
                }
                continue;
            }
            if (f.ext().equals("zip")) {
                store.writeDerived(store.versionFile(f.module(), f.version(), "ziphash"), DirHash.hashZip(target).getBytes(StandardCharsets.UTF_8));
            }
            if (f.ext().equals("mod")) modules.add(f.module());
            imported++;
        }
        for (String m : modules) store.rebuildList(m);
        // What the import reports as added must survive a power failure right after it.
        store.syncDirectories();
        return new Result(imported, unchanged, conflicts);
    }

    private static BundleManifest manifest(TarReader tar, Path bundle) throws IOException {
        TarReader.Entry first = tar.next();
        if (first == null || !first.name().equals(BundleManifest.MEMBER)) {
            throw new IOException(bundle + " is not a modgate bundle: its first member is not " + BundleManifest.MEMBER);
        }
        if (first.size() > MAX_MANIFEST) throw new IOException(bundle + ": manifest too large");
        return BundleManifest.parse(tar.content().readAllBytes());
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
