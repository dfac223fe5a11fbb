package dev.modgate.e2e;

import static dev.modgate.e2e.PolicyFixture.body;
import static dev.modgate.e2e.PolicyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Cli;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `modgate policy` against a running server on the same data directory: explain says what the server does for
 * every rule kind; check validates files; approve and revoke change what the server does without a restart.
 */
class PolicyCliTest {
    static final String POLICY = """
            contact "ask #platform-security on chat"
            default deny
            allow example.com/b,example.com/lib,example.com/pinned,example.com/fresh,example.com/hooked
            deny example.com/b <v1.1.0 reason "CVE-2026-0001"
            pin example.com/pinned v1.1.0
            cooldown * 7d except example.com/b,example.com/lib,example.com/pinned
            retracted deny
            """;

    @TempDir static Path tmp;
    static PolicyFixture fixture;
    static TestModgate modgate;
    static Path data;

    @BeforeAll static void start() throws Exception {
        fixture = new PolicyFixture(tmp);
        fixture.write(POLICY);
        data = tmp.resolve("data");
        modgate = new TestModgate(TestModgate.config(data, fixture.upstream()).policy(fixture.policy), Map.of());
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
    }

    static String zip(String mv) {
        int at = mv.indexOf('@');
        return "/" + mv.substring(0, at) + "/@v/" + mv.substring(at + 1) + ".zip";
    }

    @Test
    void explainAgreesWithTheServerForEveryRuleKind() throws Exception {
        // module@version, what the server answers, the deciding rule (null: allowed by a line without a rule to name)
        record Case(String mv, int status, String verdict, String rule) {}
        List<Case> cases = List.of(
                new Case("example.com/b@v1.0.0", 403, "deny", "policy.txt:4"),           // deny with a range
                new Case("example.com/b@v1.1.0", 200, null, "policy.txt:3"),             // allow
                new Case("example.com/pinned@v1.0.0", 403, "deny", "policy.txt:5"),      // not one of the pins
                new Case("example.com/pinned@v1.1.0", 200, null, "policy.txt:5"),        // a pin
                new Case("example.com/cool@v1.0.0", 403, "deny", "policy.txt:2"),        // default deny
                new Case("example.com/fresh@v1.0.0", 403, "hold", "policy.txt:6"),       // cooldown
                new Case("example.com/lib@v1.3.0", 403, "deny", "policy.txt:7"),         // retracted deny
                new Case("example.com/lib@v1.2.0", 200, null, "policy.txt:3"));
        for (Case c : cases) {
            HttpResponse<byte[]> served = modgate.get(zip(c.mv()));
            assertThat(served.statusCode()).as(c.mv() + ": " + body(served)).isEqualTo(c.status());
            if (c.verdict() != null) {
                assertThat(header(served)).as(c.mv()).startsWith(c.verdict() + " " + c.rule());
                assertThat(body(served)).as(c.mv()).contains(c.rule());
            }
            Cli.Result explain = Cli.run("policy", "explain", c.mv(), "--policy", fixture.policy.toString(), "--data", data.toString(),
                    "--upstream", fixture.upstream());
            assertThat(explain.exit()).as(c.mv() + ": " + explain.out() + explain.err()).isEqualTo(c.status() == 200 ? 0 : 3);
            assertThat(explain.out()).as(c.mv()).startsWith(c.mv() + ": ").contains("(" + c.rule() + ")")
                    .contains(c.status() == 200 ? ".zip:           served" : ".zip:           refused with 403");
            if ("hold".equals(c.verdict())) assertThat(explain.out()).contains("held until");
        }
    }

