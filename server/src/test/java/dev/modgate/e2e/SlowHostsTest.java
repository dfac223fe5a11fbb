package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.testing.TestModgate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 11: hosts that trickle their go-import pages one byte a second cannot take every fetch permit. With
 * --max-fetches 8 (one per host), two trickling hosts asked for eight modules hold two permits while the rest of
 * their requests wait for their host's turn; a module on another host is served while every trickling request is
 * still in flight. A trickle is cut once a --read-timeout window brings less than 1 KiB/s, not at --fetch-timeout.
 * Hosts are told apart by host and port; here they are names that a loopback forward proxy answers for.
 */
class SlowHostsTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir Path tmp;

    @Test
    void tricklingHostsDoNotStarveOtherMisses() throws Exception {
        try (Hosts hosts = new Hosts()) {
            DirectConfig direct = DirectConfig.builder().privateModules("*.example.test").insecure("*.example.test").build();
            ServerConfig.Builder cfg = TestModgate.config(tmp.resolve("data"), "off").readTimeout(Duration.ofSeconds(5)).maxFetches(8).direct(direct);
            try (TestModgate m = new TestModgate(cfg, Map.of("HTTP_PROXY", hosts.url()))) {
                List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
                for (String host : new String[] {"slow1", "slow2"}) {
                    for (int i = 0; i < 4; i++) slow.add(get(m, "/" + host + ".example.test/m" + i + "/@v/list"));
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (hosts.trickling.get() < 2 && System.nanoTime() < until) Thread.sleep(20);
                assertThat(hosts.trickling.get()).as("both slow hosts are trickling").isGreaterThanOrEqualTo(2);
                Thread.sleep(300); // the other slow requests queue up meanwhile

                HttpResponse<String> good = get(m, "/good.example.test/m/@v/list").get(60, TimeUnit.SECONDS);
                assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
                assertThat(good.body()).isEqualTo("v1.0.0\n");
                assertThat(slow).as("served while every trickling request was still in flight").noneMatch(CompletableFuture::isDone);
                assertThat(hosts.trickling.get()).as("each slow host had one request in flight at most").isLessThanOrEqualTo(2);

                // The trickle is cut by the minimum rate (a 5 s window here), long before --fetch-timeout (2 minutes).
                HttpResponse<String> cut = CompletableFuture.anyOf(slow.toArray(CompletableFuture[]::new))
                        .thenApply(r -> (HttpResponse<String>) r).get(60, TimeUnit.SECONDS);
                assertThat(cut.statusCode()).isIn(404, 502, 504);
                assertThat(cut.body()).contains("slower than 1 KiB/s");
                hosts.close(); // ends the other trickles; the requests queued behind them then fail fast
                CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(90, TimeUnit.SECONDS);
            }
        }
    }

    static CompletableFuture<HttpResponse<String>> get(TestModgate m, String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(m.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A forward proxy that is the hosts itself: slowN.example.test trickles a page forever; good.example.test's page
     * sends its module to the GOPROXY goodproxy.example.test, which lists v1.0.0.
     */
    static final class Hosts implements AutoCloseable {
        final Server server = new Server();
        final ServerConnector connector = new ServerConnector(server);
        final AtomicInteger trickling = new AtomicInteger();
        volatile boolean closing;

        Hosts() throws Exception {
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String host = request.getHttpURI().getHost();
                    String path = request.getHttpURI().getPath();
                    if (host.startsWith("slow")) {
                        trickle(response, callback);
                        return true;
                    }
                    String body = null;
                    if (host.equals("good.example.test")) {
                        body = "<html><head><meta name=\"go-import\" content=\"good.example.test/m mod http://goodproxy.example.test\"></head></html>\n";
                    } else if (host.equals("goodproxy.example.test") && path.equals("/good.example.test/m/@v/list")) {
                        body = "v1.0.0\n";
                    }
                    response.setStatus(body == null ? 404 : 200);
                    response.write(true, ByteBuffer.wrap((body == null ? "not found\n" : body).getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
            });
            server.start();
        }

        private void trickle(Response response, Callback callback) {
            trickling.incrementAndGet();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write("<html>".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (!closing) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(1000);
                }
                callback.succeeded();
            } catch (IOException | InterruptedException e) {
                callback.failed(e);
            } finally {
                trickling.decrementAndGet();
            }
        }

        String url() { return "http://127.0.0.1:" + connector.getLocalPort(); }

        @Override public void close() throws Exception {
            closing = true;
            server.stop();
        }
    }
}
