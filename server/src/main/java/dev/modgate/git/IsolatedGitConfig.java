package dev.modgate.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit without the user's and the system's git configuration: modgate's own configuration decides how repositories
 * are fetched (a ~/.gitconfig insteadOf or credential helper of whoever runs modgate must not change the answers).
 * The configs are empty and in memory: JGit saves what it measures of the file system (timestamp resolution) into
 * its "jgit config" (~/.config/jgit/config); that must stay in memory, as nothing is written outside the data
 * directory (the home may be read-only, or not exist).
 */
final class IsolatedGitConfig extends SystemReader.Delegate {
    private IsolatedGitConfig(SystemReader base) {
        super(base);
    }

    static synchronized void install() {
        if (!(SystemReader.getInstance() instanceof IsolatedGitConfig)) {
            SystemReader.setInstance(new IsolatedGitConfig(SystemReader.getInstance()));
        }
    }

    @Override public FileBasedConfig openUserConfig(Config parent, FS fs) { return new InMemory(parent, fs); }

    @Override public FileBasedConfig openSystemConfig(Config parent, FS fs) { return new InMemory(parent, fs); }

    @Override public FileBasedConfig openJGitConfig(Config parent, FS fs) { return new InMemory(parent, fs); }

    /** A config with no file: nothing is read, and saving keeps the values in memory only. */
    private static final class InMemory extends FileBasedConfig {
        InMemory(Config parent, FS fs) {
            super(parent, null, fs);
        }

        @Override public void load() {
            // nothing to read
        }

        @Override public void save() {
            // nothing written
        }

        @Override public boolean isOutdated() { return false; }

        @Override public String toString() { return "modgate's empty in-memory git config"; }
    }
}
