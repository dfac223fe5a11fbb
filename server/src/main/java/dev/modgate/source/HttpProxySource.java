package dev.modgate.source;

import dev.modgate.module.Limits;
import dev.modgate.net.LocalStorageException;
import dev.modgate.net.Outbound;
import dev.modgate.net.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** An upstream GOPROXY over http(s). */
public final class HttpProxySource implements ModuleSource {
    private static final long MAX_LIST = Limits.MAX_LIST;
    /** Reading one byte past a limit lets the checks report "too large" instead of a silently cut body. */
    private static final long MAX_INFO = Limits.MAX_INFO + 1;
    private static final long MAX_GO_MOD = Limits.MAX_GO_MOD + 1;

    private final String base;
    private final Outbound outbound;
    private final Outbound.Policy policy;

    public HttpProxySource(String baseUrl, Outbound outbound) {
        this(baseUrl, outbound, null);
    }

    /** A proxy named by a go-import "mod" tag: its requests follow the policy (address checks on every hop). */
    public HttpProxySource(String baseUrl, Outbound outbound, Outbound.Policy policy) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.outbound = outbound;
        this.policy = policy;
    }

    @Override public String name() { return base; }

    @Override public byte[] list(String path) throws IOException { return small(UrlPaths.list(path), "version list", MAX_LIST); }

    @Override public byte[] latest(String path) throws IOException { return small(UrlPaths.latest(path), "@latest", MAX_INFO); }

    @Override public byte[] info(String path, String query) throws IOException {
        return small(UrlPaths.versionFile(path, query, "info"), ".info", MAX_INFO);
    }

    @Override public byte[] mod(String path, String version) throws IOException {
        return small(UrlPaths.versionFile(path, version, "mod"), "go.mod", MAX_GO_MOD);
    }

    @Override public void zip(String path, String version, Path dest, long maxBytes) throws IOException {
        try (OutputStream out = LocalStorageException.open(dest)) {
            fetch(UrlPaths.versionFile(path, version, "zip"), out, maxBytes, "zip");
        }
    }

    private byte[] small(String requestPath, String what, long max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        fetch(requestPath, buf, max, what);
        return buf.toByteArray();
    }

    private void fetch(String requestPath, OutputStream out, long max, String what) throws SourceException {
        URI uri = URI.create(base + requestPath);
        Outbound.Answer a = policy == null ? outbound.get(uri, out, max, what) : outbound.get(uri, out, max, what, policy);
        if (a.status() == 200) return;
        String text = a.errorText() == null || a.errorText().isEmpty() ? "" : ": " + a.errorText();
        String msg = a.status() + " " + reason(a.status()) + text;
        if (a.status() == 404 || a.status() == 410) throw SourceException.notFound(msg);
        throw new SourceException(SourceException.Kind.FAILED, msg);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
