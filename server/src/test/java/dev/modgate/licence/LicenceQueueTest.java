package dev.modgate.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Detection in the background: readers never wait unless they ask to, each version's zip is read once. */
class LicenceQueueTest {
    private final Map<String, byte[]> stored = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    /** The "storage": zips by module@version, opening each only once the test releases it. */
    private final LicenceQueue.Zips zips = (module, version) -> {
        try {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        byte[] zip = stored.get(module + "@" + version);
        if (zip == null) {
            return Optional.empty();
        }
        opened.incrementAndGet();
        return Optional.<InputStream>of(new ByteArrayInputStream(zip));
    };

    @Test
    void aVersionIsUnknownUntilTheBackgroundThreadHasDetectedIt() throws Exception {
        stored.put("example.com/a@v1.0.0", zip("example.com/a@v1.0.0/", Map.of(
                "LICENSE", LicenceMatcherTest.template("Apache-2.0"), "internal/x/COPYING", LicenceMatcherTest.template("MIT"))));
        try (LicenceQueue queue = new LicenceQueue(new LicenceDetector(new LicenceMatcher()), zips)) {
            queue.submit("example.com/a", "v1.0.0");
            assertThat(queue.known("example.com/a", "v1.0.0")).as("not yet: the zip is not read").isEmpty();
            var waiting = queue.detection("example.com/a", "v1.0.0");
            assertThat(waiting).isNotDone();
            release.countDown();
            ModuleLicences licences = waiting.get(10, TimeUnit.SECONDS);
            assertThat(licences.files()).extracting(DetectedLicence::path, DetectedLicence::ids).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("LICENSE", List.of("Apache-2.0")),
                    org.assertj.core.groups.Tuple.tuple("internal/x/COPYING", List.of("MIT")));
            assertThat(licences.redistributable()).isTrue();
            assertThat(queue.known("example.com/a", "v1.0.0")).contains(licences);
            queue.submit("example.com/a", "v1.0.0");
            assertThat(queue.detection("example.com/a", "v1.0.0").get()).isSameAs(licences);
            assertThat(opened).as("each zip is read once").hasValue(1);
        }
    }

    @Test
    void aVersionWhoseZipIsNotStoredFailsWithWhatToDo() {
        release.countDown();
        try (LicenceQueue queue = new LicenceQueue(new LicenceDetector(new LicenceMatcher()), zips)) {
            assertThatThrownBy(() -> queue.detection("example.com/none", "v1.0.0").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LicenceQueue.NotDetected.class)
                    .hasMessage("example.com/none@v1.0.0 is not stored: its licences are detected once its .zip is");
            assertThat(queue.known("example.com/none", "v1.0.0")).isEmpty();
        }
    }

    @Test
    void closingFailsWhatIsStillQueuedInsteadOfLeavingItWaiting() {
        stored.put("example.com/b@v1.0.0", zip("example.com/b@v1.0.0/", Map.of("LICENSE", LicenceMatcherTest.template("MIT"))));
        LicenceQueue queue = new LicenceQueue(new LicenceDetector(new LicenceMatcher()), zips);
        var first = queue.detection("example.com/b", "v1.0.0");
        var second = queue.detection("example.com/c", "v1.0.0");
        queue.close();
        release.countDown();
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(LicenceQueue.NotDetected.class)
                .hasMessageContaining("shutting down");
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(LicenceQueue.NotDetected.class);
        assertThatThrownBy(() -> queue.detection("example.com/d", "v1.0.0").get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(LicenceQueue.NotDetected.class).hasMessageContaining("has stopped");
    }

    private static byte[] zip(String prefix, Map<String, String> files) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (Map.Entry<String, String> f : files.entrySet()) {
                    z.putNextEntry(new ZipEntry(prefix + f.getKey()));
                    z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
