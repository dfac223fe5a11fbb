package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.ModuleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FlightLayerTest {
    @Test
    void concurrentRequestsForOneThingCauseOneFetchAndTheWaitersAreShared() throws Exception {
        ModuleRequest.File zip = new ModuleRequest.File(ArtifactKind.ZIP, "example.com/m", "v1.0.0");
        ModuleRequest.File other = new ModuleRequest.File(ArtifactKind.ZIP, "example.com/m", "v1.0.1");
        FakeModules inner = new FakeModules().answer(zip, "zip bytes").answer(other, "other bytes");
        inner.gate = new CountDownLatch(1);
        FlightLayer layer = new FlightLayer(inner);
        List<Future<Artifact>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) answers.add(pool.submit(() -> layer.get(zip, Ask.INTERNAL)));
            Future<Artifact> otherAnswer = pool.submit(() -> layer.get(other, Ask.INTERNAL));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (inner.calls.size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            Thread.sleep(100); // let the other seven arrive at the flight
            inner.gate.countDown();
            assertThat(FakeModules.text(otherAnswer.get())).isEqualTo("other bytes");
            int shared = 0;
            for (Future<Artifact> f : answers) {
                assertThat(FakeModules.text(f.get())).isEqualTo("zip bytes");
                if (f.get().cache() == Artifact.CacheStatus.SHARED) shared++;
            }
            assertThat(shared).as("all but the one that fetched waited for it").isEqualTo(7);
        }
        assertThat(inner.calls(zip)).isEqualTo(1);
        assertThat(inner.calls(other)).as("another key is another flight").isEqualTo(1);
        // Nothing is remembered once the flight ends: storage is the cache.
        layer.get(zip, Ask.INTERNAL);
        assertThat(inner.calls(zip)).isEqualTo(2);
    }
}
