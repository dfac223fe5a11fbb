package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modgate.module.Limits;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12 item 5: never a server path in a response body. A file:// upstream whose files cannot be served (too
 * large, a symlink loop, a directory where a file should be) fails with a body that names it by its position in
 * the upstream list, and the reason, but not where it is on this server; the log has the path for the operator.
 */
class FileUpstreamPathsTest {
    static final String MOD = "example.com/m";

    @TempDir Path tmp;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach void watchLog() {
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach void stopWatching() {
        root().detachAppender(logs);
    }

    static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void failuresOfAFileUpstreamNameNoServerPath() throws Exception {
        Path tree = tmp.resolve("srv-secret-layout/goproxy");
        Path v = Files.createDirectories(tree.resolve(MOD).resolve("@v"));
        Files.writeString(v.resolve("list"), "v1.0.0\nv1.1.0\nv1.2.0\n");
        // A .mod over the limit (sparse: no disk used), a symlink loop, a directory where a zip should be.
        try (RandomAccessFile f = new RandomAccessFile(v.resolve("v1.0.0.mod").toFile(), "rw")) {
            f.setLength(Limits.MAX_GO_MOD + 100);
        }
        Files.writeString(v.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
        Files.createSymbolicLink(v.resolve("v1.1.0.info"), v.resolve("v1.1.0.info"));
        Files.createSymbolicLink(v.resolve("v1.1.0.mod"), v.resolve("v1.1.0.mod"));
        Files.writeString(v.resolve("v1.2.0.info"), "{\"Version\":\"v1.2.0\"}");
        Files.writeString(v.resolve("v1.2.0.mod"), "module example.com/m\n");
        Files.createDirectories(v.resolve("v1.2.0.zip"));
        Files.createSymbolicLink(v.resolve("v1.1.0.zip"), v.resolve("v1.1.0.zip"));

        // First an HTTP upstream that has nothing (404: on to the next), so the tree is the list's second entry.
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (StaticHttpServer nothing = new StaticHttpServer(empty);
             TestModgate m = new TestModgate(tmp.resolve("data"), nothing.url() + ",file://" + tree)) {
            String[] failing = {"/@v/v1.0.0.mod", "/@v/v1.1.0.info", "/@v/v1.1.0.mod", "/@v/v1.1.0.zip", "/@v/v1.2.0.zip"};
            for (String p : failing) {
                HttpResponse<byte[]> r = m.get("/" + MOD + p);
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(r.statusCode()).as(p + ": " + body).isBetween(500, 599);
                assertThat(body).as(p).contains("file:// upstream #2").doesNotContain("srv-secret-layout").doesNotContain(tmp.toString());
            }
            assertThat(m.get("/" + MOD + "/@v/list").statusCode()).as("the tree itself is served").isEqualTo(200);
        }
        assertThat(logs.list).as("the log says where, for the operator")
                .anyMatch(e -> e.getFormattedMessage().contains("file:// upstream #2") && e.getFormattedMessage().contains(tree.toString()));
    }
}
