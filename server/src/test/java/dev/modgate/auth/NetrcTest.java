package dev.modgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** netrc as the go command parses it, and credentials handed out per host only. */
class NetrcTest {
    @Test
    void machinesLoginsPasswordsMacrosAndDefault() {
        Map<String, HostCredentials> n = Netrc.parse("""
                machine git.corp.example login alice password s1
                machine other.example
                  login bob
                  password s2
                macdef init
                machine hidden.example login x password y

                machine git.corp.example login mallory password s3
                default login anon password anon
                machine after.default login z password z
                """);
        assertThat(n).containsOnlyKeys("git.corp.example", "other.example");
        assertThat(n.get("git.corp.example")).isEqualTo(new HostCredentials("alice", "s1"));
        assertThat(n.get("other.example")).isEqualTo(new HostCredentials("bob", "s2"));
    }

    @Test
    void configuredCredentialsWinAndStayWithTheirHost() {
        Credentials c = new Credentials(Map.of("git.corp.example:8443", new HostCredentials("a", "1"), "git.corp.example", new HostCredentials("b", "2")),
                Map.of("git.corp.example", new HostCredentials("c", "3"), "netrc.example", new HostCredentials("d", "4")));
        assertThat(c.forUri(URI.create("https://git.corp.example:8443/x.git")).user()).isEqualTo("a");
        assertThat(c.forUri(URI.create("https://GIT.corp.example/x.git")).user()).isEqualTo("b");
        assertThat(c.forUri(URI.create("https://netrc.example/x")).user()).isEqualTo("d");
        assertThat(c.forUri(URI.create("https://evil.example/x"))).isNull();
    }
}
