package dev.modgate.core.coderepo;

import dev.modgate.core.zip.ModuleFile;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * codehost.Repo: what a version-control repository can answer, with no notion of modules. {@link CodeRepo} turns
 * these answers into module versions. "Does not exist" is a {@link CodeRepoException} with {@code notExist()}
 * true; any other IOException is a failure to find out. Implementations must be safe for concurrent use.
 *
 * <p>A {@code rev} is a tag, a branch, "HEAD", or a commit hash or hash prefix of at least 7 hex digits.
 */
public interface CodeHost {
    /** The tags whose names start with prefix, sorted by name; the origin carries TagPrefix and TagSum. */
    Tags tags(String prefix) throws IOException;

    /** The commit rev names; {@link CodeRepoException#unknownRevision} if none. */
    Revision stat(String rev) throws IOException;

    /** The head of the default branch (the remote's HEAD); {@link CodeRepoException#noCommits} if there is none. */
    Revision latest() throws IOException;

    /**
     * The content of the file at rev, or null when there is no such file (a directory or submodule is no file).
     * Refuses files larger than maxSize with an error.
     */
    byte[] readFile(String rev, String file, long maxSize) throws IOException;

    /**
     * The regular files and symbolic links of the tree at rev that lie below subdir ("" for all), with paths
     * relative to the repository root, in tree order: what {@code git archive rev -- subdir} holds. Contents are
     * read when opened; sizes are the stored object sizes.
     */
    List<ModuleFile> readTree(String rev, String subdir) throws IOException;

    /**
     * The highest tag with the prefix, among those on rev or its ancestors, for which allowed is true (compared
     * as semantic versions after the prefix), or "" if none.
     */
    String recentTag(String rev, String prefix, Predicate<String> allowed) throws IOException;

    /** Whether rev or one of its ancestors has the tag. */
    boolean descendsFrom(String rev, String tag) throws IOException;
}
