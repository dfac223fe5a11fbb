package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotFilesTest {
    @TempDir Path tmp;

    @Test
    void keepsSmallFilesWithTheEtagTheirFileWouldGet() throws Exception {
        Path f = Files.writeString(tmp.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
        HotFiles hot = new HotFiles(1 << 20);
        HotFiles.Entry e = hot.load(f);
        assertThat(e.bytes()).isEqualTo(Files.readAllBytes(f));
        assertThat(e.etag()).isEqualTo(Artifact.fileEtag(Files.size(f), Files.getLastModifiedTime(f).toMillis()));
        Files.delete(f);
        assertThat(hot.get(f)).as("immutable: still served from memory").isSameAs(e);
    }

    @Test
    void leavesOutMissingAndLargeFiles() throws Exception {
        HotFiles hot = new HotFiles(1 << 20);
        assertThat(hot.load(tmp.resolve("missing.mod"))).isNull();
        Path big = Files.write(tmp.resolve("big.mod"), new byte[HotFiles.MAX_FILE + 1]);
        assertThat(hot.load(big)).isNull();
        assertThat(hot.size()).isZero();
    }

    @Test
    void staysWithinItsBudget() throws Exception {
        HotFiles hot = new HotFiles(10_000);
        for (int i = 0; i < 100; i++) hot.load(Files.write(tmp.resolve(i + ".mod"), new byte[1000]));
        assertThat(hot.size()).isBetween(1, 10);
    }
}
