package dev.modgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void oneLinePerRequestInTheLayoutOfTheOtherLogLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = new AccessLog(out);
        log.log("GET", "/rsc.io/quote/@v/list", 200, 58, 3, "hit");
        log.log("HEAD", "/x", 404, 0, 0, "-");
        long deadline = System.currentTimeMillis() + 5000;
        while (out.size() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        log.flush();
        Thread.sleep(100);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  access GET /rsc.io/quote/@v/list 200 58B 3ms hit");
        assertThat(lines[1]).endsWith(" INFO  access HEAD /x 404 0B 0ms -");
    }
}
