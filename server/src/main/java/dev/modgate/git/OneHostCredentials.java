package dev.modgate.git;

import dev.modgate.auth.HostCredentials;
import java.util.Locale;
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
    private final String host;
    private final int port;
    private final HostCredentials credentials;
    private int uses;

    OneHostCredentials(String host, int port, HostCredentials credentials) {
        this.host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        this.port = port;
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
        if (credentials == null || uses >= 4 || uri.getHost() == null || !uri.getHost().toLowerCase(Locale.ROOT).equals(host)) return false;
        if (port > 0 && uri.getPort() > 0 && uri.getPort() != port) return false;
        for (CredentialItem i : items) {
            if (i instanceof CredentialItem.Username u) u.setValue(credentials.user());
            else if (i instanceof CredentialItem.Password p) p.setValue(credentials.password().toCharArray());
            else return false;
        }
        uses++;
        return true;
    }

    @Override public void reset(URIish uri) {
        // Deliberately not re-arming: refused credentials are not offered twice.
    }
}
