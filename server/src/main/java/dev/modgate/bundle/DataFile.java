package dev.modgate.bundle;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModulePath;
import java.util.Optional;

/**
 * A path relative to the data directory that names one immutable artifact: {@code <escaped module>/@v/<escaped
 * version>.info|.mod|.zip}, with a valid module path and a canonical version. Anything else is not carried in a
 * bundle, and a bundle member that is not one of these is refused: that is what keeps an import inside the data
 * directory.
 */
public record DataFile(String module, String version, String ext) {
    public static Optional<DataFile> parse(String rel) {
        int at = rel.indexOf("/@v/");
        if (at <= 0) return Optional.empty();
        String file = rel.substring(at + 4);
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || file.contains("/")) return Optional.empty();
        String ext = file.substring(dot + 1);
        if (!ext.equals("info") && !ext.equals("mod") && !ext.equals("zip")) return Optional.empty();
        try {
            String module = CaseEncoding.unescapePath(rel.substring(0, at));
            String version = CaseEncoding.unescapeVersion(file.substring(0, dot));
            if (!version.equals(ModulePath.canonicalVersion(version))) return Optional.empty();
            ModulePath.check(module, version);
            DataFile f = new DataFile(module, version, ext);
            // Round-trip: the name must be exactly the one modgate itself would write.
            return f.relativePath().equals(rel) ? Optional.of(f) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String relativePath() {
        return CaseEncoding.escapePath(module) + "/@v/" + CaseEncoding.escapeVersion(version) + "." + ext;
    }

    public String key() { return module + "@" + version; }
}
