package dev.modgate.git;

import dev.modgate.auth.HostCredentials;
import dev.modgate.source.AddressGuard;
import java.nio.file.Path;

/**
 * A repository to fetch and how.
 *
 * @param url         the repository's name: as discovered, before rewrites (the .info Origin URL)
 * @param fetchUrl    where modgate connects, after the configured rewrites
 * @param credentials user and secret for fetchUrl's host, or null
 * @param sshKey      private key for ssh:// fetch URLs, or null
 * @param guard       checks each host connected to (off for private modules and configured URLs)
 * @param insecureTls skip certificate checks (--insecure modules)
 */
public record GitRemote(String url, String fetchUrl, HostCredentials credentials, Path sshKey, AddressGuard guard, boolean insecureTls) {
    /** For messages: user information in URLs is left out, so a password written into a URL is never shown. */
    @Override public String toString() {
        String u = GitErrors.redact(url), f = GitErrors.redact(fetchUrl);
        return f.equals(u) ? u : u + " (fetched from " + f + ")";
    }
}
