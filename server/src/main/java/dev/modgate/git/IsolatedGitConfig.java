package dev.modgate.git;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit without the user's and the system's git configuration: modgate's own configuration decides how repositories
 * are fetched (a ~/.gitconfig insteadOf or credential helper of whoever runs modgate must not change the answers),
 * and JGit writes nothing into the user's home directory.
 */
final class IsolatedGitConfig extends SystemReader.Delegate {
    private static final File NONE = new File("/nonexistent/modgate/empty-gitconfig");

    private IsolatedGitConfig(SystemReader base) {
        super(base);
    }

    static synchronized void install() {
        if (!(SystemReader.getInstance() instanceof IsolatedGitConfig)) {
            SystemReader.setInstance(new IsolatedGitConfig(SystemReader.getInstance()));
        }
    }

    @Override public FileBasedConfig openUserConfig(Config parent, FS fs) { return new FileBasedConfig(parent, NONE, fs); }

    @Override public FileBasedConfig openSystemConfig(Config parent, FS fs) { return new FileBasedConfig(parent, NONE, fs); }

    @Override public FileBasedConfig openJGitConfig(Config parent, FS fs) { return new FileBasedConfig(parent, NONE, fs); }
}
