package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.bundle.BundleManifest;
import dev.modgate.bundle.TarReader;
import dev.modgate.bundle.TarWriter;
import dev.modgate.testing.Cli;
import dev.modgate.testing.DataDirLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles carry the vulnerability database snapshot in force: byte for byte into the other data directory, checked
 * there as vulndb import checks a database and against the snapshot's manifest before anything is imported, switched
 * to after the module files, and not switched to when older than the one in force unless forced.
 */
class BundleVulnDbTest {
    private static final String MODULE = "example.com/a";

    @TempDir Path tmp;

    /** A data directory with one module version and the standard database's snapshot; its snapshot's name. */
    private String source(Path data, TestVulnDb db) throws IOException {
        TestVulnDb.store(data, MODULE, "v1.1.0", true);
        return importDb(data, db);
    }

    /** Imports the database into the data directory; the name of its snapshot. */
    private String importDb(Path data, TestVulnDb db) throws IOException {
        Cli.Result r = Cli.run("vulndb", "import", db.zip(tmp.resolve("src-" + System.nanoTime() + ".zip")).toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return current(data);
    }

    private static String current(Path data) throws IOException {
        return Files.readString(data.resolve(".modgate/vulndb/current")).strip();
    }

    private Path export(Path data, String... more) {
        Path bundle = tmp.resolve("b-" + System.nanoTime() + ".tar");
        List<String> args = new ArrayList<>(List.of("bundle", "export", "--offline", "--data", data.toString(), "-o", bundle.toString()));
        args.addAll(List.of(more));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return bundle;
    }

    private static Cli.Result importInto(Path data, Path bundle, String... more) {
        List<String> args = new ArrayList<>(List.of("bundle", "import", "--data", data.toString(), bundle.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theSnapshotInForceTravelsByteForByteAndIsSwitchedToAfterTheModules() throws Exception {
        Path src = tmp.resolve("src");
        String name = source(src, TestVulnDb.standard());
        Path bundle = tmp.resolve("b.tar");
        Cli.Result export = Cli.run("bundle", "export", "--offline", "--data", src.toString(), "-o", bundle.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.outLines()).contains("vulnerability database: snapshot " + name + " (modified 2024-03-04T10:00:00Z, 5 entries, 5 modules)");
        Map<String, byte[]> members = members(bundle);
        String prefix = BundleManifest.VULNDB_PREFIX + name + "/";
        // The published files and the manifest; the .json.gz are made again on the other side.
        assertThat(members.keySet().stream().filter(n -> n.startsWith(prefix)).toList()).containsExactlyInAnyOrder(prefix + "ID/GO-2023-1234.json",
                prefix + "ID/GO-2024-0001.json", prefix + "ID/GO-2024-0002.json", prefix + "ID/GO-2024-0003.json", prefix + "ID/GO-2024-0004.json",
                prefix + "index/db.json", prefix + "index/modules.json", prefix + "index/vulns.json", prefix + "manifest.json");
        BundleManifest m = BundleManifest.parse(members.get(BundleManifest.MEMBER));
        assertThat(m.vulndb()).isEqualTo(new BundleManifest.VulnDb(name, "2024-03-04T10:00:00Z", 5, 5));

        Path target = tmp.resolve("target");
        Cli.Result imp = importInto(target, bundle);
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.outLines()).contains("imported 3 files, 0 already present, 0 conflicts",
                "vulnerability database: switched to " + name + " (modified 2024-03-04T10:00:00Z, 5 entries, 5 modules)");
        assertThat(current(target)).isEqualTo(name);
        assertThat(DataDirLayout.versionFile(target, MODULE, "v1.1.0", "zip")).isRegularFile();
        // Every file the mirror serves (.json and .json.gz) and the manifest, byte for byte.
        assertThat(tree(target.resolve(".modgate/vulndb/" + name))).hasSize(17).isEqualTo(tree(src.resolve(".modgate/vulndb/" + name)));
        Cli.Result served = Cli.run("vulndb", "status", "--data", target.toString());
        assertThat(served.outLines().get(0)).isEqualTo("in force: " + name + "  modified 2024-03-04T10:00:00Z, 5 entries, 5 modules");

        Cli.Result again = importInto(target, bundle);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.outLines()).contains("vulnerability database: " + name + " is in force already");

        // --since a bundle that carried the same snapshot: not carried again, and the import leaves it alone.
        Path delta = tmp.resolve("delta.tar");
        Cli.Result d = Cli.run("bundle", "export", "--offline", "--data", src.toString(), "-o", delta.toString(), "--since", bundle.toString());
        assertThat(d.outLines()).contains("vulnerability database: not carried, the --since bundle carried the snapshot in force");
        assertThat(BundleManifest.parse(members(delta).get(BundleManifest.MEMBER)).vulndb()).isNull();
        Cli.Result none = importInto(target, delta);
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.out()).doesNotContain("vulnerability database");
        assertThat(current(target)).isEqualTo(name);
    }

    @Test
    void aBundleWithoutASnapshotChangesNothing() throws Exception {
        Path src = tmp.resolve("src");
        TestVulnDb.store(src, MODULE, "v1.1.0", true);
        Path bundle = export(src);
        Path target = tmp.resolve("target");
        String name = importDb(target, TestVulnDb.standard());
        Cli.Result imp = importInto(target, bundle);
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).doesNotContain("vulnerability database");
        assertThat(current(target)).isEqualTo(name);
    }

