package dev.modgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.auth.HostCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file's tables (repo, rewrite, credentials, ssh-key) and the routing patterns. */
class DirectConfigTest {
    @TempDir Path tmp;

    @Test
    void tablesAreReadFromTheConfigFile() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, "glpat-123\n");
        Path f = tmp.resolve("modgate.conf");
        Files.writeString(f, """
                upstream = https://proxy.golang.org,direct
                private = *.corp.example,go.corp.example/private
                repo git.corp.example/*/* = https://git.corp.example/$1/$2.git
                repo go.corp.example/tools = ssh://git@git.corp.example/platform/tools.git
                rewrite https://github.com/ = https://mirror.corp.example/github/
                credentials git.corp.example = user ci password hunter2
                credentials gitlab.corp.example:8443 = token-file %s
                ssh-key git.corp.example = /etc/modgate/id_ed25519
                """.formatted(token));
        ConfigFile.Contents c = ConfigFile.parse(f, Settings.KEYS, Settings.TABLES);
        assertThat(c.settings()).containsEntry("private", "*.corp.example,go.corp.example/private").hasSize(2);
        DirectConfig d = DirectConfig.builder().privateModules(c.settings().get("private")).tables(c.tables()).build();
        assertThat(d.noproxy().matches("git.corp.example/a/b")).as("noproxy defaults to private").isTrue();
        assertThat(d.privateModules().matches("github.com/a/b")).isFalse();
        assertThat(d.repos()).hasSize(2);
        assertThat(d.rewrites()).hasSize(1);
        assertThat(d.credentials()).containsEntry("git.corp.example", new HostCredentials("ci", "hunter2"))
                .containsEntry("gitlab.corp.example:8443", new HostCredentials("x-access-token", "glpat-123"));
        assertThat(d.sshKeys()).containsEntry("git.corp.example", Path.of("/etc/modgate/id_ed25519"));
        assertThat(ConfigFile.read(f, Settings.KEYS)).as("plain settings readers skip tables").hasSize(2);
    }

    @Test
    void mistakesNameTheLineButNeverTheSecret() throws Exception {
        Path f = tmp.resolve("bad.conf");
        Files.writeString(f, "credentials git.corp.example = password hunter2\n");
        assertThatThrownBy(() -> DirectConfig.builder().tables(ConfigFile.parse(f, Settings.KEYS, Settings.TABLES).tables()))
                .hasMessageContaining("bad.conf:1").hasMessageContaining("need a user").hasMessageNotContaining("hunter2");
        Files.writeString(f, "repo = https://x\n");
        assertThatThrownBy(() -> ConfigFile.parse(f, Settings.KEYS, Settings.TABLES)).hasMessageContaining("need an argument");
        Files.writeString(f, "repo /x = https://x\n");
        assertThatThrownBy(() -> DirectConfig.builder().tables(ConfigFile.parse(f, Settings.KEYS, Settings.TABLES).tables()))
                .hasMessageContaining("module path prefix");
        assertThat(new HostCredentials("ci", "hunter2").toString()).doesNotContain("hunter2");
        Files.writeString(f, "repo corp.example/x = https://ci:hunter2@git.corp.example/../x.git\n");
        assertThatThrownBy(() -> DirectConfig.builder().tables(ConfigFile.parse(f, Settings.KEYS, Settings.TABLES).tables()))
                .hasMessageContaining("bad.conf:1").hasMessageContaining("\"..\"").hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void explicitNoproxyReplacesThePrivateDefault() throws Exception {
        DirectConfig d = DirectConfig.builder().privateModules("corp.example").noproxy("").build();
        assertThat(d.privateModules().matches("corp.example/x")).isTrue();
        assertThat(d.noproxy().matches("corp.example/x")).isFalse();
    }
}
