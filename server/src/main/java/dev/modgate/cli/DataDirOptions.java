package dev.modgate.cli;

import dev.modgate.config.ConfigFile;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data directory for commands that only read or fill it (bundle, sumdb key): found as serve and prefetch find
 * it, so one config file or MODGATE_* environment serves every command: --data, else MODGATE_DATA, else the config
 * file's data line (--config, else MODGATE_CONFIG), else the default.
 */
public final class DataDirOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $MODGATE_DATA, else the config file's data, else " + ServerConfig.DEFAULT_DATA + ").")
    String data;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file whose data line names the data directory (as for serve). Env: MODGATE_CONFIG.")
    String config;

    Path dataDir(Map<String, String> env) throws IOException {
        return Path.of(setting(env, data, "data", ServerConfig.DEFAULT_DATA));
    }

    /** Another setting with the same precedence: the flag's value, else MODGATE_KEY, else the config file's key. */
    String setting(Map<String, String> env, String flagValue, String key, String defaultValue) throws IOException {
        String configPath = config != null ? config : env.get("MODGATE_CONFIG");
        Map<String, String> file = configPath == null ? Map.of() : ConfigFile.read(Path.of(configPath), Setting.KEYS);
        return new Setting(env, file).resolve(flagValue, key, defaultValue);
    }
}
