package dev.modgate.core.coderepo;

import dev.modgate.core.module.PseudoVersion;
import java.time.Instant;

/**
 * modfetch.RevInfo: a module version and its commit, the content of an {@code .info} file.
 *
 * @param name      the full commit hash (not in the JSON)
 * @param shortName the short hash (not in the JSON)
 */
public record VersionInfo(String version, Instant time, String name, String shortName, Origin origin) {

    /**
     * The {@code .info} JSON as the go command writes it into its module cache (writeDiskStat): Version, Time
     * (RFC 3339, UTC) and Origin without TagPrefix/TagSum, and without Ref for a pseudo-version, since a cached
     * version no longer depends on them.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\"Version\":");
        GoJson.appendString(b, version);
        b.append(",\"Time\":");
        GoJson.appendString(b, GoJson.time(time));
        if (origin != null) {
            Origin o = origin.withTags("", "");
            if (PseudoVersion.isPseudo(version)) o = o.withRef("");
            b.append(",\"Origin\":").append(o.toJson());
        }
        return b.append('}').toString();
    }
}
