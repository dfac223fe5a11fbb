package dev.modgate.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.source.Limits;
import dev.modgate.source.SourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What every artifact must satisfy before modgate stores it, wherever it came from (an upstream, a bundle):
 * the rules the go command applies when it reads them. Failures are {@link SourceException}s of kind INVALID.
 */
public final class ArtifactChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final long MAX_INFO = Limits.MAX_INFO;
    public static final long MAX_ZIP = Limits.MAX_ZIP;
    public static final long MAX_GO_MOD = Limits.MAX_GO_MOD;

    private ArtifactChecks() {}

    /** Checks an .info/@latest body and returns the version it names. */
    public static String info(String path, byte[] body) throws SourceException {
        if (body.length > MAX_INFO) throw invalid("sent an .info larger than " + MAX_INFO + " bytes");
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("sent .info that is not JSON");
        }
        if (n == null || !n.isObject() || !n.path("Version").isTextual()) throw invalid("sent .info without a Version");
        String v = n.get("Version").asText();
        if (!v.equals(ModulePath.canonicalVersion(v))) throw invalid("sent .info with non-canonical version \"" + v + "\"");
        try {
            ModulePath.check(path, v);
        } catch (IllegalArgumentException e) {
            throw invalid("sent .info with an invalid version: " + e.getMessage());
        }
        JsonNode t = n.get("Time");
        if (t != null && !t.isNull()) {
            try {
                OffsetDateTime.parse(t.asText());
            } catch (DateTimeParseException e) {
                throw invalid("sent .info with an invalid Time \"" + t.asText() + "\"");
            }
        }
        return v;
    }

    /** An .info for a canonical version must name exactly that version (the go command's own check). */
    public static void infoFor(String path, String version, byte[] body) throws SourceException {
        String got = info(path, body);
        if (!got.equals(version)) throw invalid("returned info for version " + got + " instead of requested version " + version);
    }

    public static void goMod(byte[] mod) throws SourceException {
        if (mod.length > MAX_GO_MOD) throw invalid("sent a go.mod larger than " + MAX_GO_MOD + " bytes");
        try {
            // A fork used through a replace directive declares the original path, so the module line may differ.
            ModFile.parseLax("go.mod", mod);
        } catch (IllegalArgumentException e) {
            throw invalid("sent a go.mod that does not parse: " + e.getMessage().replace('\n', ' '));
        }
    }

    /**
     * Checks a module zip and returns its h1. CheckZip reads only the central directory; hashing reads every entry
     * and holds it to its declared size and CRC, so a zip that lies about its sizes fails here too.
     */
    public static String zip(String path, String version, Path zip) throws SourceException {
        try {
            ModuleZip.checkZip(new ModuleVersion(path, version), zip);
            return DirHash.hashZip(zip);
        } catch (IOException | RuntimeException e) {
            throw invalid("sent an invalid module zip: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static SourceException invalid(String message) {
        return new SourceException(SourceException.Kind.INVALID, message);
    }
}
