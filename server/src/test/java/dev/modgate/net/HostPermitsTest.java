package dev.modgate.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** One server cannot take every permit; servers are host:port with the port made explicit. */
class HostPermitsTest {
    static final long SHORT = 50_000_000L; // a wait that must run out: nothing frees a permit meanwhile

    @Test
    void aHostGetsItsShareAndOthersTheRest() throws Exception {
        HostPermits p = new HostPermits(3, 1);
        HostPermits.Held a = p.acquire(URI.create("http://a.example/x"), SHORT, true);
        assertThat(a).isNotNull();
        assertThat(p.acquire(URI.create("http://a.example:80/y"), SHORT, true)).as("same host and port").isNull();
        HostPermits.Held a2 = p.acquire(URI.create("http://a.example:8080/y"), SHORT, true);
        assertThat(a2).as("another port is another server").isNotNull();
        HostPermits.Held b = p.acquire(URI.create("https://b.example/"), SHORT, true);
        assertThat(b).isNotNull();
        assertThat(p.acquire(URI.create("https://c.example/"), SHORT, true)).as("all permits taken").isNull();
        a.close();
        a.close(); // released once
        HostPermits.Held again = p.acquire(URI.create("http://a.example/z"), SHORT, true);
        assertThat(again).isNotNull();
        assertThat(p.acquire(URI.create("https://c.example/"), SHORT, false)).as("still all taken").isNull();
        again.close();
        HostPermits.Held configured = p.acquire(URI.create("https://a.example:8080/"), SHORT, false);
        assertThat(configured).as("configured servers share only the overall limit").isNotNull();
        configured.close();
        a2.close();
        b.close();
    }

    @Test
    void theDefaultShareIsAnEighthAndAtLeastOne() {
        assertThat(HostPermits.defaultPerHost(64)).isEqualTo(8);
        assertThat(HostPermits.defaultPerHost(4)).isEqualTo(1);
    }
}