    @Test
    void anOlderSnapshotIsNotSwitchedToUnlessForced() throws Exception {
        Path src = tmp.resolve("src");
        String older = source(src, TestVulnDb.standard());
        Path bundle = export(src);

        Path target = tmp.resolve("target");
        TestVulnDb newer = TestVulnDb.standard();
        newer.touch("GO-2024-0001", "2024-08-01T00:00:00Z");
        String inForce = importDb(target, newer);

        Cli.Result r = importInto(target, bundle);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("modgate: vulnerability database: the bundle's snapshot " + older + " (modified 2024-03-04T10:00:00Z) is older than the one in force, "
                + inForce + " (modified 2024-08-01T00:00:00Z): not switched; give --force-vulndb to go back to it\n");
        assertThat(current(target)).isEqualTo(inForce);
        assertThat(stagingLeft(target)).isEmpty();

        Cli.Result forced = importInto(target, bundle, "--force-vulndb");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.outLines()).contains("vulnerability database: switched to " + older + " (modified 2024-03-04T10:00:00Z, 5 entries, 5 modules)");
        assertThat(current(target)).isEqualTo(older);
    }

    @Test
    void aTamperedSnapshotRefusesTheWholeBundleAndSwitchesNothing() throws Exception {
        Path src = tmp.resolve("src");
        String name = source(src, TestVulnDb.standard());
        Path bundle = export(src);
        String prefix = BundleManifest.VULNDB_PREFIX + name + "/";
        String snapshot = "vulnerability database snapshot " + name;

        // Bytes changed, the bundle's manifest not: its SHA-256.
        assertRefused(tamper(bundle, "sum", (files, manifest) -> files.get(prefix + "ID/GO-2024-0001.json")[20] ^= 1),
                prefix + "ID/GO-2024-0001.json: SHA-256 does not match the manifest (tampered or corrupted)");
        // Consistent with the bundle's manifest but not JSON: refused as vulndb import refuses it.
        assertRefused(tamper(bundle, "json", (files, manifest) -> files.put(prefix + "ID/GO-2024-0002.json", "{\"id\": ".getBytes(StandardCharsets.UTF_8))),
                snapshot + ": ID/GO-2024-0002.json is not valid JSON: ");
        // An ID file left out, of the bundle and its manifest.
        assertRefused(tamper(bundle, "missing", (files, manifest) -> files.remove(prefix + "ID/GO-2024-0003.json")),
                snapshot + ": index/vulns.json lists GO-2024-0003 but there is no ID/GO-2024-0003.json");
        // A valid entry changed everywhere but in the snapshot's own manifest.
        assertRefused(tamper(bundle, "entry", (files, manifest) -> files.put(prefix + "ID/GO-2024-0004.json",
                        new String(files.get(prefix + "ID/GO-2024-0004.json"), StandardCharsets.UTF_8).replace("Test vulnerability", "Nothing to see")
                                .getBytes(StandardCharsets.UTF_8))),
                snapshot + ": ID/GO-2024-0004.json: SHA-256 ");
        // Described as another snapshot than its files make.
        assertRefused(tamper(bundle, "described", (files, manifest) -> manifest.put("vulndb", new BundleManifest.VulnDb(name, "2024-03-04T10:00:00Z", 6, 5))),
                snapshot + ": described as modified \"2024-03-04T10:00:00Z\", 6 entries, 5 modules; the files hold 2024-03-04T10:00:00Z, 5 entries, 5 modules");
        // A member over its kind's limit, refused before anything is staged.
        assertRefused(tamper(bundle, "big", (files, manifest) -> files.put(prefix + "index/db.json", new byte[(64 << 10) + 1])),
                prefix + "index/db.json: its manifest size 65537 is over the limit of 65536 bytes");
        // Not a file of a snapshot.
        assertRefused(tamper(bundle, "name", (files, manifest) -> files.put(prefix + "ID/../../../x.json", new byte[1])),
                prefix + "ID/../../../x.json: unsafe or unknown file name in manifest");
    }

    private void assertRefused(Path bundle, String problem) throws IOException {
        Path target = tmp.resolve("target-" + System.nanoTime());
        TestVulnDb before = new TestVulnDb();
        before.put("GO-2023-0001", "2023-01-01T00:00:00Z", List.of(), new TestVulnDb.Affected("example.com/z", "0", "1.0.0"));
        String inForce = importDb(target, before);

        Cli.Result r = importInto(target, bundle);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).startsWith("modgate: bundle refused, nothing imported:\n").contains(problem);
        assertThat(DataDirLayout.versionFile(target, MODULE, "v1.1.0", "zip")).doesNotExist();
        assertThat(DataDirLayout.versionFile(target, MODULE, "v1.1.0", "info")).doesNotExist();
        assertThat(current(target)).isEqualTo(inForce);
        try (Stream<Path> s = Files.list(target.resolve(".modgate/vulndb"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no other snapshot, no staging left").containsExactlyInAnyOrder("current", inForce, "lock");
        }
    }

    private static List<Path> stagingLeft(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve(".modgate/vulndb"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList();
        }
    }

    /** A change to a bundle's members (by name, in order) and to its manifest's fields (by JSON name). */
    private interface Change {
        void apply(Map<String, byte[]> files, Map<String, Object> manifest);
    }

    /** The bundle rewritten with the change; the manifest's file list follows the members (names, sizes, SHA-256). */
    private Path tamper(Path bundle, String what, Change change) throws Exception {
        Map<String, byte[]> files = members(bundle);
        BundleManifest m = BundleManifest.parse(files.remove(BundleManifest.MEMBER));
        Map<String, BundleManifest.FileEntry> listed = new LinkedHashMap<>();
        for (BundleManifest.FileEntry f : m.files()) listed.put(f.name(), f);
        Map<String, byte[]> before = new LinkedHashMap<>();
        files.forEach((k, v) -> before.put(k, v.clone()));
        Map<String, Object> fields = new TreeMap<>();
        fields.put("vulndb", m.vulndb());
        change.apply(files, fields);
        List<BundleManifest.FileEntry> entries = new ArrayList<>();
        for (var f : files.entrySet()) {
            BundleManifest.FileEntry old = listed.get(f.getKey());
            boolean sameBytes = before.containsKey(f.getKey()) && java.util.Arrays.equals(before.get(f.getKey()), f.getValue());
            // A member changed in place keeps its listed SHA-256 (what a corrupted copy looks like); one put anew is listed anew.
            entries.add(old != null && (sameBytes || f.getValue().length == old.size())
                    ? old : new BundleManifest.FileEntry(f.getKey(), f.getValue().length, sha256(f.getValue())));
        }
        BundleManifest changed = new BundleManifest(m.format(), m.created(), m.modules(), entries, m.sumdb(), (BundleManifest.VulnDb) fields.get("vulndb"));
        Path out = tmp.resolve(what + ".tar");
        try (OutputStream os = Files.newOutputStream(out); TarWriter w = new TarWriter(os)) {
            w.add(BundleManifest.MEMBER, changed.toJson(), 0);
            for (var f : files.entrySet()) w.add(f.getKey(), f.getValue(), 0);
        }
        return out;
    }

    private static Map<String, byte[]> members(Path bundle) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(bundle)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e; (e = tar.next()) != null; ) out.put(e.name(), tar.content().readAllBytes());
        }
        return out;
    }

    /** Every file under dir by relative path, with its SHA-256. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
        }
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
