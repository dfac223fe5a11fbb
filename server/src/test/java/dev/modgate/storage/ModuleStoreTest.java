package dev.modgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.CaseEncoding;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleStoreTest {
    @TempDir Path tmp;

    /** Two modules whose names share a lock file, locked at once from two threads: the second waits, never fails. */
    @Test
    void modulesSharingALockFileAreLockedOneAfterTheOther() throws Exception {
        ModuleStore store = new ModuleStore(tmp.resolve("data"));
        String a = "example.com/a0";
        String b = null;
        for (int i = 1; b == null; i++) {
            String c = "example.com/a" + i;
            if ((CaseEncoding.escapePath(c).hashCode() & 0xff) == (CaseEncoding.escapePath(a).hashCode() & 0xff)) b = c;
        }
        String other = b;
        CountDownLatch aHolds = new CountDownLatch(1), release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> first = pool.submit(() -> store.withModuleLock(a, () -> {
                aHolds.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> store.withModuleLock(other, () -> "locked " + other));
            Thread.sleep(200);
            assertThat(second.isDone()).as("waits for the first holder").isFalse();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("locked " + other);
        }
    }
}
