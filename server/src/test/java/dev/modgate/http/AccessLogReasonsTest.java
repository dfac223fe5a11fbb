package dev.modgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.cli.Main;
import dev.modgate.testing.RawHttp;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed request's access line carries its one-line reason, the client's address and its User-Agent: modgate
 * serve in a JVM of its own with the production logging (logback.xml), its stderr read back.
 */
class AccessLogReasonsTest {
    @TempDir Path tmp;

    @Test
    void failedRequestsSayWhoAskedAndWhy() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Path log = tmp.resolve("stderr.log");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String notFoundBody, badBody;
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--listen", "127.0.0.1:" + port, "--data", tmp.resolve("data").toString(), "--upstream", "file://" + tree, "--sumdb", "off")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                try {
                    if (RawHttp.get(port, "GET", "/healthz").status() == 200) break;
                } catch (java.io.IOException e) {
                    assertThat(System.nanoTime()).as("started in 60s").isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            RawHttp.Reply notFound = RawHttp.get(port, "GET", "/example.com/nope/@v/v1.0.0.info", "User-Agent: tester/1.0 \"quoted\" \\ x");
            assertThat(notFound.status()).isEqualTo(404);
            notFoundBody = notFound.body();
            RawHttp.Reply bad = RawHttp.get(port, "GET", "/example.com/m/@v/v1.0.0.zap", "User-Agent: Go-http-client/1.1");
            assertThat(bad.status()).isBetween(400, 499);
            badBody = bad.body();
            RawHttp.Reply method = RawHttp.get(port, "DELETE", "/example.com/m/@v/list");
            assertThat(method.status()).isEqualTo(405);
        } finally {
            p.destroy(); // SIGTERM: the shutdown writes out queued access lines
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        List<String> access = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(" INFO  access ")).toList();
        assertThat(access).anyMatch(l -> l.endsWith(" INFO  access GET /healthz 200 3B " + l.replaceAll(".* (\\d+)ms .*", "$1") + "ms hit"));
        assertThat(access).anyMatch(l -> l.contains(" INFO  access GET /example.com/nope/@v/v1.0.0.info 404 ")
                && l.endsWith("ms - client=127.0.0.1 agent=\"tester/1.0 \\\"quoted\\\" \\\\ x\" reason=" + quoted(notFoundBody)));
        assertThat(notFoundBody).startsWith("not found");
        assertThat(access).anyMatch(l -> l.contains(" INFO  access GET /example.com/m/@v/v1.0.0.zap 4")
                && l.endsWith("ms - client=127.0.0.1 agent=\"Go-http-client/1.1\" reason=" + quoted(badBody)));
        assertThat(access).anyMatch(l -> l.matches(".* INFO  access DELETE /example.com/m/@v/list 405 \\d+B \\d+ms - client=127.0.0.1 agent=\"\" "
                + "reason=\"method DELETE not allowed: the module proxy protocol uses GET and HEAD\""));
    }

    /** The body as the access line quotes it. */
    private static String quoted(String body) {
        StringBuilder b = new StringBuilder();
        AccessLog.quoted(b, body.strip().replace("\n\t", "; ").replace('\n', ' '));
        return b.toString();
    }
}
