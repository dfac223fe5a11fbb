package dev.modgate.http;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.semver.Semver;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.vuln.VulnDbPaths;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a raw request path into a {@link ProxyRequest}, refusing anything malformed with a one-line reason.
 * All validation happens here, before any file name is built, so nothing that reaches the store can name a file
 * outside the data directory: the module path must pass the go command's module path rules (no "..", no empty
 * elements, no upper case that is not "!"-encoded) and the version its file-name rules.
 */
public final class RequestParser {
    /** Longer than any real module path plus version; a cheap guard against abuse. */
    public static final int MAX_PATH_BYTES = 2048;
    /** File systems hold names of at most 255 bytes; the longest name modgate derives is VERSION + ".ziphash". */
    static final int MAX_ELEMENT_BYTES = 255;
    static final int MAX_VERSION_BYTES = MAX_ELEMENT_BYTES - ".ziphash".length();

    private RequestParser() {}

    public static ProxyRequest parse(String rawPath) throws Failure {
        if (rawPath == null || rawPath.isEmpty()) rawPath = "/";
        if (rawPath.length() > MAX_PATH_BYTES) {
            throw new Failure(Failure.Kind.TOO_LONG, "request path too long (" + rawPath.length() + " bytes; limit is " + MAX_PATH_BYTES + ")");
        }
        String p = percentDecode(rawPath);
        if (!p.startsWith("/")) throw Failure.badRequest("request path must start with /");
        if (p.equals("/")) return new ProxyRequest.Index();
        if (p.equals("/healthz")) return new ProxyRequest.Health();
        if (p.startsWith("/sumdb/")) return new ProxyRequest.SumDb(p.substring("/sumdb/".length()));
        if (p.equals("/vulndb") || p.startsWith("/vulndb/")) return vulnDb(p);

        if (p.endsWith("/@latest")) {
            return new ProxyRequest.Module(new ModuleRequest.Latest(module(p.substring(1, Math.max(1, p.length() - "/@latest".length())))));
        }
        int at = p.indexOf("/@v/");
        if (at == 0) throw Failure.badRequest("bad request: missing module path");
        if (at < 0) {
            throw Failure.notFound("not found: " + p + " is not a module proxy endpoint (want /MODULE/@v/list, /MODULE/@v/VERSION.info|.mod|.zip or /MODULE/@latest)");
        }
        String module = module(p.substring(1, at));
        String file = p.substring(at + "/@v/".length());
        if (file.equals("list")) return new ProxyRequest.Module(new ModuleRequest.List(module));
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1);
        if (file.contains("/") || !(ext.equals("info") || ext.equals("mod") || ext.equals("zip"))) {
            throw Failure.notFound("not found: " + p + " is not a module proxy endpoint (want @v/list or @v/VERSION.info|.mod|.zip)");
        }
        String version = version(file.substring(0, dot));
        ArtifactKind kind = ArtifactKind.ofExtension(ext);
        if (kind == ArtifactKind.INFO) {
            // An .info may be asked for anything the go command resolves: a canonical version's is a stored file, the
            // rest (a branch, a commit, a version prefix) is a query.
            return new ProxyRequest.Module(ModulePath.isCanonicalVersionOf(module, version)
                    ? new ModuleRequest.File(kind, module, version) : new ModuleRequest.Query(module, version));
        }
        return new ProxyRequest.Module(new ModuleRequest.File(kind, module, canonical(module, version, "." + ext)));
    }

    /** Only the vulnerability database's files: nothing else under /vulndb/ is a file name. */
    private static ProxyRequest vulnDb(String p) throws Failure {
        String rest = p.length() <= "/vulndb/".length() ? "" : p.substring("/vulndb/".length());
        if (!VulnDbPaths.isServed(rest)) {
            throw Failure.notFound("not found: " + p + " is not a file of the vulnerability database (want /vulndb/" + VulnDbPaths.SHAPES + ")");
        }
        return new ProxyRequest.VulnDb(rest);
    }

    private static String module(String escaped) throws Failure {
        if (escaped.isEmpty()) throw Failure.badRequest("missing module path");
        for (String el : escaped.split("/")) {
            if (el.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ELEMENT_BYTES) {
                throw Failure.badRequest("bad request: module path element longer than " + MAX_ELEMENT_BYTES + " bytes");
            }
        }
        try {
            return CaseEncoding.unescapePath(escaped);
        } catch (IllegalArgumentException e) {
            throw Failure.badRequest("bad request: " + oneLine(e.getMessage()));
        }
    }

    private static String version(String escaped) throws Failure {
        if (escaped.isEmpty()) throw Failure.badRequest("missing version");
        if (escaped.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VERSION_BYTES) {
            throw Failure.badRequest("bad request: version longer than " + MAX_VERSION_BYTES + " bytes");
        }
        try {
            return CaseEncoding.unescapeVersion(escaped);
        } catch (IllegalArgumentException e) {
            throw Failure.badRequest("bad request: " + oneLine(e.getMessage()));
        }
    }

    /** .mod and .zip exist only for canonical versions valid for the module path. */
    private static String canonical(String module, String version, String ext) throws Failure {
        if (!Semver.isValid(version)) {
            throw Failure.badRequest("bad request: " + module + "@" + version + ": " + ext + " files exist only for semantic versions");
        }
        String canon = ModulePath.canonicalVersion(version);
        if (!canon.equals(version)) {
            throw Failure.badRequest("bad request: " + module + "@" + version + ": version is not canonical (should be " + canon + ")");
        }
        try {
            ModulePath.check(module, version);
        } catch (IllegalArgumentException e) {
            throw Failure.badRequest("bad request: " + oneLine(e.getMessage()));
        }
        return version;
    }

    /**
     * Strict percent-decoding: every % must start a valid escape, the result must be UTF-8, and "/" or control
     * characters may not be smuggled in encoded form.
     */
    static String percentDecode(String raw) throws Failure {
        if (raw.indexOf('%') < 0) {
            checkChars(raw);
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw Failure.badRequest("bad request: invalid percent-encoding in request path");
                }
                int b = Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
                if (b == '/' || b == '\\') throw Failure.badRequest("bad request: encoded slash in request path");
                out.write(b);
                i += 2;
            } else if (c > 0x7f) {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(c);
            }
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw Failure.badRequest("bad request: request path is not valid UTF-8");
        }
        checkChars(s);
        return s;
    }

    private static void checkChars(String s) throws Failure {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) throw Failure.badRequest("bad request: control character in request path");
            if (c == '\\') throw Failure.badRequest("bad request: backslash in request path");
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }
}
