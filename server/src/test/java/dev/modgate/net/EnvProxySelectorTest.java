package dev.modgate.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTest {
    static EnvProxySelector sel(String noProxy) {
        return new EnvProxySelector(Map.of("HTTPS_PROXY", "http://user:pw@proxy.corp:3128", "http_proxy", "proxy.corp:8080", "NO_PROXY", noProxy));
    }

    @Test void schemesPickTheirProxyAndCredentialsAreKept() {
        var s = sel("");
        assertThat(s.proxyFor(URI.create("https://proxy.golang.org/x"))).isEqualTo(new EnvProxySelector.ProxyUrl("proxy.corp", 3128, "user", "pw"));
        assertThat(s.proxyFor(URI.create("http://mirror.example/x")).port()).isEqualTo(8080);
    }

    @Test void loopbackIsNeverProxied() {
        var s = sel("");
        assertThat(s.proxyFor(URI.create("http://127.0.0.1:3000/x"))).isNull();
        assertThat(s.proxyFor(URI.create("http://localhost:3000/x"))).isNull();
        assertThat(s.proxyFor(URI.create("http://[::1]:3000/x"))).isNull();
    }

    @Test void noProxyFollowsTheGoRules() {
        var s = sel("example.com, .internal, 10.0.0.0/8, 192.168.1.5, git.corp:8443");
        assertThat(s.proxyFor(URI.create("https://example.com/"))).isNull();
        assertThat(s.proxyFor(URI.create("https://sub.example.com/"))).isNull();
        assertThat(s.proxyFor(URI.create("https://notexample.com/"))).isNotNull();
        assertThat(s.proxyFor(URI.create("https://a.internal/"))).isNull();
        assertThat(s.proxyFor(URI.create("https://internal/"))).isNotNull();
        assertThat(s.proxyFor(URI.create("https://10.1.2.3/"))).isNull();
        assertThat(s.proxyFor(URI.create("https://11.1.2.3/"))).isNotNull();
        assertThat(s.proxyFor(URI.create("https://192.168.1.5/"))).isNull();
        assertThat(s.proxyFor(URI.create("https://git.corp:8443/"))).isNull();
        assertThat(s.proxyFor(URI.create("https://git.corp/"))).isNotNull();
        assertThat(sel("*").proxyFor(URI.create("https://anything/"))).isNull();
    }

    @Test void upperCaseWinsAndNothingSetMeansDirect() {
        var s = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"));
        assertThat(s.proxyFor(URI.create("https://x.example/")).host()).isEqualTo("upper");
        assertThat(new EnvProxySelector(Map.of()).proxyFor(URI.create("https://x.example/"))).isNull();
    }
}
