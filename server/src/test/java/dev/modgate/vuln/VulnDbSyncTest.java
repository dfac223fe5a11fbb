package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.net.Outbound;
import dev.modgate.testing.StaticHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots made from a test database served as file://, over loopback HTTP and as vulndb.zip: the same database
 * gives the same snapshot every way, a sync fetches only what changed, whatever fails a check switches nothing, and
 * the previous three snapshots are kept.
 */
class VulnDbSyncTest {
    @TempDir Path tmp;
    private Outbound outbound;

    @BeforeEach void outbound() {
        outbound = new Outbound(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(1), 8, Map.of());
    }

    @AfterEach void close() {
        outbound.close();
    }

    private VulnDbSnapshots snapshots(String data) {
        return new VulnDbSnapshots(tmp.resolve(data).resolve(".modgate/vulndb"), Duration.ofSeconds(30));
    }

    private VulnDbSync sync(VulnDbSnapshots s) {
        return new VulnDbSync(s, outbound);
    }

    @Test
    void syncOverFileAndHttpAndImportOfTheSameDatabaseMakeTheSameSnapshot() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        Path src = db.writeTo(tmp.resolve("src"));
        VulnDbSync.Result viaFile, viaHttp, viaZip;
        try (StaticHttpServer http = new StaticHttpServer(src)) {
            viaFile = sync(snapshots("a")).sync(src.toUri(), false);
            viaHttp = sync(snapshots("b")).sync(URI.create(http.url() + "/"), false);
        }
        viaZip = new VulnDbSync(snapshots("c"), null).importZip(db.zip(tmp.resolve("vulndb.zip")), false);

        for (VulnDbSync.Result r : List.of(viaFile, viaHttp, viaZip)) {
            assertThat(r.switched()).isTrue();
            assertThat(r.snapshot().name()).isEqualTo(viaFile.snapshot().name()).startsWith("20240304T100000Z-");
            assertThat(tree(r.snapshot().dir())).as("every file and the manifest, byte for byte").isEqualTo(tree(viaFile.snapshot().dir()));
        }
        assertThat(viaFile.fetched()).isEqualTo(5);
        Snapshot s = viaHttp.snapshot();
        assertThat(s.entryCount()).isEqualTo(5);
        assertThat(s.moduleCount()).isEqualTo(5);
        assertThat(s.modified()).isEqualTo(db.modified());
        for (Map.Entry<String, byte[]> f : db.files().entrySet()) {
            assertThat(s.read(f.getKey())).as(f.getKey() + " as published").isEqualTo(f.getValue());
            assertThat(gunzip(s.read(f.getKey() + ".gz"))).as(f.getKey() + ".gz").isEqualTo(f.getValue());
        }
        // The manifest records the checksum of every file, .gz included.
        assertThat(s.checksums()).hasSize(2 * db.files().size());
        for (Map.Entry<String, String> c : s.checksums().entrySet()) {
            assertThat(SnapshotManifest.sha256(s.dir().resolve(c.getKey()))).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(Files.readString(s.dir().resolve("manifest.json"))).contains("\"modified\" : \"2024-03-04T10:00:00Z\"", "\"entries\" : 5");

        // A module's entries, for matching: the ID files modules.json lists for it.
        assertThat(s.entries("example.com/a")).containsExactly(db.files().get("ID/GO-2024-0001.json"), db.files().get("ID/GO-2024-0002.json"));
        assertThat(s.entries("example.com/b/v2")).hasSize(2);
        assertThat(s.ids("stdlib")).containsExactly("GO-2024-0003");
        assertThat(s.ids("toolchain")).containsExactly("GO-2024-0003");
        assertThat(s.entries("example.com/unknown")).isEmpty();
        assertThat(snapshots("c").entries("example.com/c")).containsExactly(db.files().get("ID/GO-2023-1234.json"));
        assertThat(snapshots("never").entries("example.com/a")).as("no snapshot: no entries").isEmpty();
        assertThat(snapshots("never").inForce()).isNull();
        assertThat(snapshots("c").inForce().name()).isEqualTo(s.name());
    }

