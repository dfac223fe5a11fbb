package dev.modgate.git;

import dev.modgate.source.SourceException;
import java.util.Locale;
import org.eclipse.jgit.errors.TransportException;

/** JGit's transport failures as modgate reports them: clear, classified, and never with credentials in them. */
final class GitErrors {
    private GitErrors() {}

    static SourceException transport(GitRemote remote, TransportException e, long deadlineNanos) {
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

    /** Drops user information from URLs in a message ("https://user:secret@host" becomes "https://host"). */
    static String redact(String s) {
        return s.replaceAll("://[^/@\\s]+@", "://");
    }
}
