package dev.modgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir Path tmp;

    @Test void durationsInGoSyntax() {
        assertThat(GoDuration.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> GoDuration.parse("45")).hasMessageContaining("missing unit in duration \"45\"");
        assertThat(GoDuration.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThatThrownBy(() -> GoDuration.parse("5 minutes")).hasMessageContaining("unknown unit \" minutes\"");
    }

    @Test void flagsWinOverEnvironmentOverFile() {
        Setting s = new Setting(Map.of("MODGATE_UPSTREAM", "env", "MODGATE_LIST_TTL", "5s"), Map.of("upstream", "file", "listen", ":1", "list-ttl", "9s"));
        assertThat(s.resolve("flag", "upstream", "default")).isEqualTo("flag");
        assertThat(s.resolve(null, "upstream", "default")).isEqualTo("env");
        assertThat(s.resolve(null, "listen", "default")).isEqualTo(":1");
        assertThat(s.resolve(null, "list-ttl", "60s")).isEqualTo("5s");
        assertThat(s.resolve(null, "data", "default")).isEqualTo("default");
        assertThat(Setting.envName("max-fetches")).isEqualTo("MODGATE_MAX_FETCHES");
    }

    @Test void zeroTimeoutsAreRefusedAtStart() {
        var r = dev.modgate.testing.Cli.run("serve", "--read-timeout", "0", "--data", tmp.resolve("d").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--read-timeout must be a positive duration");
    }

    @Test void configFileIsKeyValueLinesAndUnknownKeysAreErrors() throws Exception {
        Path f = tmp.resolve("modgate.conf");
        Files.writeString(f, "# comment\nupstream = https://a.example,direct\n\n listen=:3001 \n");
        assertThat(ConfigFile.read(f, Setting.KEYS)).containsEntry("upstream", "https://a.example,direct").containsEntry("listen", ":3001");
        Files.writeString(f, "upstrem = x\n");
        assertThatThrownBy(() -> ConfigFile.read(f, Setting.KEYS)).hasMessageContaining(":1: unknown key \"upstrem\"");
        assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("missing"), Setting.KEYS)).hasMessageContaining("does not exist");
    }
}
