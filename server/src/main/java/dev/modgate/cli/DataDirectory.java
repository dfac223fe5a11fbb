package dev.modgate.cli;

import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory for commands that only read or fill it (bundle, sumdb key): found as serve and prefetch find
 * it (--data, MODGATE_DATA, the config file's data, the default), so one config file or MODGATE_* environment serves
 * every command.
 */
final class DataDirectory {
    private DataDirectory() {}

    /** The data directory, for reading: it may not exist yet, but a file in its place is an error now. */
    static Path forReading(SettingValues s) throws IOException {
        Path dir = s.path(Settings.DATA);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir.toAbsolutePath() + " is a file, not a directory: give --data the data directory");
        }
        return dir;
    }

    /** The data directory, for writing: created when missing and checked writable, as serve does (StartupChecks). */
    static Path forWriting(SettingValues s) throws IOException {
        Path dir = forReading(s);
        StartupChecks.dataDir(dir, s.origin(Settings.DATA));
        return dir;
    }
}
