package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modgate.auth.HostCredentials;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.RepoRule;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.testing.Cli;
import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12 item 9: credentials reach the server they belong to and nothing else. An upstream GOPROXY on loopback
 * that wants Basic auth is reached with the user information of --upstream, a netrc entry, or a credentials line;
 * a redirect to another port of the same host carries no Authorization; and the secret appears in no answer, log
 * line, stored file or bundle (also when it sits in a repo URL, which .info Origin publishes).
 */
class UpstreamCredentialsTest {
    static final String SECRET = "hunter2-Upstream-5f1c";
    static final String MOD = "example.test/auth";

    @TempDir Path tmp;
    AuthProxy upstream;
    AuthProxy elsewhere;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach void start() throws Exception {
        elsewhere = new AuthProxy(null, null);
        upstream = new AuthProxy("alice:" + SECRET, elsewhere.url());
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach void stop() throws Exception {
        root().detachAppender(logs);
        upstream.close();
        elsewhere.close();
    }

    static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void userinfoOfTheUpstreamAuthenticatesAndIsNeverShown() throws Exception {
        String withUserinfo = "http://alice:" + SECRET + "@127.0.0.1:" + upstream.port();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), withUserinfo), Map.of())) {
            assertThat(m.server().upstreams()).as("what the startup log prints").doesNotContain(SECRET).doesNotContain("alice");
            servedAndRedirectsCarryNothing(m);
        }
        assertNoSecretAnywhere(tmp.resolve("data"));
    }

    /**
     * The go command's url.Parse ends user information at the authority's last "@", so a password may hold "@":
     * it is sent whole, and no part of it shows (redaction stopping at the first "@" showed the rest).
     */
    @Test
    void aPasswordHoldingAnAtSignAuthenticatesAndNoPartOfItIsShown() throws Exception {
        upstream.close();
        upstream = new AuthProxy("alice:p@ss-" + SECRET, elsewhere.url());
        String withUserinfo = "http://alice:p@ss-" + SECRET + "@127.0.0.1:" + upstream.port();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), withUserinfo), Map.of())) {
            assertThat(m.server().upstreams()).as("what the startup log prints").doesNotContain(SECRET).doesNotContain("alice");
            for (String p : new String[] {"/@v/list", "/@v/v1.0.0.info", "/@v/v1.0.0.mod"}) {
                var r = m.get("/" + MOD + p);
                assertThat(r.statusCode()).as(p + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            }
            assertThat(upstream.authorizations).contains(basic("alice:p@ss-" + SECRET));
            var failed = m.get("/example.test/broken/@v/list");
            assertThat(new String(failed.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET).doesNotContain("ss-");
        }
        assertNoSecretAnywhere(tmp.resolve("data"));
    }

    @Test
    void netrcAuthenticatesToTheUpstream() throws Exception {
        Path netrc = tmp.resolve("netrc");
        Files.writeString(netrc, "machine 127.0.0.1 login alice password " + SECRET + "\n");
        DirectConfig d = DirectConfig.builder().netrc(netrc).build();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), upstream.url()).direct(d), Map.of())) {
            servedAndRedirectsCarryNothing(m);
        }
        assertNoSecretAnywhere(tmp.resolve("data"));
    }

    @Test
    void aCredentialsLineForHostAndPortAuthenticatesToThatPortOnly() throws Exception {
        DirectConfig d = DirectConfig.builder().credentials(Map.of("127.0.0.1:" + upstream.port(), new HostCredentials("alice", SECRET))).build();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), upstream.url()).direct(d), Map.of())) {
            servedAndRedirectsCarryNothing(m);
        }
        // Bound to the port: the same host on the other port gets nothing, asked first or not.
        DirectConfig other = DirectConfig.builder().credentials(Map.of("127.0.0.1:" + elsewhere.port(), new HostCredentials("alice", SECRET))).build();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data2"), upstream.url()).direct(other), Map.of())) {
            var r = m.get("/" + MOD + "/@v/list");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("401");
        }
        assertNoSecretAnywhere(tmp.resolve("data"));
    }

    @Test
    void userinfoInARepoUrlIsNotPublishedStoredOrExported() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/priv"));
        r.write("go.mod", "module corp.example.test/priv\n").write("p.go", "package priv\n").commit("p");
        r.tag("v1.0.0").publish(served.resolve("priv"));
        Path data = tmp.resolve("data");
        try (GitHttpServer git = new GitHttpServer(served, "corp.example.test", "alice:" + SECRET)) {
            String url = "http://alice:" + SECRET + "@127.0.0.1:" + git.port() + "/priv";
            DirectConfig d = DirectConfig.builder().privateModules("corp.example.test").repos(List.of(new RepoRule("corp.example.test/priv", url))).build();
            try (TestModgate m = new TestModgate(TestModgate.config(data, "off").direct(d), Map.of())) {
                var info = m.get("/corp.example.test/priv/@v/v1.0.0.info");
                String body = new String(info.body(), StandardCharsets.UTF_8);
                assertThat(info.statusCode()).as(body).isEqualTo(200);
                assertThat(body).contains("\"URL\":\"http://127.0.0.1:" + git.port() + "/priv\"").doesNotContain(SECRET).doesNotContain("alice");
                var latest = m.get("/corp.example.test/priv/@latest");
                assertThat(new String(latest.body(), StandardCharsets.UTF_8)).contains("\"Origin\"").doesNotContain(SECRET);
                assertThat(m.get("/corp.example.test/priv/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            }
            assertThat(git.authorizations()).as("the URL's user information was the credentials").isNotEmpty();
        }
        Path bundle = tmp.resolve("b.tar.gz");
        Cli.Result export = Cli.run("bundle", "export", "--data", data.toString(), "-o", bundle.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out() + export.err()).doesNotContain(SECRET);
        // The bundle is gzip-compressed: read it through tar to search what it holds.
        Process tar = new ProcessBuilder("tar", "xzOf", bundle.toString()).redirectErrorStream(true).start();
        String members = new String(tar.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(tar.waitFor()).isZero();
        assertThat(members).contains("corp.example.test").doesNotContain(SECRET);
        assertNoSecretAnywhere(data);
    }

    /**
     * Passwords in repo URLs that java.net.URI refuses as written: one holding "@" (Go's url.Parse and git end user
     * information at the last one) authenticates; one holding a space is refused. Neither shows in an answer or the
     * log (before, the 502 bodies and access lines showed "https://p@ss...@host"'s tail and the whole spaced one).
     */
    @Test
    void oddPasswordsInRepoUrlsAreUsedOrRefusedButNeverShown() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/priv"));
        r.write("go.mod", "module corp.example.test/priv\n").write("p.go", "package priv\n").commit("p");
        r.tag("v1.0.0").publish(served.resolve("priv"));
        Path data = tmp.resolve("data");
        try (GitHttpServer git = new GitHttpServer(served, "corp.example.test", "alice:p@ss-" + SECRET)) {
            String base = "http://127.0.0.1:" + git.port() + "/priv";
            DirectConfig d = DirectConfig.builder().privateModules("corp.example.test").repos(List.of(
                    new RepoRule("corp.example.test/priv", "http://alice:p@ss-" + SECRET + "@127.0.0.1:" + git.port() + "/priv"),
                    new RepoRule("corp.example.test/spaced", "http://alice:sp ace-" + SECRET + "@127.0.0.1:" + git.port() + "/priv"))).build();
            try (TestModgate m = new TestModgate(TestModgate.config(data, "off").direct(d), Map.of())) {
                var info = m.get("/corp.example.test/priv/@v/v1.0.0.info");
                String body = new String(info.body(), StandardCharsets.UTF_8);
                assertThat(info.statusCode()).as(body).isEqualTo(200);
                assertThat(body).contains("\"URL\":\"" + base + "\"").doesNotContain(SECRET).doesNotContain("ss-");
                assertThat(git.authorizations()).contains(basic("alice:p@ss-" + SECRET));
                var spaced = m.get("/corp.example.test/spaced/@v/list");
                String refused = new String(spaced.body(), StandardCharsets.UTF_8);
                assertThat(spaced.statusCode()).as(refused).isEqualTo(502);
                assertThat(refused).contains("invalid repository URL http://127.0.0.1:" + git.port() + "/priv").doesNotContain(SECRET).doesNotContain("ace-");
            }
        }
        assertNoSecretAnywhere(data);
    }

    @Test
    void gitCredentialsDoNotFollowARedirectToAnotherPort() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/priv"));
        r.write("go.mod", "module corp.example.test/priv\n").commit("p");
        r.tag("v1.0.0").publish(served.resolve("priv"));
        try (GitHttpServer other = new GitHttpServer(served, "corp.example.test", null)) {
            // The host modgate has credentials for: it wants them, then sends git to another port of the same host.
            Server front = new Server();
            ServerConnector c = new ServerConnector(front);
            c.setHost("127.0.0.1");
            front.addConnector(c);
            List<String> frontAuth = new CopyOnWriteArrayList<>();
            front.setHandler(new Handler.Abstract() {
                @Override public boolean handle(Request request, Response response, Callback callback) {
                    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
                    if (auth == null) {
                        response.setStatus(401);
                        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"git\"");
                    } else {
                        frontAuth.add(auth);
                        response.setStatus(302);
                        response.getHeaders().put(HttpHeader.LOCATION, other.url() + request.getHttpURI().getPathQuery());
                    }
                    response.write(true, ByteBuffer.allocate(0), callback);
                    return true;
                }
            });
            front.start();
            try {
                int port = c.getLocalPort();
                DirectConfig d = DirectConfig.builder().privateModules("corp.example.test").repos(List.of(new RepoRule("corp.example.test/priv", "http://127.0.0.1:" + port + "/priv"))).credentials(Map.of("127.0.0.1:" + port, new HostCredentials("alice", SECRET))).build();
                try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), "off").direct(d), Map.of())) {
                    m.get("/corp.example.test/priv/@v/list");
                }
                assertThat(frontAuth).as("the server the credentials are for got them").contains(basic("alice:" + SECRET));
                assertThat(other.gitRequests()).as("the redirect was followed").isPositive();
                assertThat(other.authorizations()).as("nothing for another port").isEmpty();
            } finally {
                front.stop();
            }
        }
    }

    @Test
    void theChecksumDatabaseHostGetsNetrcCredentials() throws Exception {
        checksumDatabaseBehindBasicAuth(false);
    }

    @Test
    void theChecksumDatabaseHostGetsTheUserinfoOfItsUrl() throws Exception {
        checksumDatabaseBehindBasicAuth(true);
    }

    private void checksumDatabaseBehindBasicAuth(boolean userinfo) throws Exception {
        try (TestSumDb db = new TestSumDb("sumdb.auth.example")) {
            db.add(MOD, "v1.0.0", "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                    DirHash.hashGoMod("module example.test/auth\n".getBytes(StandardCharsets.UTF_8)));
            // The database behind a front that wants Basic auth, as a corporate mirror of sum.golang.org might.
            Server front = new Server();
            ServerConnector c = new ServerConnector(front);
            c.setHost("127.0.0.1");
            front.addConnector(c);
            List<String> frontAuth = new CopyOnWriteArrayList<>();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            front.setHandler(new Handler.Abstract() {
                @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
                    if (!basic("alice:" + SECRET).equals(auth)) {
                        response.setStatus(401);
                        response.write(true, ByteBuffer.allocate(0), callback);
                        return true;
                    }
                    frontAuth.add(auth);
                    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(db.url() + request.getHttpURI().getPathQuery())).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    response.setStatus(r.statusCode());
                    response.write(true, ByteBuffer.wrap(r.body()), callback);
                    return true;
                }
            });
            front.start();
            try {
                Path netrc = tmp.resolve("netrc");
                Files.writeString(netrc, "machine 127.0.0.1 login alice password " + SECRET + "\n");
                String dbUrl = "http://" + (userinfo ? "alice:" + SECRET + "@" : "") + "127.0.0.1:" + c.getLocalPort();
                ServerConfig.Builder cfg = TestModgate.config(tmp.resolve("data"), "http://alice:" + SECRET + "@127.0.0.1:" + upstream.port())
                        .direct(userinfo ? DirectConfig.none() : DirectConfig.builder().netrc(netrc).build())
                        .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(db.key() + " " + dbUrl)).build());
                assertThat(cfg.build().sumdb().publicDb().toString()).as("what the startup log prints").doesNotContain(SECRET);
                try (TestModgate m = new TestModgate(cfg, Map.of())) {
                    var mod = m.get("/" + MOD + "/@v/v1.0.0.mod");
                    assertThat(mod.statusCode()).as(new String(mod.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                }
                assertThat(frontAuth).as("the database's host got its credentials").isNotEmpty();
                assertThat(db.requestsStartingWith("/lookup/" + MOD + "@v1.0.0")).as("the lookup went through").isPositive();
            } finally {
                front.stop();
            }
        }
        assertNoSecretAnywhere(tmp.resolve("data"));
    }

    /** The module is served; a path the upstream redirects to the other port is fetched there without Authorization. */
    private void servedAndRedirectsCarryNothing(TestModgate m) throws Exception {
        for (String p : new String[] {"/@v/list", "/@v/v1.0.0.info", "/@v/v1.0.0.mod"}) {
            var r = m.get("/" + MOD + p);
            assertThat(r.statusCode()).as(p + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        }
        assertThat(upstream.authorizations).contains(basic("alice:" + SECRET));
        var moved = m.get("/example.test/moved/@v/list");
        assertThat(new String(moved.body(), StandardCharsets.UTF_8)).isEqualTo("v0.1.0\n");
        assertThat(elsewhere.requests).as("the redirect was followed").isNotEmpty();
        assertThat(elsewhere.authorizations).as("no credentials for another port").isEmpty();
        var failed = m.get("/example.test/broken/@v/list");
        String body = new String(failed.body(), StandardCharsets.UTF_8);
        assertThat(failed.statusCode()).as(body).isEqualTo(502);
        assertThat(body).contains("127.0.0.1:" + upstream.port()).doesNotContain(SECRET).doesNotContain("alice");
        for (ILoggingEvent e : logs.list) assertThat(e.getFormattedMessage()).doesNotContain(SECRET);
    }

    private void assertNoSecretAnywhere(Path data) throws Exception {
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(SECRET);
            if (e.getThrowableProxy() != null) assertThat(e.getThrowableProxy().getMessage()).doesNotContain(SECRET);
        }
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(SECRET);
            }
        }
    }

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A GOPROXY on loopback: example.test/auth v1.0.0 behind Basic auth, example.test/moved redirected to another
     * server, example.test/broken failing; it records every Authorization header it gets.
     */
    static final class AuthProxy implements AutoCloseable {
        final Server server = new Server();
        final ServerConnector connector = new ServerConnector(server);
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        AuthProxy(String basicAuth, String redirectTo) throws Exception {
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override public boolean handle(Request request, Response response, Callback callback) {
                    String path = request.getHttpURI().getPath();
                    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
                    requests.add(path);
                    if (auth != null) authorizations.add(auth);
                    if (basicAuth != null && !basic(basicAuth).equals(auth)) {
                        response.setStatus(401);
                        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"proxy\"");
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                        response.write(true, ByteBuffer.wrap("authentication required\n".getBytes(StandardCharsets.UTF_8)), callback);
                        return true;
                    }
                    if (redirectTo != null && path.startsWith("/example.test/moved/")) {
                        response.setStatus(302);
                        response.getHeaders().put(HttpHeader.LOCATION, redirectTo + path);
                        response.write(true, ByteBuffer.allocate(0), callback);
                        return true;
                    }
                    String body = switch (path) {
                        case "/example.test/auth/@v/list" -> "v1.0.0\n";
                        case "/example.test/auth/@v/v1.0.0.info" -> "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
                        case "/example.test/auth/@v/v1.0.0.mod" -> "module example.test/auth\n";
                        case "/example.test/moved/@v/list" -> "v0.1.0\n";
                        default -> null;
                    };
                    if (path.startsWith("/example.test/broken/")) {
                        response.setStatus(500);
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                        response.write(true, ByteBuffer.wrap("upstream is broken\n".getBytes(StandardCharsets.UTF_8)), callback);
                        return true;
                    }
                    response.setStatus(body == null ? 404 : 200);
                    response.write(true, ByteBuffer.wrap((body == null ? "not found\n" : body).getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
            });
            server.start();
        }

        int port() { return connector.getLocalPort(); }

        String url() { return "http://127.0.0.1:" + port(); }

        @Override public void close() throws Exception { server.stop(); }
    }
}