    @Test
    void aSyncFetchesOnlyTheEntriesWhoseModifiedTimeChanged() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        Path src = db.writeTo(tmp.resolve("src"));
        VulnDbSnapshots snaps = snapshots("d");
        try (StaticHttpServer http = new StaticHttpServer(src)) {
            URI base = URI.create(http.url());
            VulnDbSync.Result first = sync(snaps).sync(base, false);
            assertThat(first.fetched()).isEqualTo(5);
            assertThat(http.totalHits()).as("db.json, two indexes, five entries").isEqualTo(8);

            VulnDbSync.Result again = sync(snaps).sync(base, false);
            assertThat(again.switched()).isFalse();
            assertThat(again.snapshot().name()).isEqualTo(first.snapshot().name());
            assertThat(http.totalHits()).as("an unchanged db.json: nothing more is read").isEqualTo(9);
            assertThat(http.hits("/index/db.json")).isEqualTo(2);

            db.touch("GO-2024-0002", "2024-04-01T00:00:00Z");
            db.put("GO-2024-0005", "2024-04-02T00:00:00Z", List.of("CVE-2024-0005"), new TestVulnDb.Affected("example.com/d", "0", "1.0.1"));
            db.writeTo(src);
            VulnDbSync.Result third = sync(snaps).sync(base, false);
            assertThat(third.switched()).isTrue();
            assertThat(third.fetched()).isEqualTo(2);
            assertThat(third.reused()).isEqualTo(4);
            assertThat(http.hits("/ID/GO-2024-0002.json")).isEqualTo(2);
            assertThat(http.hits("/ID/GO-2024-0005.json")).isEqualTo(1);
            for (String id : List.of("GO-2024-0001", "GO-2024-0003", "GO-2024-0004", "GO-2023-1234")) {
                assertThat(http.hits("/ID/" + id + ".json")).as(id + " unchanged, not fetched again").isEqualTo(1);
                Path before = first.snapshot().dir().resolve("ID/" + id + ".json"), after = third.snapshot().dir().resolve("ID/" + id + ".json");
                assertThat(Files.isSameFile(before, after)).as(id + ": linked from the previous snapshot").isTrue();
            }
            assertThat(http.hits("/index/vulns.json")).isEqualTo(2);
            for (Map.Entry<String, byte[]> f : db.files().entrySet()) assertThat(third.snapshot().read(f.getKey())).as(f.getKey()).isEqualTo(f.getValue());

            // Incremental or whole, the same database is the same snapshot.
            VulnDbSync.Result imported = new VulnDbSync(snapshots("e"), null).importZip(db.zip(tmp.resolve("new.zip")), false);
            assertThat(imported.snapshot().name()).isEqualTo(third.snapshot().name());
            assertThat(tree(imported.snapshot().dir())).isEqualTo(tree(third.snapshot().dir()));
        }
    }

    @Test
    void theThreePreviousSnapshotsAreKeptAndOlderOnesDeleted() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        Path src = tmp.resolve("src");
        VulnDbSnapshots snaps = snapshots("f");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            db.touch("GO-2024-0001", "2024-05-0" + i + "T00:00:00Z");
            db.writeTo(src);
            names.add(sync(snaps).sync(src.toUri(), false).snapshot().name());
            assertThat(snaps.all()).hasSize(Math.min(i, 1 + VulnDbSnapshots.KEEP_PREVIOUS));
        }
        assertThat(snaps.current().orElseThrow().name()).isEqualTo(names.get(5));
        assertThat(snaps.all()).extracting(Snapshot::name).containsExactly(names.get(5), names.get(4), names.get(3), names.get(2));
        assertThat(snaps.root().resolve(names.get(0))).doesNotExist();
        assertThat(snaps.root().resolve(names.get(1))).doesNotExist();
        assertThat(Files.readString(snaps.root().resolve("current"))).isEqualTo(names.get(5) + "\n");
        assertThat(leftovers(snaps)).isEmpty();
    }

    @Test
    void aServerWhoseSnapshotAnotherProcessDeletedServesTheOneInForce() throws Exception {
        VulnDbSnapshots server = snapshots("m"), beside = snapshots("m");
        VulnDbMirror mirror = new VulnDbMirror(server);
        TestVulnDb db = TestVulnDb.standard();
        Path src = tmp.resolve("src");
        sync(beside).sync(db.writeTo(src).toUri(), false);
        assertThat(mirror.get("index/db.json").readAll()).isEqualTo(db.files().get("index/db.json"));
        String last = null;
        for (int i = 1; i <= 1 + VulnDbSnapshots.KEEP_PREVIOUS; i++) {
            db.touch("GO-2024-0001", "2024-05-0" + i + "T00:00:00Z");
            last = sync(beside).sync(db.writeTo(src).toUri(), false).snapshot().name();
        }
        // Within the second in which the server does not look again, the snapshot it knows is gone.
        dev.modgate.module.Artifact a = mirror.get("index/db.json");
        assertThat(a.readAll()).isEqualTo(db.files().get("index/db.json"));
        assertThat(a.etag()).isEqualTo("\"" + last + "/index/db.json\"");
        assertThatThrownBy(() -> mirror.get("manifest.json")).isInstanceOf(dev.modgate.module.Failure.class)
                .hasMessageContaining("is not a file of the vulnerability database");
    }

    @Test
    void anOlderDatabaseIsRefusedUnlessForced() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        Path older = db.writeTo(tmp.resolve("older"));
        String olderName = sync(snapshots("g")).sync(older.toUri(), false).snapshot().name();
        db.touch("GO-2024-0001", "2024-06-01T00:00:00Z");
        Path newer = db.writeTo(tmp.resolve("newer"));
        VulnDbSnapshots snaps = snapshots("g");
        String newerName = sync(snaps).sync(newer.toUri(), false).snapshot().name();

        assertThatThrownBy(() -> sync(snaps).sync(older.toUri(), false)).isInstanceOf(VulnDbException.class)
                .hasMessage("the database (modified 2024-03-04T10:00:00Z) is older than the snapshot in force, " + newerName
                        + " (modified 2024-06-01T00:00:00Z): nothing switched; give --force to go back to it");
        assertThat(snaps.current().orElseThrow().name()).isEqualTo(newerName);
        assertThat(sync(snaps).sync(older.toUri(), true).snapshot().name()).isEqualTo(olderName);
        assertThat(snapshots("g").current().orElseThrow().name()).isEqualTo(olderName);
    }

    /** A newer database than the one in force, with one change that must refuse it. */
    private void refusedSync(String data, String reason, Consumer<Map<String, byte[]>> tamper) throws Exception {
        VulnDbSnapshots snaps = snapshots(data);
        TestVulnDb db = TestVulnDb.standard();
        if (snaps.current().isEmpty()) sync(snaps).sync(db.writeTo(tmp.resolve("base")).toUri(), false);
        String before = snaps.current().orElseThrow().name();
        db.touch("GO-2024-0001", "2024-07-01T00:00:00Z");
        Map<String, byte[]> files = new TreeMap<>(db.files());
        tamper.accept(files);
        Path src = tmp.resolve("hostile");
        if (Files.exists(src)) VulnDbSnapshots.deleteTree(src);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.createDirectories(src.resolve(f.getKey()).getParent());
            Files.write(src.resolve(f.getKey()), f.getValue());
        }
        assertThatThrownBy(() -> sync(snaps).sync(src.toUri(), false)).as(reason).isInstanceOf(VulnDbException.class)
                .hasMessageContaining(reason).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(snapshots(data).current().orElseThrow().name()).as("nothing switched").isEqualTo(before);
        assertThat(snaps.all()).hasSize(1);
        assertThat(leftovers(snaps)).isEmpty();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileDatabasesAreRefusedWithAReasonAndNothingIsSwitched() throws Exception {
        refusedSync("h", "ID/GO-2024-0001.json is not valid JSON", f -> f.put("ID/GO-2024-0001.json", utf8("{\"id\":\"GO-2024-0001\",")));
        refusedSync("h", "ID/GO-2024-0001.json: its id is \"GO-2024-0009\", not GO-2024-0001",
                f -> f.put("ID/GO-2024-0001.json", utf8(new String(f.get("ID/GO-2024-0001.json"), StandardCharsets.UTF_8).replace("\"id\":\"GO-2024-0001\"", "\"id\":\"GO-2024-0009\""))));
        refusedSync("h", "/ID/GO-2024-0001.json does not exist", f -> f.remove("ID/GO-2024-0001.json"));
        refusedSync("h", "index/modules.json: \"../x\" is not a valid module path", f -> f.put("index/modules.json",
                utf8(new String(f.get("index/modules.json"), StandardCharsets.UTF_8).replace("\"example.com/c\"", "\"../x\""))));
        refusedSync("h", "index/modules.json is not valid JSON", f -> f.put("index/modules.json", utf8("[{\"path\":")));
        refusedSync("h", "index/vulns.json: \"../../etc/passwd\" is not a Go vulnerability id", f -> f.put("index/vulns.json",
                utf8(new String(f.get("index/vulns.json"), StandardCharsets.UTF_8).replace("GO-2023-1234", "../../etc/passwd"))));
        refusedSync("h", "is later than the database's", f -> f.put("index/db.json", utf8("{\"modified\":\"2024-06-30T00:00:00Z\"}")));
        refusedSync("h", "ID/GO-2024-0001.json: modified 2024-03-01T10:00:00Z, but index/vulns.json says 2024-07-01T00:00:00Z",
                f -> f.put("ID/GO-2024-0001.json", TestVulnDb.standard().files().get("ID/GO-2024-0001.json")));
        refusedSync("h", "index/db.json: want {\"modified\": TIME}", f -> f.put("index/db.json", utf8("[]")));
        refusedSync("h", "ID/GO-2023-1234.json: affects modules [example.com/c] but index/modules.json lists it under [example.com/cc]",
                f -> f.put("index/modules.json", utf8(new String(f.get("index/modules.json"), StandardCharsets.UTF_8).replace("\"example.com/c\"", "\"example.com/cc\""))));
    }

    /** Imports a zip into a data directory holding the standard snapshot; it must be refused with the reason. */
    private void refusedImport(String reason, Path zip) throws Exception {
        VulnDbSnapshots snaps = snapshots("z");
        if (snaps.current().isEmpty()) new VulnDbSync(snaps, null).importZip(TestVulnDb.standard().zip(tmp.resolve("good.zip")), false);
        String before = snaps.current().orElseThrow().name();
        assertThatThrownBy(() -> new VulnDbSync(snaps, null).importZip(zip, false)).as(reason).isInstanceOf(VulnDbException.class)
                .hasMessageContaining(reason);
        assertThat(snapshots("z").current().orElseThrow().name()).isEqualTo(before);
        assertThat(snaps.all()).hasSize(1);
        assertThat(leftovers(snaps)).isEmpty();
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("evil.json"))).as("nothing written outside the snapshot").isEmpty();
        }
    }

    /** The newer test database as zip members, plus extra ones. */
    private TestVulnDb.RawZip newerZip() {
        TestVulnDb db = TestVulnDb.standard();
        db.touch("GO-2024-0001", "2024-07-01T00:00:00Z");
        TestVulnDb.RawZip z = new TestVulnDb.RawZip();
        db.files().forEach(z::add);
        return z;
    }

    @Test
    void hostileZipsAreRefusedWithAReasonAndNothingIsSwitched() throws Exception {
        byte[] entry = utf8("{}");
        refusedImport("zip member \"../evil.json\" leaves the database's directory", newerZip().add("../evil.json", entry).write(tmp.resolve("1.zip")));
        refusedImport("zip member \"ID/../../evil.json\" leaves the database's directory", newerZip().add("ID/../../evil.json", entry).write(tmp.resolve("2.zip")));
        refusedImport("zip member \"/tmp/evil.json\" is an absolute path", newerZip().add("/tmp/evil.json", entry).write(tmp.resolve("3.zip")));
        refusedImport("zip member \"C:/evil.json\" is an absolute path", newerZip().add("C:/evil.json", entry).write(tmp.resolve("4.zip")));
        refusedImport("zip member \"ID/GO-2024-0001.json\" appears twice", newerZip().add("ID/GO-2024-0001.json", entry).write(tmp.resolve("5.zip")));
        refusedImport("zip member \"ID/GO-2024-0009.json\" is a symbolic link", newerZip().symlink("ID/GO-2024-0009.json", "/etc/passwd").write(tmp.resolve("6.zip")));
        refusedImport("zip member \"README\" is not a file of the vulnerability database", newerZip().add("README", entry).write(tmp.resolve("7.zip")));
        refusedImport("ID/GO-2024-0009.json is not listed in index/vulns.json", newerZip().add("ID/GO-2024-0009.json", entry).write(tmp.resolve("8.zip")));
        refusedImport("has 100001 members, more than the limit of 100000", TestVulnDb.RawZip.claimingMembers(tmp.resolve("9.zip"), 100_001));
        refusedImport("is not a zip file", Files.writeString(tmp.resolve("10.zip"), "not a zip"));

        // A member larger than the limit (deflated, the file itself is small): refused by its size, before it is read.
        Path huge = tmp.resolve("11.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(huge))) {
            TestVulnDb db = TestVulnDb.standard();
            db.touch("GO-2024-0001", "2024-07-01T00:00:00Z");
            for (Map.Entry<String, byte[]> f : db.files().entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                if (f.getKey().equals("ID/GO-2024-0001.json")) {
                    byte[] pad = new byte[1 << 20];
                    java.util.Arrays.fill(pad, (byte) ' ');
                    for (int i = 0; i < 17; i++) z.write(pad);
                }
                z.write(f.getValue());
            }
        }
        assertThat(Files.size(huge)).isLessThan(1 << 20);
        refusedImport("zip member \"ID/GO-2024-0001.json\" is 178262", huge);

        // Without the ID file vulns.json lists.
        TestVulnDb db = TestVulnDb.standard();
        db.touch("GO-2024-0001", "2024-07-01T00:00:00Z");
        TestVulnDb.RawZip missing = new TestVulnDb.RawZip();
        db.files().forEach((k, v) -> {
            if (!k.equals("ID/GO-2024-0004.json")) missing.add(k, v);
        });
        refusedImport("index/vulns.json lists GO-2024-0004 but there is no ID/GO-2024-0004.json", missing.write(tmp.resolve("12.zip")));
    }

    /** Staging directories and temporary files left in the snapshots' directory. */
    private static List<String> leftovers(VulnDbSnapshots s) throws IOException {
        try (Stream<Path> l = Files.list(s.root())) {
            return l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    /** Every file below dir by relative path, with its content. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), SnapshotManifest.sha256(p));
        }
        return out;
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
