package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.ModuleRequest;
import dev.modgate.testing.PathBlob;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotFilesTest {
    @TempDir Path tmp;

    private static ModuleRequest.File key(String version) {
        return new ModuleRequest.File(ArtifactKind.MOD, "example.com/m", version);
    }

    @Test
    void keepsSmallFilesWithTheEtagTheirFileWouldGet() throws Exception {
        Path f = Files.writeString(tmp.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
        HotFiles hot = new HotFiles(1 << 20);
        HotFiles.Entry e = hot.load(key("v1.0.0"), PathBlob.of(f));
        assertThat(e.bytes()).isEqualTo(Files.readAllBytes(f));
        assertThat(e.etag()).isEqualTo(Artifact.fileEtag(Files.size(f), Files.getLastModifiedTime(f).toMillis()));
        Files.delete(f);
        assertThat(hot.get(key("v1.0.0"))).as("immutable: still served from memory").isSameAs(e);
        hot.drop(key("v1.0.0"));
        assertThat(hot.get(key("v1.0.0"))).as("dropped (quarantined)").isNull();
    }

    @Test
    void leavesOutLargeAndChangedFiles() throws Exception {
        HotFiles hot = new HotFiles(1 << 20);
        Path big = Files.write(tmp.resolve("big.mod"), new byte[HotFiles.MAX_FILE + 1]);
        assertThat(hot.load(key("v1.0.0"), PathBlob.of(big))).isNull();
        Path grown = Files.write(tmp.resolve("grown.mod"), new byte[10]);
        PathBlob seen = PathBlob.of(grown);
        Files.write(grown, new byte[20]);
        assertThat(hot.load(key("v1.0.1"), seen)).as("longer than the stat said: not kept").isNull();
        assertThat(hot.size()).isZero();
    }

    @Test
    void staysWithinItsBudget() throws Exception {
        HotFiles hot = new HotFiles(10_000);
        for (int i = 0; i < 100; i++) hot.load(key("v1.0." + i), PathBlob.of(Files.write(tmp.resolve(i + ".mod"), new byte[1000])));
        assertThat(hot.size()).isBetween(1L, 10L);
    }
}
