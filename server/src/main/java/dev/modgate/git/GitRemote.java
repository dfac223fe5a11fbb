package dev.modgate.git;

import dev.modgate.auth.HostCredentials;
import dev.modgate.net.AddressGuard;
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
    /**
     * For messages, which clients see: the repository's name only (where a rewrite sends it, such as a file://
     * mirror on this server, is not theirs to know), without user information in the URL.
     */
    @Override public String toString() {
        String u = dev.modgate.net.Userinfo.redact(url);
        return fetchUrl.equals(url) ? u : u + " (rewritten)";
    }
}
