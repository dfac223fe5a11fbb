package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.storage.DirStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredLayerTest {
    @TempDir Path tmp;
    private DirStorage store;
    private FakeModules inner;
    private final ModuleVersion v1 = new ModuleVersion("example.com/m", "v1.0.0");
    private final ModuleRequest.File mod = new ModuleRequest.File(ArtifactKind.MOD, v1);
    private final ModuleRequest.File zip = new ModuleRequest.File(ArtifactKind.ZIP, v1);
    private static final Ask FETCH = new Ask(true, null);
    private static final Ask STORED_ONLY = new Ask(false, null);

    @BeforeEach
    void setUp() throws Exception {
        store = new DirStorage(tmp.resolve("data"));
        inner = new FakeModules().answer(mod, "module example.com/m\n");
    }

    @Test
    void aStoredArtifactIsAnsweredAtOnceWithoutAskingFurther() throws Exception {
        StoredLayer layer = new StoredLayer(store, inner, false, 1 << 20, null);
        assertThat(layer.now(mod, FETCH)).as("not stored: the answer needs waiting").isEmpty();
        store.putNew(ArtifactKind.MOD, v1, "module example.com/m\n".getBytes(StandardCharsets.UTF_8));
        store.putNew(ArtifactKind.ZIP, v1, new byte[] {'P', 'K'});

        Artifact first = layer.now(mod, FETCH).orElseThrow();
        assertThat(first.cache()).isEqualTo(Artifact.CacheStatus.HIT);
        assertThat(first.immutable()).isTrue();
        assertThat(first.bytes()).as(".mod held in memory").isNotNull();
        assertThat(first.etag()).isEqualTo(store.get(ArtifactKind.MOD, v1).orElseThrow().etag());
        assertThat(layer.get(mod, FETCH).etag()).isEqualTo(first.etag());

        Artifact z = layer.now(zip, FETCH).orElseThrow();
        assertThat(z.blob()).as("a zip is streamed from storage").isNotNull();
        assertThat(z.contentType()).isEqualTo("application/zip");
        assertThat(inner.calls).isEmpty();
    }

    @Test
    void whatIsNotStoredIsAskedFurtherUnlessFetchingIsOff() throws Exception {
        StoredLayer layer = new StoredLayer(store, inner, false, 1 << 20, null);
        assertThat(FakeModules.text(layer.get(mod, FETCH))).isEqualTo("module example.com/m\n");
        assertThat(inner.calls(mod)).isEqualTo(1);

        Failure f = catchThrowableOfType(Failure.class, () -> layer.get(zip, STORED_ONLY));
        assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_FOUND);
        assertThat(f.cacheable()).as("depends on the request's header").isFalse();
        assertThat(f.getMessage()).contains("Disable-Module-Fetch: true").contains("example.com/m@v1.0.0 .zip");
        StoredLayer offline = new StoredLayer(store, inner, true, 1 << 20, null);
        assertThat(catchThrowableOfType(Failure.class, () -> offline.get(zip, STORED_ONLY)).getMessage()).contains("offline (--offline)");
        assertThat(inner.calls(zip)).isZero();
    }

    @Test
    void withoutFetchingListsAndQueriesComeFromStoredVersions() throws Exception {
        StoredLayer layer = new StoredLayer(store, inner, true, 1 << 20, null);
        for (String v : new String[] {"v1.0.0", "v1.1.0", "v1.2.0-pre", "v0.0.0-20240101000000-abcdefabcdef"}) {
            store.putNew(ArtifactKind.INFO, new ModuleVersion("example.com/m", v),
                    ("{\"Version\":\"" + v + "\",\"Time\":\"2024-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(FakeModules.text(layer.get(new ModuleRequest.List("example.com/m"), STORED_ONLY)))
                .as("no pseudo-versions in a list").isEqualTo("v1.0.0\nv1.1.0\nv1.2.0-pre\n");
        assertThat(FakeModules.text(layer.get(new ModuleRequest.Latest("example.com/m"), STORED_ONLY))).contains("\"v1.1.0\"");
        assertThat(FakeModules.text(layer.get(new ModuleRequest.Query("example.com/m", "v1"), STORED_ONLY))).contains("\"v1.1.0\"");
        Failure branch = catchThrowableOfType(Failure.class, () -> layer.get(new ModuleRequest.Query("example.com/m", "main"), STORED_ONLY));
        assertThat(branch.kind()).as("a branch needs the upstream").isEqualTo(Failure.Kind.NOT_FOUND);
        Failure none = catchThrowableOfType(Failure.class, () -> layer.get(new ModuleRequest.List("example.com/other"), STORED_ONLY));
        assertThat(none.getMessage()).contains("any version of example.com/other");
        assertThat(inner.calls).isEmpty();
    }

    @Test
    void aVersionRemovedFromStorageIsNoLongerAnsweredFromMemory() throws Exception {
        StoredLayer layer = new StoredLayer(store, inner, false, 1 << 20, null);
        store.putNew(ArtifactKind.MOD, v1, "module example.com/m // stored\n".getBytes(StandardCharsets.UTF_8));
        assertThat(FakeModules.text(layer.now(mod, FETCH).orElseThrow())).contains("stored");
        java.nio.file.Files.delete(tmp.resolve("data/example.com/m/@v/v1.0.0.mod"));
        assertThat(layer.now(mod, FETCH)).as("immutable once stored: still held").isPresent();
        layer.removed(v1);
        assertThat(layer.now(mod, FETCH)).isEmpty();
        assertThat(FakeModules.text(layer.get(mod, FETCH))).isEqualTo("module example.com/m\n");
    }
}
