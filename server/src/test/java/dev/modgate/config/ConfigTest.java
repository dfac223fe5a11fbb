package dev.modgate.config;

import dev.modgate.core.text.GoDuration;
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
        var env = Map.of("MODGATE_UPSTREAM", "env", "MODGATE_LIST_TTL", "5s");
        var file = new ConfigFile.Contents(Map.of("upstream", "file", "listen", ":1", "list-ttl", "9s"), java.util.List.of());
        assertThat(new SettingValues(Map.of("upstream", "flag"), env, file).text(Settings.UPSTREAM)).isEqualTo("flag");
        SettingValues s = new SettingValues(Map.of(), env, file);
        assertThat(s.text(Settings.UPSTREAM)).isEqualTo("env");
        assertThat(s.text(Settings.LISTEN)).isEqualTo(":1");
        assertThat(s.duration(Settings.LIST_TTL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.text(Settings.DATA)).isEqualTo("./modgate-data");
        assertThat(Settings.MAX_FETCHES.envName()).isEqualTo("MODGATE_MAX_FETCHES");
    }

    @Test void zeroTimeoutsAreRefusedAtStart() {
        var r = dev.modgate.testing.Cli.run("serve", "--read-timeout", "0", "--data", tmp.resolve("d").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--read-timeout must be a positive duration");
    }

    @Test void configFileIsKeyValueLinesAndUnknownKeysAreErrors() throws Exception {
        Path f = tmp.resolve("modgate.conf");
        Files.writeString(f, "# comment\nupstream = https://a.example,direct\n\n listen=:3001 \n");
        assertThat(ConfigFile.read(f, Settings.KEYS)).containsEntry("upstream", "https://a.example,direct").containsEntry("listen", ":3001");
        Files.writeString(f, "upstrem = x\n");
        assertThatThrownBy(() -> ConfigFile.read(f, Settings.KEYS)).hasMessageContaining(":1: unknown key \"upstrem\"");
        assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("missing"), Settings.KEYS)).hasMessageContaining("does not exist");
    }
}
