package dev.modgate.vuln;

import dev.modgate.module.Artifact;
import dev.modgate.module.Blob;
import dev.modgate.module.Failure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The snapshot in force served for govulncheck ({@code govulncheck -db http://modgate/vulndb}): each file of the v1
 * layout as published ({@code application/json}) and its {@code .json.gz} ({@code application/gzip}: a gzip file, not
 * a Content-Encoding, since golang/vuln's client gunzips the body itself). The .json.gz files were made once, when
 * the snapshot was, so a request costs no compression and is sent from its file like any stored artifact. The entity
 * tag names the snapshot and the file; the answer may be cached only briefly, since the next snapshot changes it.
 */
public final class VulnDbMirror implements VulnDbFiles {
    static final String NO_SNAPSHOT = "no vulnerability database snapshot: run modgate vulndb sync or import";
    static final String GZIP = "application/gzip";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VulnDbMirror.class);

    private final VulnDbSnapshots snapshots;

    public VulnDbMirror(VulnDbSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override public Artifact get(String rest) throws Failure {
        if (!VulnDbPaths.isServed(rest)) throw Failure.notFound("not found: /vulndb/" + rest + " is not a file of the vulnerability database (want " + VulnDbPaths.SHAPES + ")");
        try {
            Optional<Snapshot> current = snapshots.current();
            for (int attempt = 0; ; attempt++) {
                if (current.isEmpty()) throw new Failure(Failure.Kind.NOT_FOUND, NO_SNAPSHOT, List.of(), false);
                Snapshot s = current.get();
                Path f = s.file(rest);
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    if (Files.isDirectory(s.dir()) || attempt > 0) {
                        throw Failure.notFound("not found: /vulndb/" + rest + " is not in the vulnerability database (snapshot " + s.name() + ")");
                    }
                    // Deleted after another process switched to a newer snapshot, which this one has not seen yet.
                    current = Optional.ofNullable(snapshots.readCurrent());
                    continue;
                }
                String type = rest.endsWith(VulnDbPaths.GZ) ? GZIP : Artifact.JSON;
                String etag = "\"" + s.name() + "/" + rest + "\"";
                return new Artifact(new SnapshotFile(f, a), null, type, Artifact.CacheStatus.HIT, false, etag);
            }
        } catch (IOException e) {
            log.error("reading /vulndb/{} from {} failed", rest, snapshots.root(), e);
            throw new Failure(Failure.Kind.INTERNAL, "reading the vulnerability database snapshot failed (details in the modgate log)", List.of(), false);
        }
    }

    /** A file of a snapshot: never replaced in place, so one look at its attributes holds while it is sent. */
    private record SnapshotFile(Path file, BasicFileAttributes attrs) implements Blob {
        @Override public long size() { return attrs.size(); }

        @Override public long modifiedMillis() { return attrs.lastModifiedTime().toMillis(); }

        @Override public Object identity() { return attrs.fileKey() != null ? attrs.fileKey() : file; }

        @Override public SeekableByteChannel open() throws IOException {
            return FileChannel.open(file, StandardOpenOption.READ);
        }
    }
}
