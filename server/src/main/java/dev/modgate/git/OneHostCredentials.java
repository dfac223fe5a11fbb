package dev.modgate.git;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.HostCredentials;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Hands JGit the credentials of one host, for that host only, a few times at most (each new connection of a
 * fetch may be challenged again; more requests mean they were refused, and asking again would only loop). Never interactive: anything else JGit might ask (an SSH passphrase,
 * a host key confirmation) is declined at once, so a server that wants a prompt gets an immediate failure.
 */
final class OneHostCredentials extends CredentialsProvider {
    /** "host:port" with the port made explicit: a URL without one is on its scheme's default port. */
    private final String hostPort;
    private final HostCredentials credentials;
    private int uses;

    OneHostCredentials(java.net.URI fetchUrl, HostCredentials credentials) {
        this.hostPort = fetchUrl.getHost() == null ? "" : Credentials.hostPort(fetchUrl);
        this.credentials = credentials;
    }

    @Override public boolean isInteractive() { return false; }

    @Override public boolean supports(CredentialItem... items) {
        for (CredentialItem i : items) {
            if (!(i instanceof CredentialItem.Username) && !(i instanceof CredentialItem.Password)) return false;
        }
        return true;
    }

    @Override public synchronized boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        // Asked for another server (a redirect to another host, or another port of the same host): not these.
        if (credentials == null || uses >= 4 || uri.getHost() == null || !hostPort.equals(hostPort(uri))) return false;
        for (CredentialItem i : items) {
            if (i instanceof CredentialItem.Username u) u.setValue(credentials.user());
            else if (i instanceof CredentialItem.Password p) p.setValue(credentials.password().toCharArray());
            else return false;
        }
        uses++;
        return true;
    }

    private static String hostPort(URIish u) {
        String scheme = u.getScheme() == null ? "https" : u.getScheme();
        return Credentials.hostPort(java.net.URI.create(scheme + "://" + (u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost())
                + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/"));
    }

    @Override public void reset(URIish uri) {
        // Deliberately not re-arming: refused credentials are not offered twice.
    }
}
