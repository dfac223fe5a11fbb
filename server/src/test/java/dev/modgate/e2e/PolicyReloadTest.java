package dev.modgate.e2e;

import static dev.modgate.e2e.PolicyFixture.body;
import static dev.modgate.e2e.PolicyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modgate.policy.PolicyGate;
import dev.modgate.testing.ExpectedErrors;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 14 item 5: the policy file is read again when it changes; a file that does not parse leaves the old one in
 * force; every refusal is logged once per module@version and policy version.
 */
class PolicyReloadTest {
    @TempDir Path tmp;

    static final String FIRST = """
            contact "ask #platform-security on chat"
            deny example.com/b <v1.1.0 reason "CVE-2026-0001"
            """;

    @Test
    void aValidEditTakesEffectWithinASecondAndABrokenOneIsRefusedKeepingThePolicyInForce() throws Exception {
        PolicyFixture fixture = new PolicyFixture(tmp);
        fixture.write(FIRST);
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), fixture.upstream()).policy(fixture.policy), Map.of())) {
            assertThat(m.get("/example.com/b/@v/v1.0.0.zip").statusCode()).isEqualTo(403);
            assertThat(m.get("/example.com/b/@v/v1.2.0.zip").statusCode()).isEqualTo(200);

            // A valid edit: v1.2.0 is withdrawn. Seen by the next requests within about a second, no restart.
            String second = FIRST + "deny example.com/b v1.2.0 reason \"withdrawn by its authors\"\n";
            long start = System.nanoTime();
            fixture.write(second);
            HttpResponse<byte[]> refused = m.get("/example.com/b/@v/v1.2.0.zip");
            while (refused.statusCode() == 200 && System.nanoTime() - start < 3_000_000_000L) {
                Thread.sleep(50);
                refused = m.get("/example.com/b/@v/v1.2.0.zip");
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(tookMillis).as("the edit took effect within ~1 s (the file is checked every second)").isLessThan(2500);
            assertThat(body(refused)).startsWith("denied by policy: example.com/b@v1.2.0").contains("policy.txt:3").contains("withdrawn by its authors");
            assertNoServerPath(refused);
            String inForce = m.server().pipeline().policy().gate().file().version();

            // A broken edit (line 4 is not a rule; line 3 would allow what is denied): refused with an ERROR, old policy kept.
            fixture.write(FIRST + "allow example.com/b v1.2.0\ndenny example.com/lib\n");
            String expected = "LivePolicy policy file not used, the previous policy stays in force: " + fixture.policy + ":4:";
            start = System.nanoTime();
            while (ExpectedErrors.seen().stream().noneMatch(l -> l.startsWith(expected))) {
                assertThat(System.nanoTime() - start).as("an error for the broken file in the log within 3 s: " + expected + "; seen: " + ExpectedErrors.seen())
                        .isLessThan(3_000_000_000L);
                Thread.sleep(50);
            }
            assertThat(m.server().pipeline().policy().gate().file().version()).isEqualTo(inForce);
            HttpResponse<byte[]> still = m.get("/example.com/b/@v/v1.2.0.zip");
            assertThat(still.statusCode()).isEqualTo(403);
            assertThat(header(still)).isEqualTo("deny policy.txt:3");
            assertNoServerPath(still);
            assertThat(m.get("/example.com/lib/@v/v1.0.0.zip").statusCode()).isEqualTo(200);

            // Fixed again: taken at once.
            fixture.use(m, FIRST);
            assertThat(m.get("/example.com/b/@v/v1.2.0.zip").statusCode()).isEqualTo(200);
            assertThat(m.get("/example.com/b/@v/v1.0.0.zip").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aRefusalIsLoggedOncePerModuleVersionAndPolicyVersion() throws Exception {
        Logger gateLog = (Logger) LoggerFactory.getLogger(PolicyGate.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level level = gateLog.getLevel();
        boolean additive = gateLog.isAdditive();
        gateLog.setLevel(Level.INFO);
        gateLog.setAdditive(false); // kept here, off the test output
        gateLog.addAppender(logs);
        PolicyFixture fixture = new PolicyFixture(tmp);
        fixture.write(FIRST);
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), fixture.upstream()).policy(fixture.policy), Map.of())) {
            for (int i = 0; i < 3; i++) assertThat(m.get("/example.com/b/@v/v1.0.0.zip").statusCode()).isEqualTo(403);
            assertThat(m.get("/example.com/b/@v/v1.0.0.info").statusCode()).isEqualTo(200);
            assertThat(m.get("/example.com/b/@v/v1.1.0.zip").statusCode()).isEqualTo(200);
            assertThat(refusals(logs, "example.com/b@v1.0.0")).hasSize(1).allSatisfy(l -> assertThat(l).contains("denied by deny example.com/b <v1.1.0 (policy.txt:2)"));
            assertThat(refusals(logs, "example.com/b@v1.1.0")).as("allowed versions are not logged").isEmpty();

            fixture.use(m, FIRST + "# a new policy version, the same rules\n");
            for (int i = 0; i < 2; i++) assertThat(m.get("/example.com/b/@v/v1.0.0.zip").statusCode()).isEqualTo(403);
            assertThat(refusals(logs, "example.com/b@v1.0.0")).hasSize(2);
        } finally {
            gateLog.detachAppender(logs);
            gateLog.setLevel(level);
            gateLog.setAdditive(additive);
        }
    }

    private static List<String> refusals(ListAppender<ILoggingEvent> logs, String mv) {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains(mv)).toList();
    }

    @Test
    void theServerDoesNotStartWithAPolicyFileThatDoesNotParse() throws Exception {
        PolicyFixture fixture = new PolicyFixture(tmp);
        fixture.write("default deny\ndeny example.com/b <<v1.1.0\n");
        assertThatThrownBy(() -> new TestModgate(TestModgate.config(tmp.resolve("data"), fixture.upstream()).policy(fixture.policy), Map.of()).close())
                .hasMessageContaining("policy.txt:2:");
    }

    /** Neither the 403's text nor any header shows where the server keeps anything: only the policy file's name. */
    private void assertNoServerPath(HttpResponse<byte[]> r) {
        String where = tmp.toString();
        assertThat(body(r)).doesNotContain(where).doesNotContain("/etc/");
        for (var h : r.headers().map().entrySet()) {
            for (String v : h.getValue()) assertThat(v).as(h.getKey()).doesNotContain(where).doesNotContain("/etc/");
        }
        assertThat(List.of(header(r))).allSatisfy(h -> assertThat(h).contains("policy.txt:"));
    }
}
