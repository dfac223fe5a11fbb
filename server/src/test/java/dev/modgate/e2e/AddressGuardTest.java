package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.testing.ForwardProxy;
import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A public go-import page cannot make modgate fetch from internal addresses: the page of a module that is not
 * --private, pointing at loopback or the cloud metadata address, is refused with a clear error; the same module
 * listed in --private is fetched.
 */
class AddressGuardTest {
    static final String EVIL = "evil.example.test";
    @TempDir Path tmp;

    @Test
    void goImportPagesPointingAtInternalAddressesAreRefusedForPublicModules() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/x"));
        r.write("go.mod", "module " + EVIL + "/x\n").commit("x");
        r.tag("v1.0.0").publish(served.resolve("x"));
        try (GitHttpServer git = new GitHttpServer(served, EVIL, null); ForwardProxy proxy = new ForwardProxy(null, git.port())) {
            git.goImport(EVIL + "/x", "git", git.url() + "/x")
                    .goImport(EVIL + "/metadata", "git", "http://169.254.169.254/latest/meta-data")
                    .goImport(EVIL + "/proxied", "mod", git.url())
                    .goImport(EVIL + "/v6", "git", "http://[::1]:" + git.port() + "/x");
            // Not private: only --insecure, so that the page itself is read over http through the proxy.
            DirectConfig publicOnly = DirectConfig.builder().insecure(EVIL).build();
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), "direct").direct(publicOnly), Map.of("HTTP_PROXY", proxy.url()))) {
                for (String mod : new String[] {"x", "proxied", "v6"}) {
                    var resp = m.get("/" + EVIL + "/" + mod + "/@v/list");
                    String body = new String(resp.body(), StandardCharsets.UTF_8);
                    assertThat(resp.statusCode()).as(mod + ": " + body).isEqualTo(502);
                    assertThat(body).contains("refusing to fetch from").contains("loopback address").contains("--private");
                }
                var meta = m.get("/" + EVIL + "/metadata/@v/list");
                assertThat(new String(meta.body(), StandardCharsets.UTF_8)).contains("refusing").contains("cloud metadata address");
                assertThat(git.gitRequests()).as("nothing reached the internal git server").isZero();
                assertThat(git.metaRequests()).isPositive();
            }
            // The same module, private: internal addresses are its home.
            DirectConfig priv = DirectConfig.builder().privateModules(EVIL).insecure(EVIL).build();
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data2"), "direct").direct(priv), Map.of("HTTP_PROXY", proxy.url()))) {
                var resp = m.get("/" + EVIL + "/x/@v/list");
                assertThat(new String(resp.body(), StandardCharsets.UTF_8)).isEqualTo("v1.0.0\n");
            }
        }
    }
}
