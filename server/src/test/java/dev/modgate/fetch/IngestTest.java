package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PathPatterns;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Checksums;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.net.SourceException;
import dev.modgate.source.ModuleSource;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.Storage.Sidecar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
    @TempDir Path tmp;
    private DirStorage store;
    private final ModuleVersion v1 = new ModuleVersion("example.com/m", "v1.0.0");
    private final FakeSource source = new FakeSource();
    private final List<String> verified = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile Failure refuse;
    /** What another request (or process) stores while this one fetches: it wins the put. */
    private volatile byte[] storedMeanwhile;

    /** One module served the way an upstream proxy serves it; a test may make any answer wrong. */
    private final class FakeSource implements ModuleSource {
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();
        Path zip;

        @Override public String name() { return "fake"; }

        private byte[] body(String what) throws SourceException {
            asked.add(what);
            byte[] b = bodies.get(what);
            if (b == null) throw SourceException.notFound("404 Not Found");
            return b;
        }

        @Override public byte[] list(String path) throws IOException { return body("list"); }

        @Override public byte[] latest(String path) throws IOException { return body("latest"); }

        @Override public byte[] info(String path, String query) throws IOException { return body(query + ".info"); }

        @Override public byte[] mod(String path, String version) throws IOException {
            byte[] b = body(version + ".mod");
            if (storedMeanwhile != null) store.putNew(ArtifactKind.MOD, new ModuleVersion(path, version), storedMeanwhile);
            return b;
        }

        @Override public void zip(String path, String version, Path dest, long maxBytes) throws IOException {
            asked.add(version + ".zip");
            if (zip == null || !version.equals("v1.0.0")) throw SourceException.notFound("404 Not Found");
            Files.copy(zip, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (storedMeanwhile != null) {
                try (var staged = store.stage()) {
                    Files.copy(zip, staged.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    store.putNew(ArtifactKind.ZIP, new ModuleVersion(path, version), staged);
                }
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        store = new DirStorage(tmp.resolve("data"));
        source.bodies.put("v1.0.0.info", "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        source.bodies.put("master.info", "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        source.bodies.put("v1.0.0.mod", "module example.com/m\n".getBytes(StandardCharsets.UTF_8));
        source.bodies.put("list", "v1.0.0\nv0.0.0-20240101000000-abcdefabcdef\nnot-a-version\nv1.1.0 2024-02-01T00:00:00Z\n".getBytes(StandardCharsets.UTF_8));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("go.mod"), "module example.com/m\n");
        Files.writeString(src.resolve("m.go"), "package m\n");
        source.zip = tmp.resolve("v1.0.0.zip");
        ModuleZip.createFromDir(v1, src, source.zip);
    }

    private Ingest ingest() {
        UpstreamChain chain = new UpstreamChain(UpstreamList.parse("direct"), null, source, PathPatterns.of(""), store);
        Checksums checks = (path, version, goMod, h1) -> {
            verified.add(path + "@" + version + (goMod ? "/go.mod " : " ") + h1);
            if (refuse != null) throw refuse;
        };
        ArtifactEvents listener = new ArtifactEvents() {
            @Override public void stored(ModuleVersion version, ArtifactKind kind) {
                events.add(version + " " + kind);
            }
        };
        return new Ingest(store, chain, checks, listener, Duration.ofMinutes(1));
    }

    @Test
    void aGoModIsCheckedVerifiedStoredAndServedWithTheEtagOfLaterHits() throws Exception {
        Ingest ingest = ingest();
        Artifact a = ingest.get(new ModuleRequest.File(ArtifactKind.MOD, v1), Ask.INTERNAL);
        assertThat(a.cache()).isEqualTo(Artifact.CacheStatus.MISS);
        assertThat(FakeModules.text(a)).isEqualTo("module example.com/m\n");
        assertThat(a.etag()).isEqualTo(store.get(ArtifactKind.MOD, v1).orElseThrow().etag());
        assertThat(verified).containsExactly("example.com/m@v1.0.0/go.mod " + DirHash.hashGoMod("module example.com/m\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(events).containsExactly("example.com/m@v1.0.0 .mod");
        // Stored: the next request is not sent upstream (another request may have stored it meanwhile).
        assertThat(ingest.get(new ModuleRequest.File(ArtifactKind.MOD, v1), Ask.INTERNAL).cache()).isEqualTo(Artifact.CacheStatus.HIT);
        assertThat(source.asked).containsExactly("v1.0.0.mod");
        assertThat(ingest.upstreamFetches()).isEqualTo(1);
    }

    @Test
    void aZipIsStoredWithItsHashAndNoTemporaryFileIsLeft() throws Exception {
        Artifact a = ingest().get(new ModuleRequest.File(ArtifactKind.ZIP, v1), Ask.INTERNAL);
        assertThat(a.blob()).isNotNull();
        assertThat(a.size()).isEqualTo(Files.size(source.zip));
        String h1 = DirHash.hashZip(source.zip);
        assertThat(verified).containsExactly("example.com/m@v1.0.0 " + h1);
        assertThat(Files.readString(tmp.resolve("data/example.com/m/@v/v1.0.0.ziphash"))).isEqualTo(h1);
        assertThat(events).containsExactly("example.com/m@v1.0.0 .zip");
        try (var temps = Files.walk(tmp.resolve("data/.modgate/tmp"))) {
            assertThat(temps.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void whatFailsACheckOrTheChecksumDatabaseIsNeverStored() throws Exception {
        source.bodies.put("v1.0.0.mod", "module example.com/other\n".getBytes(StandardCharsets.UTF_8));
        source.bodies.put("v1.0.0.info", "{\"Version\":\"v1.0.1\"}".getBytes(StandardCharsets.UTF_8));
        Ingest ingest = ingest();
        Failure info = catchThrowableOfType(Failure.class, () -> ingest.get(new ModuleRequest.File(ArtifactKind.INFO, v1), Ask.INTERNAL));
        assertThat(info.kind()).as("an .info for another version").isEqualTo(Failure.Kind.UPSTREAM_FAILED);
        refuse = new Failure(Failure.Kind.REFUSED, "SECURITY ERROR: checksum mismatch");
        Failure zip = catchThrowableOfType(Failure.class, () -> ingest.get(new ModuleRequest.File(ArtifactKind.ZIP, v1), Ask.INTERNAL));
        assertThat(zip).isSameAs(refuse);
        assertThat(store.get(ArtifactKind.INFO, v1)).isEmpty();
        assertThat(store.get(ArtifactKind.ZIP, v1)).isEmpty();
        assertThat(events).isEmpty();
        Failure missing = catchThrowableOfType(Failure.class, () -> ingest.get(new ModuleRequest.File(ArtifactKind.ZIP, "example.com/m", "v9.0.0"), Ask.INTERNAL));
        assertThat(missing.kind()).isEqualTo(Failure.Kind.NOT_FOUND);
        assertThat(missing.lines()).containsExactly("fake: 404 Not Found");
    }

    @Test
    void aQueryStoresTheInfoOfTheVersionItNamesSoThatItIsListed() throws Exception {
        Artifact a = ingest().get(new ModuleRequest.Query("example.com/m", "master"), Ask.INTERNAL);
        assertThat(a.immutable()).isFalse();
        assertThat(store.get(ArtifactKind.INFO, v1)).isPresent();
        assertThat(store.listedVersions("example.com/m")).containsExactly("v1.0.0");
        assertThat(Files.readString(tmp.resolve("data/example.com/m/@v/list"))).isEqualTo("v1.0.0\n");
        assertThat(events).containsExactly("example.com/m@v1.0.0 .info");
    }

    @Test
    void aListKeepsWhatTheGoCommandWouldUseAndIsRememberedForTheTtl() throws Exception {
        Ingest ingest = ingest();
        Artifact a = ingest.get(new ModuleRequest.List("example.com/m"), Ask.INTERNAL);
        assertThat(FakeModules.text(a)).isEqualTo("v1.0.0\nv1.1.0 2024-02-01T00:00:00Z\n");
        assertThat(store.sidecar("example.com/m", Sidecar.Kind.UPSTREAM_LIST).orElseThrow().content()).isEqualTo(a.bytes());
        assertThat(ingest.get(new ModuleRequest.List("example.com/m"), Ask.INTERNAL).cache())
                .as("fetched meanwhile by another request: not asked again").isEqualTo(Artifact.CacheStatus.HIT);
        assertThat(source.asked).containsExactly("list");
    }

    @Test
    void whenAnotherStoredFirstItsFileIsServedAndTheListenersStillHearOfTheZip() throws Exception {
        storedMeanwhile = "module example.com/m // stored by another process\n".getBytes(StandardCharsets.UTF_8);
        Ingest ingest = ingest();
        Artifact mod = ingest.get(new ModuleRequest.File(ArtifactKind.MOD, v1), Ask.INTERNAL);
        assertThat(FakeModules.text(mod)).as("the stored file, not the bytes this request fetched").contains("stored by another process");
        assertThat(mod.etag()).isIn(null, store.get(ArtifactKind.MOD, v1).orElseThrow().etag());
        Artifact zip = ingest.get(new ModuleRequest.File(ArtifactKind.ZIP, v1), Ask.INTERNAL);
        assertThat(zip.size()).isEqualTo(Files.size(source.zip));
        assertThat(events).as("the .mod was not stored by this request; the zip it fetched and verified is announced")
                .containsExactly("example.com/m@v1.0.0 .zip");
    }
}
