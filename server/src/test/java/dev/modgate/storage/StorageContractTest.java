package dev.modgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.module.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises of {@link Storage}, stated once for every implementation: a subclass says how to make a fresh, empty
 * storage and inherits the tests. An object-store implementation must pass them unchanged.
 */
abstract class StorageContractTest {
    @TempDir Path scratch;

    Storage storage;

    /** A fresh, empty storage (scratch is a private directory it may use). */
    abstract Storage newStorage(Path scratch) throws IOException;

    @BeforeEach
    void open() throws IOException {
        storage = newStorage(scratch);
    }

    static final ModuleVersion M100 = new ModuleVersion("example.com/m", "v1.0.0");

    @Test
    void putNewNeverReplacesAndSaysFalse() throws Exception {
        assertThat(storage.putNew(ArtifactKind.MOD, M100, bytes("module example.com/m\n"))).isTrue();
        assertThat(storage.putNew(ArtifactKind.MOD, M100, bytes("module other\n"))).as("second put").isFalse();
        assertThat(read(storage.get(ArtifactKind.MOD, M100).orElseThrow())).isEqualTo("module example.com/m\n");
    }

    @Test
    void getAfterPutSeesTheBytesWithSizeAndEtag() throws Exception {
        assertThat(storage.get(ArtifactKind.INFO, M100)).as("before the put").isEmpty();
        byte[] info = bytes("{\"Version\":\"v1.0.0\",\"Time\":\"2020-01-01T00:00:00Z\"}");
        storage.putNew(ArtifactKind.INFO, M100, info);
        Blob first = storage.get(ArtifactKind.INFO, M100).orElseThrow();
        Blob again = storage.get(ArtifactKind.INFO, M100).orElseThrow();
        assertThat(first.size()).isEqualTo(info.length);
        assertThat(read(first)).isEqualTo(new String(info, StandardCharsets.UTF_8));
        assertThat(first.etag()).isNotBlank().isEqualTo(again.etag());
        assertThat(first.identity()).isEqualTo(again.identity());
        assertThat(storage.get(ArtifactKind.ZIP, M100)).as("another kind of the same version").isEmpty();
    }

    @Test
    void aStagedFileLeavesNothingBehindWhetherPutOrNot() throws Exception {
        Path staged;
        try (Storage.Staged s = storage.stage()) {
            staged = s.file();
            Files.write(staged, bytes("zip bytes"));
            assertThat(storage.putNew(ArtifactKind.ZIP, M100, s)).isTrue();
        }
        assertThat(staged).doesNotExist();
        assertThat(read(storage.get(ArtifactKind.ZIP, M100).orElseThrow())).isEqualTo("zip bytes");

        try (Storage.Staged s = storage.stage()) {
            staged = s.file();
            Files.write(staged, bytes("other bytes"));
            assertThat(storage.putNew(ArtifactKind.ZIP, M100, s)).as("a staged put over a stored artifact").isFalse();
        }
        assertThat(staged).doesNotExist();
        assertThat(read(storage.get(ArtifactKind.ZIP, M100).orElseThrow())).isEqualTo("zip bytes");

        try (Storage.Staged s = storage.stage()) {
            staged = s.file();
            Files.write(staged, bytes("abandoned download"));
        }
        assertThat(staged).as("staged, never put").doesNotExist();
        assertThat(storage.stagingSpace()).isPositive();
    }

    @Test
    void versionsHoldEveryVersionOfAKindAndListedOnlyNonPseudoOnesWithAnInfo() throws Exception {
        String pseudo = "v0.0.0-20200101000000-abcdefabcdef";
        assertThat(storage.versionsStamp("example.com/m")).as("nothing stored").isEqualTo(-1);
        for (String v : List.of("v1.10.0", "v1.2.0", pseudo)) storage.putNew(ArtifactKind.INFO, new ModuleVersion("example.com/m", v), bytes("{}"));
        storage.putNew(ArtifactKind.MOD, new ModuleVersion("example.com/m", "v1.3.0"), bytes("module example.com/m\n"));

        assertThat(storage.versions("example.com/m", ArtifactKind.INFO)).containsExactly(pseudo, "v1.2.0", "v1.10.0");
        assertThat(storage.versions("example.com/m", ArtifactKind.MOD)).containsExactly("v1.3.0");
        assertThat(storage.listedVersions("example.com/m")).as("non-pseudo, with an .info, in semver order").containsExactly("v1.2.0", "v1.10.0");
        assertThat(storage.versions("example.com/other", ArtifactKind.INFO)).isEmpty();
        assertThat(storage.listedVersions("example.com/other")).isEmpty();
        assertThat(storage.versionsStamp("example.com/m")).isNotEqualTo(-1);
        storage.rebuildList("example.com/m"); // no version gained or lost by it
        assertThat(storage.listedVersions("example.com/m")).containsExactly("v1.2.0", "v1.10.0");
    }

    @Test
    void modulesEnumeratesEveryStoredModuleSorted() throws Exception {
        assertThat(storage.modules()).isEmpty();
        for (String m : List.of("golang.org/x/tools/gopls", "github.com/Azure/go-sdk", "golang.org/x/tools", "example.com/m")) {
            storage.putNew(ArtifactKind.MOD, new ModuleVersion(m, "v1.0.0"), bytes("module " + m + "\n"));
        }
        assertThat(storage.modules()).containsExactly("example.com/m", "github.com/Azure/go-sdk", "golang.org/x/tools", "golang.org/x/tools/gopls");
    }

