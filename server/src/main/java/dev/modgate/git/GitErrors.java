package dev.modgate.git;

import dev.modgate.source.SourceException;
import java.util.Locale;
import org.eclipse.jgit.errors.TransportException;

/** JGit's transport failures as modgate reports them: clear, classified, and never with credentials in them. */
final class GitErrors {
    private GitErrors() {}

    static SourceException transport(GitRemote remote, TransportException e, long deadlineNanos) {
        // JGit reports a failure to write the received pack as a transport failure too: that one is ours.
        SourceException own = local(remote.toString(), e);
        if (own != null) return own;
        SourceException se = classify(remote, e, deadlineNanos);
        // JGit names the URL it connected to; clients are told the repository's name instead.
        if (remote.fetchUrl().equals(remote.url())) return se;
        String msg = se.getMessage().replace(redact(remote.fetchUrl()), remote.toString()).replace(remote.fetchUrl(), remote.toString());
        return new SourceException(se.kind(), msg, e);
    }

    private static SourceException classify(GitRemote remote, TransportException e, long deadlineNanos) {
        // A refusal by modgate itself (the address guard, on a redirect hop) is the real reason; JGit wraps it.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SourceException se) return new SourceException(se.kind(), "git fetch of " + remote + ": " + se.getMessage(), e);
        }
        String msg = redact(String.valueOf(e.getMessage()));
        String lower = msg.toLowerCase(Locale.ROOT);
        if (System.nanoTime() - deadlineNanos > 0 || lower.contains("cancel")) {
            return new SourceException(SourceException.Kind.TIMEOUT, "git fetch of " + remote + " did not finish in time (--fetch-timeout)", e);
        }
        if (GitMirror.isTimeout(e)) {
            return new SourceException(SourceException.Kind.TIMEOUT, "git fetch of " + remote + ": timed out (" + msg + ")", e);
        }
        if (lower.contains("not authorized") || lower.contains("authentication is required") || lower.contains("auth fail")
                || lower.contains("no credentialsprovider") || lower.contains("401")) {
            return new SourceException(SourceException.Kind.FAILED, "git fetch of " + remote + ": authentication required or refused;"
                    + " give modgate credentials for this host (netrc, or a credentials line in the config file)", e);
        }
        if (lower.contains("server key did not validate") || lower.contains("host key")) {
            return new SourceException(SourceException.Kind.FAILED, "git fetch of " + remote + ": the server's host key is not trusted"
                    + " (add it to known_hosts in --ssh-dir): " + msg, e);
        }
        return new SourceException(SourceException.Kind.FAILED, "git fetch of " + remote + ": " + msg, e);
    }

    /**
     * A failure to write the mirror (the data directory is full, or not writable) as modgate's own fault: LOCAL, so
     * the client gets 507 (full) or 500, not a 502 blaming the repository; null when e is something else. JGit
     * reports these as plain IOExceptions or wrapped in a TransportException, so the cause chain is searched for the
     * operating system's words (ENOSPC, EDQUOT, EROFS).
     */
    static SourceException local(String remote, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException) return null;
            String m = String.valueOf(t instanceof java.nio.file.FileSystemException fse ? fse.getReason() + " " + fse.getMessage() : t.getMessage());
            if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
                return new SourceException(SourceException.Kind.LOCAL, "git fetch of " + remote + ": the data directory is full (No space left on device)", e);
            }
            if (m.contains("Read-only file system")) {
                return new SourceException(SourceException.Kind.LOCAL, "git fetch of " + remote + ": cannot write the git mirror (" + redact(m) + ")", e);
            }
        }
        return null;
    }

    /** Drops user information from URLs in a message ("https://user:secret@host" becomes "https://host"). */
    static String redact(String s) {
        return s.replaceAll("://[^/@\\s]+@", "://");
    }
}
