package dev.modgate.sumdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The h1 sums a private log holds, for the check on ingest. */
interface LoggedSums {
    /** The log's name, for messages. */
    String name();

    /** The h1 sum logged for path@version's zip (or go.mod), or null if the version is not logged. */
    String hash(String path, String version, boolean goMod) throws IOException;

    /** The h1 sum of one line of a record ("path version h1:..." / "path version/go.mod h1:..."), or null. */
    static String hashIn(byte[] record, String path, String version, boolean goMod) {
        if (record == null) return null;
        String prefix = path + " " + version + (goMod ? "/go.mod " : " ");
        for (String line : new String(record, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(prefix)) return line.substring(prefix.length());
        }
        return null;
    }

    /**
     * The private log of a data directory as it is on disk now, read-only: `prefetch --data` (which does not serve
     * the log) still refuses downloads that disagree with what a modgate serving that directory has logged.
     */
    static LoggedSums snapshot(Path dir) throws IOException {
        Map<String, byte[]> records = LogStore.snapshot(dir);
        String key = PrivateKeys.verifierKey(dir);
        String name = key == null ? "the private checksum database" : key.substring(0, key.indexOf('+'));
        return new LoggedSums() {
            @Override public String name() { return name; }

            @Override public String hash(String path, String version, boolean goMod) {
                return hashIn(records.get(path + "@" + version), path, version, goMod);
            }
        };
    }
}
