package dev.modgate.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnceCacheTest {
    @Test
    void concurrentCallersShareOneLoad() throws Exception {
        OnceCache<String, String> cache = new OnceCache<>(10);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fs.add(exec.submit(() -> cache.get("k", () -> {
                    loads.incrementAndGet();
                    release.await();
                    return "v";
                })));
            }
            Thread.sleep(50);
            release.countDown();
            for (Future<String> f : fs) {
                assertThat(f.get()).isEqualTo("v");
            }
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void failuresAreNotRemembered() throws Exception {
        OnceCache<String, String> cache = new OnceCache<>(10);
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class).hasMessage("down");
        assertThat(cache.<IOException>get("k", () -> "up")).isEqualTo("up");
        assertThat(cache.<IOException>get("k", () -> "other")).isEqualTo("up");
    }

    @Test
    void bounded() throws Exception {
        OnceCache<Integer, Integer> cache = new OnceCache<>(100);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            assertThat(cache.<RuntimeException>get(n, () -> n)).isEqualTo(n);
            assertThat(cache.size()).isLessThanOrEqualTo(101);
        }
    }
}
