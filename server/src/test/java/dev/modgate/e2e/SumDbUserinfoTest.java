package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.config.SumDbSpec;
import dev.modgate.testing.ModgateProcess;
import dev.modgate.testing.TestSumDb;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 9: the user information of --sumdb ("name+key https://user:secret@host") is a credential, so the
 * failures of the database show up without it: in the answer's body, the access log's reason=, the outage warning
 * and the startup log. modgate runs as its own process, so that every line it writes on stderr is looked at.
 */
class SumDbUserinfoTest {
    static final String SECRET = "s3cret-SumDb-9a7e";

    /** Every line: the startup log and the access log (INFO) too. */
    static final Map<String, String> INFO = Map.of("MODGATE_TEST_LOG_LEVEL", "INFO");

    @TempDir Path tmp;

    @Test
    void failedLookupsAndTheOutageNeverShowTheSecret() throws Exception {
        try (TestSumDb db = new TestSumDb("sumdb.userinfo.example")) {
            // The database behind a front that wants Basic auth; "gone" and "broken" modules get 410 and 500 from the front.
            Server front = new Server();
            ServerConnector c = new ServerConnector(front);
            c.setHost("127.0.0.1");
            front.addConnector(c);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            front.setHandler(new Handler.Abstract() {
                @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String path = request.getHttpURI().getPath();
                    int status;
                    byte[] body;
                    if (!UpstreamCredentialsTest.basic("alice:" + SECRET).equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                        status = 401;
                        body = new byte[0];
                    } else if (path.contains("/gone@")) {
                        status = 410;
                        body = "gone\n".getBytes(StandardCharsets.UTF_8);
                    } else if (path.contains("/broken")) {
                        status = 500;
                        body = "internal error\n".getBytes(StandardCharsets.UTF_8);
                    } else {
                        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(db.url() + request.getHttpURI().getPathQuery())).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                        status = r.statusCode();
                        body = r.body();
                    }
                    response.setStatus(status);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return true;
                }
            });
            front.start();
            String dbUrl = "http://alice:" + SECRET + "@127.0.0.1:" + c.getLocalPort();
            Path data = tmp.resolve("data");
            Path log = tmp.resolve("answering.log");
            try (ModgateProcess m = ModgateProcess.start(tmp, log, List.of(), List.of(), INFO, "--data", data.toString(), "--upstream", "off", "--sumdb", db.key() + " " + dbUrl)) {
                String lookup = "/sumdb/" + db.name() + "/lookup/example.com/";
                assertFailsWithoutSecret(m, lookup + "nonexistent@v1.0.0", 404, "127.0.0.1:" + c.getLocalPort());
                assertFailsWithoutSecret(m, lookup + "gone@v1.0.0", 404, "127.0.0.1:" + c.getLocalPort());
                for (int i = 0; i < 4; i++) assertFailsWithoutSecret(m, lookup + "broken" + i + "@v1.0.0", 502, "127.0.0.1:" + c.getLocalPort());
                m.close();
                assertThat(m.log()).as("the outage warning").contains("unreachable");
                assertThat(m.log()).as("the access log").contains("reason=").contains(" 404 ").contains(" 502 ");
                assertNoSecret(m.log(), data);
            } finally {
                front.stop();
            }

            // The database down: refused connections, then the remembered outage.
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Path downLog = tmp.resolve("down.log");
            try (ModgateProcess m = ModgateProcess.start(tmp, downLog, List.of(), List.of(), INFO, "--data", data.toString(), "--upstream", "off",
                    "--sumdb", db.key() + " http://alice:" + SECRET + "@127.0.0.1:" + closed)) {
                for (int i = 0; i < 4; i++) {
                    assertFailsWithoutSecret(m, "/sumdb/" + db.name() + "/lookup/example.com/down" + i + "@v1.0.0", 502, "127.0.0.1:" + closed);
                }
                m.close();
                assertThat(m.log()).as("the outage warning").contains("unreachable");
                assertNoSecret(m.log(), data);
            }
        }
    }

    @Test
    void parseErrorsShowNoUserinfo() {
        String key = "sumdb.userinfo.example+00000000+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for (String bad : new String[] {
                "sum.golang.org ftp://alice:" + SECRET + "@mirror.example",
                "sum.golang.org http://alice:" + SECRET + "@mirror.example/a b",
                "sum.golang.org http://alice:" + SECRET + "@[::1/x",
                key + "x http://alice:" + SECRET + "@mirror.example"}) {
            assertThatThrownBy(() -> SumDbSpec.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
        SumDbSpec s = SumDbSpec.parse("sum.golang.org https://alice:" + SECRET + "@mirror.example:8443/sumdb/");
        assertThat(s.url()).isEqualTo("https://mirror.example:8443/sumdb");
        assertThat(s.credentials().user()).isEqualTo("alice");
        assertThat(s.credentials().password()).isEqualTo(SECRET);
        assertThat(s.toString()).doesNotContain(SECRET);
    }

    private static void assertFailsWithoutSecret(ModgateProcess m, String path, int status, String names) throws Exception {
        HttpResponse<byte[]> r = m.get(path);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(path + ": " + body).isEqualTo(status);
        assertThat(body).as(path).doesNotContain(SECRET).doesNotContain("alice").contains(names);
    }

    private static void assertNoSecret(String log, Path data) throws Exception {
        assertThat(log).doesNotContain(SECRET).doesNotContain("alice:");
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(SECRET);
            }
        }
    }
}
