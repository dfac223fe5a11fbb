package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.RepoRule;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GitSshServer;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh:// repositories: a per-host key from the config, the host checked against known_hosts; an unknown host key
 * is refused at once (no prompt).
 */
class SshGitTest {
    @TempDir Path tmp;

    @Test
    void sshRepositoryWithAConfiguredKeyAndKnownHost() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        var clientKey = GitSshServer.clientKey(keys.resolve("id_ecdsa"));
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/tools"));
        r.write("go.mod", "module ssh.example.test/tools\n\ngo 1.19\n").write("t.go", "package tools\n").commit("one");
        r.tag("v1.2.3").publish(served.resolve("tools.git"));

        try (GitSshServer ssh = new GitSshServer(served, clientKey.getPublic(), tmp.resolve("hostkey"))) {
            Path sshDir = Files.createDirectories(tmp.resolve("dot-ssh"));
            Files.writeString(sshDir.resolve("known_hosts"), ssh.knownHostsLine());
            List<RepoRule> repos = List.of(new RepoRule("ssh.example.test/*", "ssh://git@127.0.0.1:" + ssh.port() + "/$1.git"));
            DirectConfig.Builder d = DirectConfig.builder().privateModules("ssh.example.test").repos(repos).sshKeys(Map.of("127.0.0.1", keys.resolve("id_ecdsa")));
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), "off").direct(d.sshDir(sshDir).build()), Map.of())) {
                var list = m.get("/ssh.example.test/tools/@v/list");
                assertThat(list.statusCode()).as(new String(list.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                assertThat(new String(list.body(), StandardCharsets.UTF_8)).isEqualTo("v1.2.3\n");
                assertThat(m.get("/ssh.example.test/tools/@v/v1.2.3.zip").statusCode()).isEqualTo(200);
                assertThat(ssh.sessions()).isPositive();
            }

            // The same server, not in known_hosts: refused, quickly, saying why.
            Path empty = Files.createDirectories(tmp.resolve("empty-ssh"));
            DirectConfig unknown = d.sshDir(empty).build();
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data2"), "off").direct(unknown), Map.of())) {
                long t0 = System.nanoTime();
                var list = m.get("/ssh.example.test/tools/@v/list");
                String body = new String(list.body(), StandardCharsets.UTF_8);
                assertThat(list.statusCode()).as(body).isEqualTo(502);
                assertThat(body).containsIgnoringCase("host key");
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
            }
        }
    }
}
