package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modgate.core.module.PathPatterns;
import dev.modgate.module.Failure;
import dev.modgate.storage.DirStorage;
import dev.modgate.source.ModuleSource;
import dev.modgate.source.UpstreamList;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A failure that is not a SourceException reaches the body by its reason only, never with a path of this server. */
class UpstreamChainTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    @Test
    void aFileSystemFailureShowsItsReasonNotItsPath() throws Exception {
        ModuleSource failing = new ModuleSource() {
            @Override public String name() { return "direct"; }
            @Override public byte[] list(String path) throws IOException {
                throw new IOException("wrapped", new FileSystemException("/srv/private/layout/x.lock", null, "Input/output error"));
            }
            @Override public byte[] latest(String path) throws IOException {
                throw new FileSystemException("/srv/private/layout/y", null, "Read-only file system");
            }
            @Override public byte[] info(String path, String query) throws IOException { throw new IOException("plain failure"); }
            @Override public byte[] mod(String path, String version) throws IOException { throw new UnsupportedOperationException(); }
            @Override public void zip(String path, String version, Path dest, long maxBytes) { throw new UnsupportedOperationException(); }
        };
        UpstreamChain chain = new UpstreamChain(UpstreamList.parse("direct"), null, failing, PathPatterns.of(""), new DirStorage(tmp.resolve("data")));
        Failure list = catchThrowableOfType(Failure.class, () -> chain.fetch("example.com/m", "example.com/m list", s -> s.list("example.com/m")));
        assertThat(list.kind()).isEqualTo(Failure.Kind.UPSTREAM_FAILED);
        assertThat(list.body()).doesNotContain("/srv/private").contains("Input/output error");
        Failure latest = catchThrowableOfType(Failure.class, () -> chain.fetch("example.com/m", "example.com/m @latest", s -> s.latest("example.com/m")));
        assertThat(latest.body()).doesNotContain("/srv/private").contains("Read-only file system");
        Failure info = catchThrowableOfType(Failure.class, () -> chain.fetch("example.com/m", "example.com/m .info", s -> s.info("example.com/m", "v1.0.0")));
        assertThat(info.body()).as("a message without a file stays as it is").contains("plain failure");
    }
}
