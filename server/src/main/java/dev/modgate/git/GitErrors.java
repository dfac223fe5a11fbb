package dev.modgate.git;

import dev.modgate.net.SourceException;
import dev.modgate.net.Userinfo;
import dev.modgate.storage.LocalFailures;
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
        return new SourceException(se.kind(), hideFetchUrl(remote, se.getMessage()), e);
    }

    /**
     * The message with every form of the rewritten fetch URL replaced by the repository's name. For a file:// target
     * that includes the bare local path, which JGit's messages use too ("/srv/git/corp/x.git: not found"), with
     * whatever JGit appended to it (".git", "/.git", a file in it): where a rewrite sends a repository on this
     * server is not the client's to know.
     */
    static String hideFetchUrl(GitRemote remote, String msg) {
        String name = remote.toString();
        String out = msg.replace(Userinfo.redact(remote.fetchUrl()), name).replace(remote.fetchUrl(), name);
        String dir = localPath(remote.fetchUrl());
        if (dir != null && !dir.isEmpty() && !dir.equals("/")) {
            // file:///srv/x, file:/srv/x or /srv/x, decoded or not, and anything following it up to a separator.
            for (String p : new String[] {dir, java.net.URI.create(remote.fetchUrl()).getRawPath()}) {
                if (p == null || p.isEmpty()) continue;
                out = out.replaceAll("(?:file:(?://)?)?" + java.util.regex.Pattern.quote(p.replaceFirst("/+$", "")) + "[^\\s:,;'\"()]*",
                        java.util.regex.Matcher.quoteReplacement(name));
            }
        }
        return out;
    }

    /** The local path of a file: URL, or null for any other URL. */
    private static String localPath(String url) {
        if (!url.regionMatches(true, 0, "file:", 0, 5)) return null;
        try {
            return java.nio.file.Path.of(java.net.URI.create(url)).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static SourceException classify(GitRemote remote, TransportException e, long deadlineNanos) {
        // A refusal by modgate itself (the address guard, on a redirect hop) is the real reason; JGit wraps it.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SourceException se) return new SourceException(se.kind(), "git fetch of " + remote + ": " + se.getMessage(), e);
        }
        String msg = Userinfo.redact(String.valueOf(e.getMessage()));
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
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SourceException) return null;
        if (LocalFailures.diskFull(e)) {
            return new SourceException(SourceException.Kind.LOCAL, "git fetch of " + remote + ": the data directory is full (No space left on device)", e);
        }
        if (LocalFailures.readOnly(e)) {
            return new SourceException(SourceException.Kind.LOCAL, "git fetch of " + remote + ": cannot write the git mirror (Read-only file system)", e);
        }
        return null;
    }

}
