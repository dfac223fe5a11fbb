package dev.modgate.core.coderepo;

import java.io.IOException;

/**
 * A repository or module could not give what was asked, with the go command's message. {@link #notExist()} is
 * the go command's {@code errors.Is(err, fs.ErrNotExist)}: the repository, revision, file or module version does
 * not exist (a proxy answers 404), as opposed to a failure to find out (a proxy answers an error).
 */
public class CodeRepoException extends IOException {
    private final boolean notExist;
    private boolean invalidVersion;

    public CodeRepoException(boolean notExist, String message) {
        super(message);
        this.notExist = notExist;
    }

    public CodeRepoException(boolean notExist, String message, Throwable cause) {
        super(message, cause);
        this.notExist = notExist;
    }

    public boolean notExist() { return notExist; }

    /**
     * Whether this is the go command's module.InvalidVersionError ({@code path@version: invalid version: ...}): the
     * repository answered, and the version asked for is not one the module has (unless a failure to reach the
     * repository is its cause).
     */
    public boolean invalidVersion() { return invalidVersion; }

    CodeRepoException markInvalidVersion() {
        invalidVersion = true;
        return this;
    }

    public static CodeRepoException notExist(String message) { return new CodeRepoException(true, message); }

    /** codehost.UnknownRevisionError. */
    public static CodeRepoException unknownRevision(String rev) { return notExist("unknown revision " + rev); }

    /** codehost.ErrNoCommits. */
    public static CodeRepoException noCommits() { return notExist("no commits"); }

    /** Whether err counts as "does not exist" (errors.Is(err, fs.ErrNotExist)). */
    public static boolean isNotExist(Throwable err) {
        return err instanceof CodeRepoException c && c.notExist;
    }

    /** Wraps err under a new message, keeping whether it means "does not exist". */
    public static CodeRepoException wrap(String message, IOException err) {
        return new CodeRepoException(isNotExist(err), message, err);
    }
}
