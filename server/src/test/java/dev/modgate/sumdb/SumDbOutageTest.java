package dev.modgate.sumdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.net.SourceException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SumDbOutageTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SumDbOutage outage = new SumDbOutage("sum.test.example", Duration.ofSeconds(30), now::get);

    @Test
    void noAnswerAtAllIsRememberedForTheHoldThenForgotten() {
        assertThat(outage.remembered()).isNull();
        for (int i = 0; i < SumDbOutage.CONSECUTIVE; i++) outage.failed(new SourceException(SourceException.Kind.TIMEOUT, "sum.test.example sent no response in 30s"));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        var e = outage.remembered();
        assertThat(e).isInstanceOfSatisfying(SourceException.class, s -> assertThat(s.kind()).isEqualTo(SourceException.Kind.TIMEOUT));
        assertThat(e.getMessage()).contains("sent no response in 30s").contains("asking again in 1s");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(outage.remembered()).as("asked again after the hold").isNull();
    }

    @Test
    void serverErrorsAreAnOutageOfTheSameStatus() {
        for (int i = 0; i < SumDbOutage.CONSECUTIVE; i++) outage.failed(new RemoteStatusException(503, "GET https://sum.test.example/lookup/x@v1.0.0: 503"));
        assertThat(outage.remembered()).isInstanceOfSatisfying(RemoteStatusException.class, r -> assertThat(r.status()).isEqualTo(503));
        outage.answered();
        assertThat(outage.remembered()).isNull();
    }

    /** One lost request is not an outage: every module would be served unverified for the whole while. */
    @Test
    void failuresCountOnlyInARowUpToTheThreshold() {
        var timeout = new SourceException(SourceException.Kind.TIMEOUT, "sum.test.example sent no response in 30s");
        for (int i = 0; i < SumDbOutage.CONSECUTIVE - 1; i++) outage.failed(timeout);
        assertThat(outage.remembered()).isNull();
        outage.answered();
        for (int i = 0; i < SumDbOutage.CONSECUTIVE - 1; i++) outage.failed(timeout);
        assertThat(outage.remembered()).as("an answer in between starts the count again").isNull();
        outage.failed(timeout);
        assertThat(outage.remembered()).isNotNull();
    }

    /** What was served unverified is verified as soon as an answer ends an outage, not on every answer. */
    @Test
    void theEndOfAnOutageIsAnnouncedOnce() {
        java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
        outage.onAnswersAgain(announced::incrementAndGet);
        outage.answered();
        assertThat(announced).hasValue(0);
        for (int i = 0; i < SumDbOutage.CONSECUTIVE; i++) outage.failed(new RemoteStatusException(503, "GET https://sum.test.example/latest: 503"));
        now.addAndGet(Duration.ofSeconds(31).toNanos()); // the hold is over: the next lookup asks, and is answered
        outage.answered();
        outage.answered();
        assertThat(announced).hasValue(1);
    }

    @Test
    void anAnswerThatSaysNoIsNotAnOutage() {
        outage.failed(new RemoteStatusException(404, "GET https://sum.test.example/lookup/x@v1.0.0: 404 not found"));
        outage.failed(new RemoteStatusException(403, "forbidden"));
        outage.failed(new java.io.IOException("modgate is offline (--offline)"));
        assertThat(outage.remembered()).isNull();
    }
}
