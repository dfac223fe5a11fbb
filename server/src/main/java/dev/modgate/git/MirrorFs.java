package dev.modgate.git;

import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;

/**
 * The file system as the mirrors see it. On POSIX systems symbolic links are taken as supported without JGit's
 * probe, which creates a file in java.io.tmpdir (outside the data directory, and failing on a read-only root file
 * system) when a repository is created. Mirrors are bare: nothing is ever checked out, so the answer only decides
 * the core.symlinks line of their config.
 */
final class MirrorFs extends FS_POSIX {
    static final FS INSTANCE = FS.DETECTED instanceof FS_POSIX ? new MirrorFs() : FS.DETECTED;

    private MirrorFs() {
    }

    private MirrorFs(FS src) {
        super(src);
    }

    @Override public boolean supportsSymlinks() { return true; }

    @Override public FS newInstance() { return new MirrorFs(this); }
}