    /** The webhook is a rule kind too: explain asks it as the server does, and names the same line. */
    @Test
    void explainAgreesWithTheServerOnTheWebhooksAnswer() throws Exception {
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/check", ex -> {
            String asked = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            byte[] answer = (asked.contains("\"v1.0.0\"") ? "{\"Valid\":false,\"Reason\":\"scanner: flagged as malware\"}" : "{\"Valid\":true}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        hook.start();
        Path dir = Files.createDirectories(tmp.resolve("hooked-policy"));
        Path policy = dir.resolve("policy.txt");
        Files.writeString(policy, "# the scanner decides\nwebhook http://127.0.0.1:" + hook.getAddress().getPort() + "/check timeout=10s\n");
        Path hookData = tmp.resolve("hook-data");
        try (TestModgate m = new TestModgate(TestModgate.config(hookData, fixture.upstream()).policy(policy), Map.of())) {
            HttpResponse<byte[]> refused = m.get(zip("example.com/hooked@v1.0.0"));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(body(refused)).contains("scanner: flagged as malware").contains("policy.txt:2");
            Cli.Result explain = Cli.run("policy", "explain", "example.com/hooked@v1.0.0", "--policy", policy.toString(), "--data", hookData.toString(),
                    "--upstream", fixture.upstream());
            assertThat(explain.exit()).as(explain.out() + explain.err()).isEqualTo(3);
            assertThat(explain.out()).contains("(policy.txt:2)").contains("scanner: flagged as malware").contains("refused with 403");

            assertThat(m.get(zip("example.com/b@v1.1.0")).statusCode()).isEqualTo(200);
            Cli.Result allowed = Cli.run("policy", "explain", "example.com/b@v1.1.0", "--policy", policy.toString(), "--data", hookData.toString(),
                    "--upstream", fixture.upstream());
            assertThat(allowed.exit()).as(allowed.out() + allowed.err()).isZero();
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void checkPrintsWhatAFileHoldsOrTheLineThatIsWrong() throws Exception {
        Cli.Result good = Cli.run("policy", "check", fixture.policy.toString());
        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.out()).contains("policy.txt: ok").contains("default deny").contains("1 pin").contains("1 cooldown").contains("retracted deny");

        Path unknown = Files.createDirectories(tmp.resolve("broken1")).resolve("policy.txt");
        Files.writeString(unknown, "default deny\nalow example.com/*\n");
        Cli.Result r1 = Cli.run("policy", "check", unknown.toString());
        assertThat(r1.exit()).isEqualTo(1);
        assertThat(r1.err()).contains("policy.txt:2: unknown rule \"alow\"");

        Path range = Files.createDirectories(tmp.resolve("broken2")).resolve("policy.txt");
        Files.writeString(range, "# comment\n\ndeny example.com/b <<v1.1.0 reason \"x\"\n");
        Cli.Result r2 = Cli.run("policy", "check", range.toString());
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(r2.err()).contains("policy.txt:3:");

        Path quote = Files.createDirectories(tmp.resolve("broken3")).resolve("policy.txt");
        Files.writeString(quote, "default allow\ncontact \"unterminated\n");
        Cli.Result r3 = Cli.run("policy", "check", quote.toString());
        assertThat(r3.exit()).isEqualTo(1);
        assertThat(r3.err()).contains("policy.txt:2:");
    }

    @Test
    void anApprovalReleasesAHeldVersionWithoutRestartAndARevocationHoldsItAgain() throws Exception {
        String mv = "example.com/hooked@v1.0.0";
        HttpResponse<byte[]> held = modgate.get(zip(mv));
        assertThat(held.statusCode()).isEqualTo(403);
        assertThat(body(held)).startsWith("denied by policy: " + mv).contains("held until").contains("policy.txt:6");

        Cli.Result requests = Cli.run("policy", "requests", "--data", data.toString());
        assertThat(requests.exit()).as(requests.err()).isZero();
        assertThat(requests.out()).as("the refused request is recorded for the operators")
                .contains(mv).contains("policy.txt:6").contains("127.0.0.1");

        Cli.Result approve = Cli.run("policy", "approve", mv, "--data", data.toString(), "--by", "alice", "--reason", "reviewed");
        assertThat(approve.exit()).as(approve.err()).isZero();
        try (var files = Files.list(data.resolve(".modgate").resolve("policy"))) {
            assertThat(files.toList()).as("kept in the data directory, where every server on it reads it").isNotEmpty();
        }
        assertThat(awaitZip(mv, s -> s == 200)).as("released within 3 s, without a restart").isEqualTo(200);
        GoTool go = new GoTool(tmp.resolve("home")).set("GOPROXY", modgate.url() + ",direct").freshModCache("approved");
        GoTool.Result download = go.run(Files.createDirectories(tmp.resolve("work")), "mod", "download", mv);
        assertThat(download.exit()).as(download.all()).isZero();

        Cli.Result approvals = Cli.run("policy", "approvals", "--data", data.toString());
        assertThat(approvals.out()).contains("approve " + mv + " by alice: reviewed");
        assertThat(Cli.run("policy", "requests", "--data", data.toString()).out()).as("an approved request is no longer pending").doesNotContain(mv);

        Cli.Result revoke = Cli.run("policy", "revoke", mv, "--data", data.toString(), "--by", "bob", "--reason", "withdrawn");
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(awaitZip(mv, s -> s == 403)).as("held again within 3 s").isEqualTo(403);
        assertThat(Cli.run("policy", "approvals", "--data", data.toString()).out())
                .contains("approve " + mv + " by alice: reviewed").contains("revoke " + mv + " by bob: withdrawn");
    }

    /** The .zip's status once it satisfies done, polled for up to 3 s; the last status seen otherwise. */
    private static int awaitZip(String mv, IntPredicate done) throws Exception {
        long start = System.nanoTime();
        int status = modgate.get(zip(mv)).statusCode();
        while (!done.test(status) && System.nanoTime() - start < 3_000_000_000L) {
            Thread.sleep(50);
            status = modgate.get(zip(mv)).statusCode();
        }
        return status;
    }
}