    @Test
    void sidecarsAreRememberedWithTheirAgeReplacedAndForgotten() throws Exception {
        assertThat(storage.sidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST)).isEmpty();
        storage.putSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST, bytes("v1.0.0\n"));
        storage.putSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST, bytes("v1.0.0\nv1.1.0\n"));
        Storage.Sidecar s = storage.sidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST).orElseThrow();
        assertThat(new String(s.content(), StandardCharsets.UTF_8)).isEqualTo("v1.0.0\nv1.1.0\n");
        assertThat(s.age()).isLessThan(Duration.ofMinutes(1));
        assertThat(storage.sidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LATEST)).as("the other kind").isEmpty();
        storage.removeSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST);
        storage.removeSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST); // none left: nothing happens
        assertThat(storage.sidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST)).isEmpty();
        assertThat(storage.listedVersions("example.com/m")).as("a sidecar is no artifact").isEmpty();
    }

    @Test
    void theH1OfAStoredGoModOrZipIsTheGoCommandsAsRecordedElseComputed() throws Exception {
        assertThat(storage.h1(ArtifactKind.ZIP, M100)).as("nothing stored").isEmpty();
        byte[] mod = bytes("module example.com/m\n");
        storage.putNew(ArtifactKind.MOD, M100, mod);
        assertThat(storage.h1(ArtifactKind.MOD, M100)).contains(dev.modgate.core.dirhash.DirHash.hashGoMod(mod));

        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
            z.putNextEntry(new java.util.zip.ZipEntry("example.com/m@v1.0.0/go.mod"));
            z.write(mod);
        }
        Path reference = scratch.resolve("reference.zip");
        Files.write(reference, zip.toByteArray());
        storage.putNew(ArtifactKind.ZIP, M100, zip.toByteArray());
        assertThat(storage.h1(ArtifactKind.ZIP, M100)).as("none recorded: computed").contains(dev.modgate.core.dirhash.DirHash.hashZip(reference));
        storage.putZipHash(M100, "h1:recorded=");
        assertThat(storage.h1(ArtifactKind.ZIP, M100)).as("as recorded when stored").contains("h1:recorded=");
    }

    @Test
    void theVersionsStampChangesWithEveryStoredArtifactAndRewrittenSidecar() throws Exception {
        assertThat(storage.versionsStamp("example.com/m")).isEqualTo(-1);
        storage.putNew(ArtifactKind.INFO, M100, bytes("{}"));
        long afterInfo = storage.versionsStamp("example.com/m");
        Thread.sleep(20);
        storage.putSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST, bytes("v1.0.0\n"));
        long afterSidecar = storage.versionsStamp("example.com/m");
        assertThat(afterSidecar).isNotEqualTo(afterInfo);
        Thread.sleep(20);
        storage.putSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST, bytes("v1.0.0\nv1.1.0\n"));
        assertThat(storage.versionsStamp("example.com/m")).as("an upstream answer replaced").isNotEqualTo(afterSidecar);
    }

    @Test
    void aZipHashIsRememberedBesideItsZip() throws Exception {
        assertThat(storage.zipHash(M100)).isEmpty();
        storage.putNew(ArtifactKind.ZIP, M100, bytes("zip"));
        storage.putZipHash(M100, "h1:abc=");
        assertThat(storage.zipHash(M100)).contains("h1:abc=");
        assertThat(storage.versions("example.com/m", ArtifactKind.ZIP)).containsExactly("v1.0.0");
    }

    @Test
    void moveAsideTakesTheArtifactAndItsInfoOutOfServiceAndKeepsThem() throws Exception {
        ModuleVersion m110 = new ModuleVersion("example.com/m", "v1.1.0");
        for (ModuleVersion mv : List.of(M100, m110)) {
            storage.putNew(ArtifactKind.INFO, mv, bytes("{}"));
            storage.putNew(ArtifactKind.MOD, mv, bytes("module example.com/m\n"));
            storage.putNew(ArtifactKind.ZIP, mv, bytes("zip"));
            storage.putZipHash(mv, "h1:abc=");
        }
        var where = storage.moveAside(m110, ArtifactKind.ZIP, "the checksum database says otherwise");
        assertThat(where).hasValueSatisfying(w -> assertThat(w).isNotBlank());

        assertThat(storage.get(ArtifactKind.ZIP, m110)).isEmpty();
        assertThat(storage.get(ArtifactKind.INFO, m110)).isEmpty();
        assertThat(storage.zipHash(m110)).isEmpty();
        assertThat(storage.get(ArtifactKind.MOD, m110)).as("the go.mod was not contradicted").isPresent();
        assertThat(storage.versions("example.com/m", ArtifactKind.ZIP)).containsExactly("v1.0.0");
        assertThat(storage.listedVersions("example.com/m")).containsExactly("v1.0.0");
        assertThat(storage.get(ArtifactKind.ZIP, M100)).as("other versions stay").isPresent();

        assertThat(storage.moveAside(m110, ArtifactKind.ZIP, "again")).as("nothing left to move").isEmpty();
        assertThat(storage.putNew(ArtifactKind.ZIP, m110, bytes("fetched anew"))).as("stored again after").isTrue();
        assertKeptAside(where.get(), "the checksum database says otherwise", "v1.1.0.zip", "v1.1.0.info");
    }

    /** What moveAside kept is where it said, with the report: each implementation says how to look. */
    abstract void assertKeptAside(String where, String report, String... names) throws IOException;

    @Test
    void aFailureNeverNamesWhereTheStorageIs() {
        Failure f = storage.failure("example.com/m@v1.0.0", new IOException("read failed at " + storage.describe() + "/x"));
        assertThat(f.kind()).isIn(Failure.Kind.INTERNAL, Failure.Kind.STORAGE_FULL); // full when the test machine's disk is nearly full
        assertThat(f.getMessage()).contains("example.com/m@v1.0.0").doesNotContain(storage.describe());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String read(Blob b) throws IOException {
        try (InputStream in = Channels.newInputStream(b.open())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
