package dev.modgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.CaseEncoding;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirStorageTest {
    @TempDir Path tmp;

    @Test
    void aStartingStoreKeepsLiveTempDirectoriesAndRemovesAbandonedOnes() throws Exception {
        DirStorage running = new DirStorage(tmp);
        Path partial = running.newTempFile();
        // An old-looking live directory must survive: liveness is the lock, not the age.
        Files.setLastModifiedTime(partial.getParent(), FileTime.from(Instant.now().minus(3, ChronoUnit.DAYS)));
        Path abandoned = Files.createDirectories(tmp.resolve(".modgate/tmp/dead-process"));
        Files.writeString(abandoned.resolve(".alive"), "");
        Files.writeString(abandoned.resolve("x.tmp"), "half a zip");
        Path ancient = Files.createDirectories(tmp.resolve(".modgate/tmp/older-version"));
        Files.setLastModifiedTime(ancient, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));

        new DirStorage(tmp);

        assertThat(partial).exists();
        assertThat(abandoned).doesNotExist();
        assertThat(ancient).doesNotExist();
    }

    @Test
    void tempFilesStillWorkWhenTheirDirectoryWasRemoved() throws Exception {
        DirStorage store = new DirStorage(tmp);
        Path first = store.newTempFile();
        Files.delete(first);
        Files.delete(first.getParent().resolve(".alive"));
        Files.delete(first.getParent());
        assertThat(store.newTempFile()).exists();
    }

    @Test
    void immutableFilesAreNeverReplaced() throws Exception {
        DirStorage store = new DirStorage(tmp);
        Path target = store.versionFile("example.com/m", "v1.0.0", "info");
        assertThat(store.writeNew(target, "first".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(store.writeNew(target, "second".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Files.readString(target)).isEqualTo("first");
        try (var s = Files.list(tmp.resolve(".modgate/tmp"))) {
            for (Path d : s.toList()) {
                try (var f = Files.list(d)) {
                    assertThat(f.map(p -> p.getFileName().toString()).toList()).as("temp files cleaned").containsOnly(".alive");
                }
            }
        }
    }

    /** New directory entries are synced in batches: each directory once, however many artifacts landed in it. */
    @Test
    void newEntriesAreSyncedOncePerDirectoryByTheBatch() throws Exception {
        DirStorage store = new DirStorage(tmp);
        for (String ext : new String[] {"info", "mod", "zip"}) {
            store.writeNew(store.versionFile("example.com/a/m", "v1.0.0", ext), ext.getBytes(StandardCharsets.UTF_8));
        }
        // @v, m, a, example.com and the data directory (which got the new example.com entry).
        assertThat(store.syncDirectories()).isEqualTo(5);
        assertThat(store.syncDirectories()).isZero();
        store.writeNew(store.versionFile("example.com/a/m", "v1.1.0", "info"), "x".getBytes(StandardCharsets.UTF_8));
        assertThat(store.syncDirectories()).isEqualTo(1);
    }

    /** Two modules whose names share a lock file, locked at once from two threads: the second waits, never fails. */
    @Test
    void modulesSharingALockFileAreLockedOneAfterTheOther() throws Exception {
        DirStorage store = new DirStorage(tmp.resolve("data"));
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

    /** Asking again for a lock this thread holds would wait on itself until the deadline: refused at once instead. */
    @Test
    void aThreadAskingAgainForItsOwnLockIsToldAtOnce() throws Exception {
        DirStorage store = new DirStorage(tmp, java.time.Duration.ofMinutes(5));
        long t0 = System.nanoTime();
        var failure = org.assertj.core.api.Assertions.catchThrowable(() -> store.withModuleLock("example.com/m",
                () -> store.withModuleLock("example.com/m", () -> null)));
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("already held by this thread");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
        assertThat(store.withModuleLock("example.com/m", () -> "released")).isEqualTo("released");
    }

    @Test
    void aModuleLockHeldTooLongEndsTheWaitWithAReason() throws Exception {
        DirStorage store = new DirStorage(tmp, java.time.Duration.ofMillis(300));
        CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<?> holder = pool.submit(() -> store.withModuleLock("example.com/m", () -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            Future<?> waiter = pool.submit(() -> {
                store.rebuildList("example.com/m");
                return null;
            });
            var failure = org.assertj.core.api.Assertions.catchThrowable(() -> waiter.get(10, TimeUnit.SECONDS));
            assertThat(failure).hasCauseInstanceOf(LockTimeoutException.class);
            assertThat(failure.getCause()).hasMessageContaining("the version list of example.com/m").hasMessageContaining("a request in this process");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 5_000L);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            store.rebuildList("example.com/m"); // free again
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
