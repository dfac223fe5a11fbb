package dev.modgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link StorageContractTest} for the data directory, plus what only a directory promises (nothing left in tmp/). */
class DirStorageContractTest extends StorageContractTest {
    Path data;

    @Override Storage newStorage(Path scratch) throws IOException {
        data = scratch.resolve("data");
        return new DirStorage(data);
    }

    @Override void assertKeptAside(String where, String report, String... names) throws IOException {
        Path dir = Path.of(where);
        assertThat(dir).startsWith(data.resolve(".modgate").resolve("quarantine"));
        assertThat(Files.readString(dir.resolve("REPORT"))).isEqualTo(report + "\n");
        for (String n : names) assertThat(dir.resolve(n)).exists();
    }

    @Test
    void stagingAndPuttingLeaveOnlyTheLiveMarkerInTheTempDirectory() throws Exception {
        try (Storage.Staged s = storage.stage()) {
            Files.write(s.file(), bytes("zip"));
            storage.putNew(dev.modgate.module.ArtifactKind.ZIP, M100, s);
        }
        storage.putNew(dev.modgate.module.ArtifactKind.MOD, M100, bytes("module example.com/m\n"));
        storage.putNew(dev.modgate.module.ArtifactKind.INFO, M100, bytes("{}"));
        storage.putSidecar("example.com/m", Storage.Sidecar.Kind.UPSTREAM_LIST, bytes("v1.0.0\n"));
        storage.rebuildList("example.com/m");
        try (Stream<Path> files = Files.walk(data.resolve(".modgate").resolve("tmp"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly(".alive");
        }
        assertThat(data.resolve("example.com/m/@v/list")).hasContent("v1.0.0\n");
    }

    @Test
    void theStateDirectoryIsNoModule() throws Exception {
        storage.putNew(dev.modgate.module.ArtifactKind.MOD, M100, bytes("module example.com/m\n"));
        Files.createDirectories(((DirStorage) storage).state().sumdb("sum.golang.org").resolve("@v"));
        assertThat(storage.modules()).containsExactly("example.com/m");
    }
}
