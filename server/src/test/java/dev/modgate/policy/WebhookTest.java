package dev.modgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modgate.net.Outbound;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The policy webhook against a real validator on loopback that answers, refuses, lies, stalls or redirects: only a
 * 200 with a JSON object and a boolean Valid is a decision; everything else is an error that on-error decides, with
 * a one-line reason that names the URL without its secret.
 */
class WebhookTest {
    /** For the webhooks that are slow on purpose. */
    static final Duration TIMEOUT = Duration.ofMillis(300);
    /** For the ones that answer: a cold JVM on a busy machine may take longer than 300ms for its first request. */
    static final Duration AMPLE = Duration.ofSeconds(5);
    static final String SECRET = "s3cret-Webhook-77a1";

    Outbound outbound;
    Validator hook;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach void start() throws IOException {
        outbound = new Outbound(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 8, Map.of());
        hook = new Validator();
        logs = new ListAppender<>();
        logs.start();
        logger().addAppender(logs);
    }

    @AfterEach void stop() {
        logger().detachAppender(logs);
        hook.close();
        outbound.close();
    }

    static ch.qos.logback.classic.Logger logger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Webhook.class);
    }

    Webhook webhook(boolean allowOnError) {
        return new Webhook(hook.url(), AMPLE, allowOnError, outbound);
    }

    @Test void validTrueAllows() {
        hook.answer(200, "{\"Valid\":true}");
        assertThat(webhook(false).check("example.com/a", "v1.0.0", "zip", "10.0.0.7"))
                .isEqualTo(new Webhook.Answer(true, null, false));
    }

    @Test void validFalseDeniesWithTheWebhooksReason() {
        hook.answer(200, "{\"Valid\":false,\"Reason\":\"CVE-2025-0001 in this version\"}");
        assertThat(webhook(true).check("example.com/a", "v1.0.0", "zip", null))
                .isEqualTo(new Webhook.Answer(false, "CVE-2025-0001 in this version", false));
    }

    @Test void postsExactlyModuleVersionKindAndClientAsJson() throws Exception {
        hook.answer(200, "{\"Valid\":true}");
        Webhook w = webhook(false);
        w.check("example.com/a", "v1.2.3", "mod", "10.0.0.7");
        w.check("example.com/b", "v0.1.0", "info", null);

        assertThat(hook.requests).hasSize(2);
        Received first = hook.requests.get(0);
        assertThat(first.method).isEqualTo("POST");
        assertThat(first.contentType).isEqualTo("application/json");
        JsonNode json = new ObjectMapper().readTree(first.body);
        assertThat(fieldNames(json)).containsExactly("Module", "Version", "Kind", "Client");
        assertThat(json.get("Module").textValue()).isEqualTo("example.com/a");
        assertThat(json.get("Version").textValue()).isEqualTo("v1.2.3");
        assertThat(json.get("Kind").textValue()).isEqualTo("mod");
        assertThat(json.get("Client").textValue()).isEqualTo("10.0.0.7");
        JsonNode second = new ObjectMapper().readTree(hook.requests.get(1).body);
        assertThat(fieldNames(second)).containsExactly("Module", "Version", "Kind", "Client");
        assertThat(second.get("Client").isNull()).as("no client: null").isTrue();
    }

    @Test void aSlowWebhookTimesOutAndOnErrorDecides() {
        hook.answer(200, "{\"Valid\":true}").delayMillis = 2000;
        for (boolean allow : new boolean[] {false, true}) {
            long start = System.nanoTime();
            Webhook.Answer a = new Webhook(hook.url(), TIMEOUT, allow, outbound).check("example.com/a", "v1.0.0", "zip", null);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(a.failed()).isTrue();
            assertThat(a.valid()).isEqualTo(allow);
            assertThat(a.reason()).isEqualTo("policy webhook " + origin(hook.url()) + " did not answer within 300ms; on-error=" + (allow ? "allow" : "deny"));
            assertThat(tookMillis).as("bounded by timeout=300ms, not the 5s read timeout").isLessThan(1500);
        }
    }

    @Test void aWebhookThatAcceptsNoConnectionTimesOutWithinTheTimeoutNotTheConnectTimeout() throws IOException {
        // A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs.
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        queued.add(s);
                    } catch (IOException e) {
                        s.close();
                        break; // the queue is full
                    }
                }
                assertThat(queued).as("the accept queue filled up").hasSizeLessThan(8);
                URI url = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/check");
                long start = System.nanoTime();
                Webhook.Answer a = new Webhook(url, TIMEOUT, false, outbound).check("example.com/a", "v1.0.0", "zip", null);
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(a).isEqualTo(new Webhook.Answer(false, "policy webhook " + origin(url) + " did not answer within 300ms; on-error=deny", true));
                assertThat(tookMillis).as("not the 5s connect timeout").isLessThan(1500);
            } finally {
                for (java.net.Socket s : queued) s.close();
            }
        }
    }

    @Test void aBodyThatStallsAfterTheHeadersTimesOutToo() {
        hook.respond = ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("{\"Valid\":".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            sleep(2000);
            ex.getResponseBody().write("true}".getBytes(StandardCharsets.UTF_8));
            return null;
        };
        Webhook.Answer a = new Webhook(hook.url(), TIMEOUT, false, outbound).check("example.com/a", "v1.0.0", "zip", null);
        assertThat(a).isEqualTo(new Webhook.Answer(false, "policy webhook " + origin(hook.url()) + " did not answer within 300ms; on-error=deny", true));
    }

    /** A key in the path or query (Azure Functions' ?code=, Slack-style token paths) is shown nowhere, as a password. */
    @Test void aKeyInThePathOrQueryIsShownNowhere() {
        hook.answer(500, "down");
        URI keyed = URI.create(hook.url() + "/T0KEN-in-path?code=KEY-in-query");
        Webhook w = new Webhook(keyed, AMPLE, false, outbound);
        Webhook.Answer a = w.check("example.com/a", "v1.0.0", "zip", null);
        assertThat(a.failed()).isTrue();
        assertThat(a.reason() + " " + w).doesNotContain("T0KEN").doesNotContain("KEY-in-query").contains(origin(hook.url()));
        assertThat(warnings()).allSatisfy(l -> assertThat(l).doesNotContain("T0KEN").doesNotContain("KEY-in-query"));
    }

    @Test void serverErrorIsAnError() {
        hook.answer(500, "{\"Valid\":true}");
        assertThat(webhook(false).check("example.com/a", "v1.0.0", "zip", null))
                .isEqualTo(new Webhook.Answer(false, "policy webhook " + origin(hook.url()) + " answered 500, not 200; on-error=deny", true));
    }

    @Test void aRedirectIsNotFollowed() throws IOException {
        try (Validator target = new Validator()) {
            target.answer(200, "{\"Valid\":true}");
            hook.respond = ex -> {
                ex.getResponseHeaders().add("Location", target.url().toString());
                ex.sendResponseHeaders(302, -1);
                return null;
            };
            Webhook.Answer a = webhook(false).check("example.com/a", "v1.0.0", "zip", null);
            assertThat(a.failed()).isTrue();
            assertThat(a.valid()).isFalse();
            assertThat(a.reason()).startsWith("policy webhook " + origin(hook.url()) + " redirected (302)").endsWith("; on-error=deny");
            assertThat(hook.requests).hasSize(1);
            assertThat(target.requests).as("the redirect target").isEmpty();
        }
    }

    @Test void answersThatAreNoDecisionAreErrors() {
        String[][] cases = {
                {"not JSON", "yes", "answered with no valid JSON"},
                {"empty", "", "answered with no JSON object"},
                {"an array", "[true]", "answered with no JSON object"},
                {"Valid as a string", "{\"Valid\":\"true\"}", "answered with no boolean \"Valid\""},
                {"Valid as a number", "{\"Valid\":1}", "answered with no boolean \"Valid\""},
                {"no Valid", "{\"Reason\":\"fine\"}", "answered with no boolean \"Valid\""},
                {"Reason not a string", "{\"Valid\":false,\"Reason\":{\"text\":\"x\"}}", "answered with a \"Reason\" that is not a string"},
                {"trailing garbage", "{\"Valid\":true} trailing", "answered with no valid JSON"},
                {"two objects", "{\"Valid\":false}{\"Valid\":true}", "answered with no valid JSON"},
                {"Valid twice", "{\"Valid\":false,\"Valid\":true}", "answered with no valid JSON"},
        };
        for (String[] c : cases) {
            hook.answer(200, c[1]);
            Webhook.Answer a = webhook(true).check("example.com/a", "v1.0.0", "zip", null);
            assertThat(a.failed()).as(c[0]).isTrue();
            assertThat(a.valid()).as(c[0] + ": on-error=allow").isTrue();
            assertThat(a.reason()).as(c[0]).startsWith("policy webhook " + origin(hook.url()) + " " + c[2]).endsWith("; on-error=allow");
        }
    }

    @Test void aHugeAnswerIsAnError() {
        hook.answer(200, "{\"Valid\":true,\"Reason\":\"" + "x".repeat(1 << 20) + "\"}");
        Webhook.Answer a = webhook(false).check("example.com/a", "v1.0.0", "zip", null);
        assertThat(a.failed()).isTrue();
        assertThat(a.valid()).isFalse();
        assertThat(a.reason()).contains("failed: answer from http://127.0.0.1:" + hook.port() + " is larger than the limit of 65536 bytes").endsWith("; on-error=deny").hasSizeLessThan(500);
    }

    @Test void theWebhooksReasonIsOneSanitizedLineOfAtMost300Characters() {
        String raw = "  line one\r\nline two\tand\u0007 a bell\u001b[31m\u2028" + "y".repeat(400) + "\n";
        hook.answer(200, "{\"Valid\":false,\"Reason\":" + quote(raw) + "}");
        Webhook.Answer a = webhook(false).check("example.com/a", "v1.0.0", "zip", null);
        assertThat(a.failed()).isFalse();
        assertThat(a.reason()).startsWith("line one  line two and  a bell [31m ").endsWith("y…").hasSize(301);
        assertThat(a.reason().chars()).noneMatch(Character::isISOControl);
        assertThat(a.reason()).doesNotContain("\u2028");

        hook.answer(200, "{\"Valid\":false,\"Reason\":\" \\n \"}");
        assertThat(webhook(false).check("example.com/a", "v1.0.0", "zip", null).reason()).as("nothing left: no reason").isNull();
    }

    @Test void aClosedPortIsAnError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Webhook w = new Webhook(URI.create("http://127.0.0.1:" + port + "/check"), TIMEOUT, true, outbound);
        Webhook.Answer a = w.check("example.com/a", "v1.0.0", "zip", null);
        assertThat(a.failed()).isTrue();
        assertThat(a.valid()).isTrue();
        assertThat(a.reason()).isEqualTo("policy webhook http://127.0.0.1:" + port + " failed: connecting to http://127.0.0.1:" + port
                + ": connection refused; on-error=allow");
    }

    @Test void aDecisionIsAskedOncePerModuleVersionWhateverTheKindOrClient() {
        hook.answer(200, "{\"Valid\":false,\"Reason\":\"no\"}");
        Webhook w = webhook(true);
        Webhook.Answer first = w.check("example.com/a", "v1.0.0", "info", "a");
        assertThat(w.check("example.com/a", "v1.0.0", "zip", "b")).isEqualTo(first);
        assertThat(w.check("example.com/a", "v1.0.0", "mod", null)).isEqualTo(first);
        assertThat(hook.requests).hasSize(1);
        w.check("example.com/a", "v1.0.1", "zip", null);
        assertThat(hook.requests).as("another version is another question").hasSize(2);
        webhook(true).check("example.com/a", "v1.0.0", "zip", null);
        assertThat(hook.requests).as("a new Webhook (a new policy version) asks again").hasSize(3);
    }

    @Test void concurrentChecksOfOneVersionMakeOnePost() throws Exception {
        hook.answer(200, "{\"Valid\":true}").delayMillis = 200; // all 16 ask while the first is in flight
        Webhook w = webhook(false);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Webhook.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                String client = "client-" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return w.check("example.com/a", "v1.0.0", "zip", client);
                }));
            }
            go.countDown();
            for (Future<Webhook.Answer> f : answers) assertThat(f.get()).isEqualTo(new Webhook.Answer(true, null, false));
        }
        assertThat(hook.requests).hasSize(1);
    }

    @Test void anErrorStandsForTenSecondsThenTheWebhookIsAskedAgain() {
        AtomicLong nanos = new AtomicLong();
        Webhook w = new Webhook(hook.url(), AMPLE, false, outbound, nanos::get);
        hook.answer(500, "down");
        assertThat(w.check("example.com/a", "v1.0.0", "zip", null).failed()).isTrue();
        assertThat(w.check("example.com/a", "v1.0.0", "zip", null).failed()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(w.check("example.com/a", "v1.0.0", "zip", null).failed()).isTrue();
        assertThat(hook.requests).as("a down webhook is not asked by every request").hasSize(1);

        hook.answer(200, "{\"Valid\":true}");
        nanos.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(w.check("example.com/a", "v1.0.0", "zip", null)).isEqualTo(new Webhook.Answer(true, null, false));
        assertThat(hook.requests).hasSize(2);
        nanos.addAndGet(Duration.ofDays(30).toNanos());
        w.check("example.com/a", "v1.0.0", "zip", null);
        assertThat(hook.requests).as("a decision stands for the life of the policy").hasSize(2);
    }

    @Test void oneWarningPerFailureEpisode() {
        hook.answer(500, "down");
        Webhook w = webhook(false);
        w.check("example.com/a", "v1.0.0", "zip", null);
        w.check("example.com/b", "v1.0.0", "zip", null);
        w.check("example.com/c", "v1.0.0", "zip", null);
        assertThat(warnings()).singleElement().asString()
                .isEqualTo("policy webhook " + origin(hook.url()) + " answered 500, not 200; on-error=deny (further failures are not logged until it answers again)");
        hook.answer(200, "{\"Valid\":true}");
        w.check("example.com/d", "v1.0.0", "zip", null);
        hook.answer(502, "down again");
        w.check("example.com/e", "v1.0.0", "zip", null);
        assertThat(warnings()).as("a new episode").hasSize(2);
    }

    @Test void userinfoIsSentAsBasicCredentialsAndShownNowhere() {
        URI withSecret = URI.create("http://alice:" + SECRET + "@127.0.0.1:" + hook.port() + "/check");
        hook.answer(200, "{\"Valid\":true}");
        Webhook w = new Webhook(withSecret, AMPLE, false, outbound);
        assertThat(w.check("example.com/a", "v1.0.0", "zip", null).valid()).isTrue();
        assertThat(hook.requests.get(0).authorization)
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(w.toString()).isEqualTo(origin(hook.url()));

        List<String> shown = new ArrayList<>();
        hook.answer(500, "down");
        shown.add(w.check("example.com/b", "v1.0.0", "zip", null).reason());
        hook.answer(200, "{\"Valid\":true}").delayMillis = 2000;
        Webhook impatient = new Webhook(withSecret, TIMEOUT, false, outbound);
        shown.add(impatient.check("example.com/c", "v1.0.0", "zip", null).reason());
        shown.add(impatient.toString());
        hook.close();
        shown.add(w.check("example.com/d", "v1.0.0", "zip", null).reason());
        assertThat(warnings()).as("one per webhook's failure episode").hasSize(2);
        logs.list.forEach(e -> shown.add(e.getFormattedMessage()));
        assertThat(shown).hasSizeGreaterThanOrEqualTo(6).allSatisfy(s -> assertThat(s).doesNotContain(SECRET).doesNotContain("alice"));
    }

    @Test void configuredCredentialsForTheWebhooksHostAndPortAreSent() {
        hook.answer(200, "{\"Valid\":true}");
        webhook(false).check("example.com/a", "v1.0.0", "zip", null);
        assertThat(hook.requests.get(0).authorization).as("none configured").isNull();

        var bob = new dev.modgate.auth.HostCredentials("bob", SECRET);
        try (Outbound withNetrc = new Outbound(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 8, Map.of(),
                new dev.modgate.auth.Credentials(Map.of(), Map.of("127.0.0.1:" + hook.port(), bob)))) {
            new Webhook(hook.url(), AMPLE, false, withNetrc).check("example.com/a", "v1.0.0", "zip", null);
        }
        assertThat(hook.requests.get(1).authorization).isEqualTo(bob.basicAuthorization());
    }

    @Test void onlyHttpUrlsWithAHost() {
        for (String bad : List.of("ftp://alice:" + SECRET + "@host/check", "file:///tmp/check", "/check")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new Webhook(URI.create(bad), TIMEOUT, false, outbound)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be an http:// or https:// URL")
                    .hasMessageNotContaining(SECRET);
        }
    }

    List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    static String quote(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Received(String method, String contentType, String authorization, byte[] body) {}

    /** A validator on loopback: records every request, then answers as told. */
    static final class Validator implements AutoCloseable {
        interface Respond {
            Void to(HttpExchange ex) throws IOException;
        }

        final HttpServer server;
        final List<Received> requests = new CopyOnWriteArrayList<>();
        volatile Respond respond;
        volatile long delayMillis;

        Validator() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                try (ex) {
                    requests.add(new Received(ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Content-Type"),
                            ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestBody().readAllBytes()));
                    sleep(delayMillis);
                    respond.to(ex);
                } catch (IOException e) {
                    // the client gave up (a timeout test): nothing to answer
                }
            });
            server.start();
        }

        Validator answer(int status, String body) {
            delayMillis = 0;
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            respond = ex -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b);
                }
                return null;
            };
            return this;
        }

        int port() { return server.getAddress().getPort(); }

        URI url() { return URI.create("http://127.0.0.1:" + port() + "/check"); }

        private boolean closed;

        @Override public synchronized void close() {
            if (!closed) server.stop(0);
            closed = true;
        }
    }


    /** How a webhook is named wherever it is shown: its origin, never its path or query (they may hold a key). */
    private static String origin(Object url) {
        URI u = URI.create(url.toString());
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }
}
