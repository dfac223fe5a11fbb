package dev.modgate.source;

import dev.modgate.core.module.CaseEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An upstream GOPROXY tree on a local file system ({@code file:///path}), as the go command reads one. */
public final class FileProxySource implements ModuleSource {
    private final String url;
    private final Path root;

    public FileProxySource(String fileUrl) {
        this.url = fileUrl;
        URI u = URI.create(fileUrl);
        if (u.getRawAuthority() != null && !u.getRawAuthority().isEmpty()) {
            throw new IllegalArgumentException("invalid upstream \"" + fileUrl + "\": file URLs have no host (use file:///absolute/path)");
        }
        this.root = Path.of(u).toAbsolutePath().normalize();
    }

    @Override public String name() { return url; }

    @Override public byte[] list(String path) throws IOException { return read(moduleDir(path).resolve("@v").resolve("list")); }

    @Override public byte[] latest(String path) throws IOException { return read(moduleDir(path).resolve("@latest")); }

    @Override public byte[] info(String path, String query) throws IOException { return read(versionFile(path, query, ".info")); }

    @Override public byte[] mod(String path, String version) throws IOException { return read(versionFile(path, version, ".mod")); }

    @Override public void zip(String path, String version, Path dest, long maxBytes) throws IOException {
        Path f = versionFile(path, version, ".zip");
        try (InputStream in = Files.newInputStream(f); OutputStream out = LocalStorageException.open(dest)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBytes) throw new SourceException(SourceException.Kind.INVALID, "zip in " + url + " is larger than the limit of " + maxBytes + " bytes");
                out.write(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw SourceException.notFound("404 Not Found");
        } catch (AccessDeniedException e) {
            throw new SourceException(SourceException.Kind.FAILED, "403 Forbidden: permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw missingOr(e);
        }
    }

    /** A name this file system cannot even hold (too long) cannot be in the tree: that is "not found". */
    private static IOException missingOr(java.nio.file.FileSystemException e) {
        String r = String.valueOf(e.getReason());
        if (r.contains("File name too long") || r.contains("Not a directory")) return SourceException.notFound("404 Not Found");
        return e;
    }

    private Path moduleDir(String path) {
        // The path is validated before it gets here; resolving element by element keeps it inside the root anyway.
        Path p = root;
        for (String el : CaseEncoding.escapePath(path).split("/")) p = p.resolve(el);
        return p;
    }

    private Path versionFile(String path, String version, String ext) {
        return moduleDir(path).resolve("@v").resolve(CaseEncoding.escapeVersion(version) + ext);
    }

    private byte[] read(Path f) throws IOException {
        try {
            if (Files.size(f) > Limits.MAX_GO_MOD + 1) throw new SourceException(SourceException.Kind.INVALID, f + " is too large");
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw SourceException.notFound("404 Not Found");
        } catch (AccessDeniedException e) {
            throw new SourceException(SourceException.Kind.FAILED, "403 Forbidden: permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw missingOr(e);
        }
    }
}
