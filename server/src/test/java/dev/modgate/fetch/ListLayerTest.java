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
import dev.modgate.storage.Storage.Sidecar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListLayerTest {
    @TempDir Path tmp;
    private DirStorage store;
    private final ModuleRequest.List list = new ModuleRequest.List("example.com/m");
    private final ModuleRequest.Latest latest = new ModuleRequest.Latest("example.com/m");

    @BeforeEach
    void setUp() throws Exception {
        store = new DirStorage(tmp.resolve("data"));
    }

    private void storeInfo(String version) throws Exception {
        store.putNew(ArtifactKind.INFO, new ModuleVersion("example.com/m", version), ("{\"Version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theUpstreamsListIsMergedWithTheStoredVersions() throws Exception {
        storeInfo("v0.9.0");
        FakeModules inner = new FakeModules().answer(list, "v1.0.0 2024-01-01T00:00:00Z\nv1.1.0\n");
        ListLayer layer = new ListLayer(store, inner, Duration.ofMinutes(1), Duration.ofMinutes(1));
        Artifact a = layer.get(list, Ask.INTERNAL);
        assertThat(FakeModules.text(a)).as("a version once resolved stays listed").isEqualTo("v0.9.0\nv1.0.0 2024-01-01T00:00:00Z\nv1.1.0\n");
        assertThat(a.cache()).isEqualTo(Artifact.CacheStatus.MISS);
        assertThat(a.immutable()).isFalse();
    }

    @Test
    void aFreshUpstreamAnswerIsReusedForTheTtl() throws Exception {
        FakeModules inner = new FakeModules().answer(list, "v2.0.0\n");
        store.putSidecar("example.com/m", Sidecar.Kind.UPSTREAM_LIST, "v1.0.0\n".getBytes(StandardCharsets.UTF_8));
        ListLayer layer = new ListLayer(store, inner, Duration.ofMinutes(1), Duration.ofMinutes(1));
        Artifact a = layer.get(list, Ask.INTERNAL);
        assertThat(FakeModules.text(a)).isEqualTo("v1.0.0\n");
        assertThat(a.cache()).isEqualTo(Artifact.CacheStatus.HIT);
        assertThat(inner.calls).isEmpty();
        ListLayer expired = new ListLayer(store, inner, Duration.ZERO, Duration.ofMinutes(1));
        assertThat(FakeModules.text(expired.get(list, Ask.INTERNAL))).isEqualTo("v2.0.0\n");
    }

    @Test
    void whenTheUpstreamsFailTheLastAnswerIsServedStaleAndNotAskedAgainDuringTheBackoff() throws Exception {
        FakeModules inner = new FakeModules().fail(list, new Failure(Failure.Kind.UPSTREAM_TIMEOUT, "upstream timed out"))
                .fail(latest, new Failure(Failure.Kind.UPSTREAM_FAILED, "upstream failed"));
        store.putSidecar("example.com/m", Sidecar.Kind.UPSTREAM_LIST, "v1.0.0\n".getBytes(StandardCharsets.UTF_8));
        store.putSidecar("example.com/m", Sidecar.Kind.UPSTREAM_LATEST, "{\"Version\":\"v1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        ListLayer layer = new ListLayer(store, inner, Duration.ZERO, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            Artifact a = layer.get(list, Ask.INTERNAL);
            assertThat(a.cache()).isEqualTo(Artifact.CacheStatus.STALE);
            assertThat(FakeModules.text(a)).isEqualTo("v1.0.0\n");
            assertThat(layer.get(latest, Ask.INTERNAL).cache()).isEqualTo(Artifact.CacheStatus.STALE);
        }
        assertThat(inner.calls(list)).as("asked once; stale at once during the back-off").isEqualTo(1);
        assertThat(inner.calls(latest)).isEqualTo(1);
    }

    @Test
    void withNothingToServeTheFailureIsTheAnswer() throws Exception {
        Failure down = new Failure(Failure.Kind.UPSTREAM_FAILED, "upstream failed");
        FakeModules inner = new FakeModules().fail(list, down).fail(latest, down);
        ListLayer layer = new ListLayer(store, inner, Duration.ZERO, Duration.ofMinutes(1));
        assertThat(catchThrowableOfType(Failure.class, () -> layer.get(list, Ask.INTERNAL))).isSameAs(down);
        assertThat(catchThrowableOfType(Failure.class, () -> layer.get(latest, Ask.INTERNAL))).isSameAs(down);
    }

    @Test
    void aModuleTheUpstreamsDoNotKnowIsListedFromStorage() throws Exception {
        Failure missing = Failure.notFound("not found: example.com/m version list");
        FakeModules inner = new FakeModules().fail(list, missing).fail(latest, missing);
        ListLayer layer = new ListLayer(store, inner, Duration.ZERO, Duration.ofMinutes(1));
        assertThat(catchThrowableOfType(Failure.class, () -> layer.get(list, Ask.INTERNAL))).isSameAs(missing);
        storeInfo("v1.0.0");
        assertThat(FakeModules.text(layer.get(list, Ask.INTERNAL))).isEqualTo("v1.0.0\n");
        assertThat(catchThrowableOfType(Failure.class, () -> layer.get(latest, Ask.INTERNAL))).as("@latest stays the upstream's").isSameAs(missing);
    }

    @Test
    void otherRequestsPassThrough() throws Exception {
        ModuleRequest.File mod = new ModuleRequest.File(ArtifactKind.MOD, "example.com/m", "v1.0.0");
        FakeModules inner = new FakeModules().answer(mod, "module example.com/m\n");
        ListLayer layer = new ListLayer(store, inner, Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(FakeModules.text(layer.get(mod, Ask.INTERNAL))).isEqualTo("module example.com/m\n");
        assertThat(inner.calls(mod)).isEqualTo(1);
    }

    @Test
    void aFailureOfModgatesOwnIsNotAnOutageNoStaleAnswerAndTheNextRequestTriesAgain() throws Exception {
        Failure full = new Failure(Failure.Kind.STORAGE_FULL, "modgate could not store example.com/m version list: the data directory is full");
        FakeModules inner = new FakeModules().fail(list, full).fail(latest, full);
        store.putSidecar("example.com/m", Sidecar.Kind.UPSTREAM_LIST, "v1.0.0\n".getBytes(StandardCharsets.UTF_8));
        store.putSidecar("example.com/m", Sidecar.Kind.UPSTREAM_LATEST, "{\"Version\":\"v1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        ListLayer layer = new ListLayer(store, inner, Duration.ZERO, Duration.ofMinutes(1));
        for (int i = 0; i < 2; i++) {
            assertThat(catchThrowableOfType(Failure.class, () -> layer.get(list, Ask.INTERNAL))).isSameAs(full);
            assertThat(catchThrowableOfType(Failure.class, () -> layer.get(latest, Ask.INTERNAL))).isSameAs(full);
        }
        assertThat(inner.calls(list)).as("not remembered as an outage").isEqualTo(2);
    }
}
