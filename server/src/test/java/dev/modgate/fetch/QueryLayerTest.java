package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.ModuleRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueryLayerTest {
    private final ModuleRequest.Query master = new ModuleRequest.Query("example.com/m", "master");

    @Test
    void aQueryIsAnsweredFromMemoryForTheTtl() throws Exception {
        FakeModules inner = new FakeModules().answer(master, "{\"Version\":\"v0.0.0-20240101000000-abcdefabcdef\"}");
        QueryLayer layer = new QueryLayer(inner, Duration.ofMinutes(1));
        assertThat(layer.get(master, Ask.INTERNAL).cache()).isEqualTo(Artifact.CacheStatus.MISS);
        Artifact again = layer.get(master, Ask.INTERNAL);
        assertThat(again.cache()).isEqualTo(Artifact.CacheStatus.HIT);
        assertThat(again.immutable()).as("what a branch names changes").isFalse();
        assertThat(inner.calls(master)).isEqualTo(1);
    }

    @Test
    void onlyQueriesAreKept() throws Exception {
        ModuleRequest.File info = new ModuleRequest.File(ArtifactKind.INFO, "example.com/m", "v1.0.0");
        FakeModules inner = new FakeModules().answer(info, "{}");
        QueryLayer layer = new QueryLayer(inner, Duration.ofMinutes(1));
        layer.get(info, Ask.INTERNAL);
        layer.get(info, Ask.INTERNAL);
        assertThat(inner.calls(info)).isEqualTo(2);
    }

    @Test
    void aZeroTtlKeepsNothing() throws Exception {
        FakeModules inner = new FakeModules().answer(master, "{}");
        QueryLayer layer = new QueryLayer(inner, Duration.ZERO);
        layer.get(master, Ask.INTERNAL);
        layer.get(master, Ask.INTERNAL);
        assertThat(inner.calls(master)).isEqualTo(2);
    }
}
