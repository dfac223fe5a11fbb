package dev.modgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void oneLinePerRequestInTheLayoutOfTheOtherLogLines() throws Exception {
        // Failed requests add who asked and why.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = new AccessLog(out);
        log.log("GET", "/rsc.io/quote/@v/list", 200, 58, 3, "hit");
        log.log("HEAD", "/x", 404, 0, 0, "-", "192.0.2.7", "Go-http-client/1.1", "not found: x@v1: invalid version:\n\tunknown revision v1");
        log.log("GET", "/y", 502, 40, 1, "-", "2001:db8::1", "evil\"agent\u0001\\", "bad upstream \"quoted\"\r\nINFO  access GET /fake 200");
        long deadline = System.currentTimeMillis() + 5000;
        while (out.size() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        log.flush();
        Thread.sleep(100);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  access GET /rsc.io/quote/@v/list 200 58B 3ms hit");
        assertThat(lines[1]).endsWith(" INFO  access HEAD /x 404 0B 0ms - client=192.0.2.7 agent=\"Go-http-client/1.1\" "
                + "reason=\"not found: x@v1: invalid version:; unknown revision v1\"");
        // A client's header or an upstream's text can neither split the line nor fake a field.
        assertThat(lines[2]).endsWith(" INFO  access GET /y 502 40B 1ms - client=2001:db8::1 agent=\"evil\\\"agent\\x01\\\\\" "
                + "reason=\"bad upstream \\\"quoted\\\"\\x0d INFO  access GET /fake 200\"");
    }
}
