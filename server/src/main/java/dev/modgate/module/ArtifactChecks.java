package dev.modgate.module;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.net.SourceException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What every artifact must satisfy before modgate stores it, wherever it came from (an upstream, a bundle):
 * the rules the go command applies when it reads them. Failures are {@link SourceException}s of kind INVALID.
 */
public final class ArtifactChecks {
    public static final long MAX_INFO = Limits.MAX_INFO;
    public static final long MAX_ZIP = Limits.MAX_ZIP;
    public static final long MAX_GO_MOD = Limits.MAX_GO_MOD;

    private ArtifactChecks() {}

    /**
     * Checks an .info/@latest body and returns the version it names as the go command reads it
     * ({@link GoRevInfoJson}: case-insensitive keys, last one wins, exact types, Go's RFC 3339 times, nothing after
     * the value). The go command requires no more of the JSON itself; that the version be canonical and valid for
     * the path is modgate's own rule, since it stores the body under that version.
     */
    public static String info(String path, byte[] body) throws SourceException {
        if (body.length > MAX_INFO) throw invalid("sent an .info larger than " + MAX_INFO + " bytes");
        GoRevInfoJson.RevInfo r;
        try {
            r = GoRevInfoJson.decode(body);
        } catch (IllegalArgumentException e) {
            throw invalid("sent an .info the go command rejects: " + e.getMessage());
        }
        String v = r.version();
        if (v == null || v.isEmpty()) throw invalid("sent .info without a Version");
        if (!v.equals(ModulePath.canonicalVersion(v))) throw invalid("sent .info with non-canonical version \"" + v + "\"");
        try {
            ModulePath.check(path, v);
        } catch (IllegalArgumentException e) {
            throw invalid("sent .info with an invalid version: " + e.getMessage());
        }
        return v;
    }

    /** An .info for a canonical version must name exactly that version (the go command's own check). */
    public static void infoFor(String path, String version, byte[] body) throws SourceException {
        String got = info(path, body);
        if (!got.equals(version)) throw invalid("returned info for version " + got + " instead of requested version " + version);
    }

    /**
     * What the go command requires of a go.mod it got from a proxy (cmd/go/internal/modload/modfile.go,
     * rawGoModSummary and goModSummary): modfile.ParseLax succeeds, and there is a module line with a non-empty path
     * ("parsing go.mod: missing module line" otherwise). That path is deliberately not compared with the requested
     * one: goModSummary also accepts the path of the module a replace directive put in its place, so a fork served
     * under its own path may declare the original's; the go command refuses a mismatch only against the module
     * that required it, which a proxy cannot know. ("has post-v1 module path" is a check of direct VCS fetches.)
     */
    public static void goMod(byte[] mod) throws SourceException {
        if (mod.length > MAX_GO_MOD) throw invalid("sent a go.mod larger than " + MAX_GO_MOD + " bytes");
        ModFile f;
        try {
            f = ModFile.parseLax("go.mod", mod);
        } catch (IllegalArgumentException e) {
            throw invalid("sent a go.mod that does not parse: " + e.getMessage().replace('\n', ' '));
        }
        if (f.modulePath() == null || f.modulePath().isEmpty()) {
            throw invalid("sent a go.mod the go command rejects: parsing go.mod: missing module line");
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
