package dev.modgate.source;

import dev.modgate.module.Limits;
import dev.modgate.core.module.CaseEncoding;
import dev.modgate.net.LocalStorageException;
import dev.modgate.net.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream GOPROXY tree on a local file system ({@code file:///path}), as the go command reads one.
 *
 * <p>Answers never show where the tree is: a client of modgate has no business learning this server's file layout.
 * They name it by its position in the upstream list ("file:// upstream #2"); the log line of a failure has the
 * full path, for the operator.
 */
public final class FileProxySource implements ModuleSource {
    private static final Logger log = LoggerFactory.getLogger(FileProxySource.class);

    private final String url;
    private final String name;
    private final Path root;

    /** @param position the entry's position in the upstream list, from 1: how answers name this tree */
    public FileProxySource(String fileUrl, int position) {
        this.url = fileUrl;
        this.name = "file:// upstream #" + position;
        URI u = URI.create(fileUrl);
        if (u.getRawAuthority() != null && !u.getRawAuthority().isEmpty()) {
            throw new IllegalArgumentException("invalid upstream \"" + fileUrl + "\": file URLs have no host (use file:///absolute/path)");
        }
        this.root = Path.of(u).toAbsolutePath().normalize();
    }

    @Override public String name() { return name; }

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
                if (total > maxBytes) throw failed(f, new SourceException(SourceException.Kind.INVALID, shown(f) + " is larger than the limit of " + maxBytes + " bytes"));
                out.write(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw SourceException.notFound("404 Not Found");
        } catch (AccessDeniedException e) {
            throw failed(f, new SourceException(SourceException.Kind.FAILED, "403 Forbidden: permission denied"));
        } catch (java.nio.file.FileSystemException e) {
            throw missingOr(f, e);
        } catch (SourceException | LocalStorageException e) {
            throw e;
        } catch (IOException e) {
            throw failed(f, new SourceException(SourceException.Kind.FAILED, "reading " + shown(f) + ": " + withoutRoot(String.valueOf(e.getMessage())), e));
        }
    }

    /**
     * A name this file system cannot even hold (too long) cannot be in the tree: that is "not found". Any other
     * failure is told by its reason alone: the exception's message starts with the file's path.
     */
    private SourceException missingOr(Path f, java.nio.file.FileSystemException e) {
        String r = String.valueOf(e.getReason());
        if (r.contains("File name too long") || r.contains("Not a directory")) return SourceException.notFound("404 Not Found");
        return failed(f, new SourceException(SourceException.Kind.FAILED, "reading " + shown(f) + ": "
                + (e.getReason() == null ? e.getClass().getSimpleName() : withoutRoot(r)), e));
    }

    /** The failure as answers show it; the log gets where the file is. */
    private SourceException failed(Path f, SourceException e) {
        log.warn("{} ({}): {}", name, f, e.getMessage());
        return e;
    }

    /** A reason that names no file outside the tree's own (module/@v/...) names. */
    private String withoutRoot(String reason) {
        return reason.replace(root.toString(), name);
    }

    /** The file as the GOPROXY protocol names it (module/@v/version.ext): nothing of where the tree is. */
    private String shown(Path f) {
        return root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
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
            if (Files.size(f) > Limits.MAX_GO_MOD + 1) throw failed(f, new SourceException(SourceException.Kind.INVALID, shown(f) + " is too large"));
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw SourceException.notFound("404 Not Found");
        } catch (AccessDeniedException e) {
            throw failed(f, new SourceException(SourceException.Kind.FAILED, "403 Forbidden: permission denied"));
        } catch (java.nio.file.FileSystemException e) {
            throw missingOr(f, e);
        } catch (SourceException | LocalStorageException e) {
            throw e;
        } catch (IOException e) {
            throw failed(f, new SourceException(SourceException.Kind.FAILED, "reading " + shown(f) + ": " + withoutRoot(String.valueOf(e.getMessage())), e));
        }
    }
}
