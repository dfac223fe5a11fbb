package dev.modgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.module.Failure;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class LocalFailuresTest {
    @Test
    void fullIsWhatTheSystemOrStorageSaidNeverAnyFailure() {
        assertThat(LocalFailures.diskFull(new FileSystemException("/data/x", null, "No space left on device"))).isTrue();
        assertThat(LocalFailures.diskFull(new IOException("No space left on device"))).as("a write through a channel").isTrue();
        assertThat(LocalFailures.diskFull(new IOException("wrapped", new FileSystemException("/d", null, "Disk quota exceeded")))).isTrue();
        assertThat(LocalFailures.diskFull(new StorageFullException(new IOException("x")))).isTrue();
        // A failure that is not a full disk is never called one, however little room the disk has.
        assertThat(LocalFailures.diskFull(new ConnectException("Connection refused"))).isFalse();
        assertThat(LocalFailures.diskFull(new FileSystemException("/data/x", null, "Permission denied"))).isFalse();
        assertThat(LocalFailures.kind(new IOException("Input/output error"))).isEqualTo(Failure.Kind.INTERNAL);
        assertThat(LocalFailures.readOnly(new FileSystemException("/data/x", null, "Read-only file system"))).isTrue();
        assertThat(LocalFailures.readOnly(new ConnectException("Connection refused"))).isFalse();
    }

    @Test
    void theReasonNeverNamesAFile() {
        Failure f = LocalFailures.failure("store example.com/m@v1.0.0 .zip", new FileSystemException("/srv/secret/data/x", null, "No space left on device"));
        assertThat(f.kind()).isEqualTo(Failure.Kind.STORAGE_FULL);
        assertThat(f.getMessage()).contains("the data directory is full").doesNotContain("/srv/secret");
        assertThat(f.cacheable()).isFalse();
    }
}
