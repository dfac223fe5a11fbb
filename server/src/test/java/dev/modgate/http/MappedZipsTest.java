package dev.modgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.module.Artifact;
import dev.modgate.testing.PathBlob;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedZipsTest {
    @TempDir Path tmp;

    private Path zip(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(name.hashCode()).nextBytes(b);
        return Files.write(tmp.resolve(name), b);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static boolean isMapped(ByteBuffer b) {
        try {
            bytes(b);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    @Test
    void servesTheFileWithTheEtagItsFileWouldGet() throws Exception {
        Path f = zip("v1.0.0.zip", 100_000);
        MappedZips zips = new MappedZips(1 << 20, 100);
        MappedZips.Entry e = zips.map("/m/@v/v1.0.0.zip", PathBlob.of(f));
        assertThat(e).isNotNull();
        assertThat(e.length()).isEqualTo(100_000);
        assertThat(e.etag()).isEqualTo(Artifact.fileEtag(Files.size(f), Files.getLastModifiedTime(f).toMillis()));
        assertThat(bytes(e.slice(0, 100_000))).isEqualTo(Files.readAllBytes(f));
        assertThat(bytes(e.slice(10, 5))).isEqualTo(java.util.Arrays.copyOfRange(Files.readAllBytes(f), 10, 15));
        e.release();
        MappedZips.Entry again = zips.get("/m/@v/v1.0.0.zip", PathBlob.of(f));
        assertThat(again).isSameAs(e);
        again.release();
        assertThat(zips.get("/m/@v/v1.0.1.zip", PathBlob.of(f))).isNull();
    }

    @Test
    void aZipDeletedOrReplacedOnDiskIsNoLongerServedFromItsMapping() throws Exception {
        MappedZips zips = new MappedZips(1 << 20, 100);
        Path f = zip("v1.0.0.zip", 1000);
        zips.map("/m/@v/v1.0.0.zip", PathBlob.of(f)).release();
        PathBlob before = PathBlob.of(f);
        Files.delete(f);
        // Storage then finds nothing, so the mapping is not asked for; stored anew, it is another file.
        Path again = zip("v1.0.0.zip", 1000);
        Files.setLastModifiedTime(again, java.nio.file.attribute.FileTime.fromMillis(before.modifiedMillis()));
        assertThat(zips.get("/m/@v/v1.0.0.zip", PathBlob.of(again))).as("deleted, then stored anew").isNull();
        assertThat(zips.size()).isZero();

        Path g = zip("v1.0.1.zip", 1000);
        zips.map("/m/@v/v1.0.1.zip", PathBlob.of(g)).release();
        Files.write(g, new byte[1001]);
        assertThat(zips.get("/m/@v/v1.0.1.zip", PathBlob.of(g))).as("replaced by another file").isNull();
        assertThat(zips.mappedBytes()).isZero();

        // Restored by rename with size and time kept (rsync -a, cp -p): another inode all the same.
        Path h = zip("v1.0.2.zip", 1000);
        zips.map("/m/@v/v1.0.2.zip", PathBlob.of(h)).release();
        Path copy = zip("copy.zip", 1000);
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(h));
        Files.move(copy, h, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(zips.get("/m/@v/v1.0.2.zip", PathBlob.of(h))).as("same size and time, another file").isNull();
    }

    @Test
    void leavesLargeAndEmptyFilesToTheFileSend() throws Exception {
        MappedZips zips = new MappedZips(64L << 20, 100);
        assertThat(zips.map("/big", PathBlob.of(zip("big.zip", (int) MappedZips.MAX_FILE + 1)))).isNull();
        assertThat(zips.map("/empty", PathBlob.of(zip("empty.zip", 0)))).isNull();
        assertThat(zips.size()).isZero();
    }

    @Test
    void staysWithinItsBudgetOfBytesAndMappings() throws Exception {
        MappedZips bytesBound = new MappedZips(100_000, 1000);
        for (int i = 0; i < 50; i++) bytesBound.map("/" + i, PathBlob.of(zip(i + ".zip", 10_000))).release();
        assertThat(bytesBound.mappedBytes()).isLessThanOrEqualTo(100_000);
        assertThat(bytesBound.size()).isBetween(1, 10);

        MappedZips countBound = new MappedZips(1L << 30, 8);
        for (int i = 0; i < 50; i++) countBound.map("/" + i, PathBlob.of(zip("c" + i + ".zip", 1000))).release();
        assertThat(countBound.size()).isBetween(1, 8);
    }

    @Test
    void anEntryBeingSentIsUnmappedOnlyWhenItsSendEnds() throws Exception {
        MappedZips zips = new MappedZips(20_000, 1000);
        Path first = zip("first.zip", 10_000);
        MappedZips.Entry sending = zips.map("/first", PathBlob.of(first)); // held, as by a response still writing
        ByteBuffer body = sending.slice(0, 10_000);
        for (int i = 0; i < 20; i++) zips.map("/" + i, PathBlob.of(zip(i + ".zip", 10_000))).release();
        assertThat(zips.get("/first", PathBlob.of(first))).as("evicted from the cache").isNull();
        assertThat(bytes(body)).as("still mapped while sent").isEqualTo(Files.readAllBytes(first));
        sending.release();
        if (Mappings.available()) {
            // The cache lets go of evicted entries on a thread of its own.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (isMapped(body) && System.nanoTime() < deadline) Thread.sleep(10);
            assertThatThrownBy(() -> bytes(body)).as("unmapped once released").isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void clearUnmapsWhatIsNotBeingSent() throws Exception {
        MappedZips zips = new MappedZips(1 << 20, 100);
        MappedZips.Entry held = zips.map("/a", PathBlob.of(zip("a.zip", 1000)));
        zips.map("/b", PathBlob.of(zip("b.zip", 1000))).release();
        zips.clear();
        assertThat(zips.size()).isZero();
        assertThat(zips.mappedBytes()).isZero();
        assertThat(bytes(held.slice(0, 10))).hasSize(10);
        held.release();
    }
}
