package dev.modgate.sumdb;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModulePath;
import dev.modgate.module.Failure;

/** The {@code MODULE@VERSION} of a /lookup/ request, validated: a module path and a canonical version valid for it. */
record LookupPath(String path, String version) {
    static LookupPath parse(String escaped) throws Failure {
        int at = escaped.indexOf('@');
        if (at <= 0 || at == escaped.length() - 1) throw bad(escaped, "want /lookup/MODULE@VERSION");
        String path;
        String version;
        try {
            path = CaseEncoding.unescapePath(escaped.substring(0, at));
            version = CaseEncoding.unescapeVersion(escaped.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw bad(escaped, e.getMessage());
        }
        if (!version.equals(ModulePath.canonicalVersion(version))) throw bad(escaped, "the checksum database holds canonical versions only");
        try {
            ModulePath.check(path, version);
        } catch (IllegalArgumentException e) {
            throw bad(escaped, e.getMessage());
        }
        return new LookupPath(path, version);
    }

    /** The path as in the URL (and the cache): case-encoded. */
    String escaped() {
        return CaseEncoding.escapePath(path) + "@" + CaseEncoding.escapeVersion(version);
    }

    private static Failure bad(String escaped, String why) {
        return new Failure(Failure.Kind.BAD_REQUEST, "bad request: invalid lookup " + escaped + ": " + String.valueOf(why).replace('\n', ' '));
    }
}
