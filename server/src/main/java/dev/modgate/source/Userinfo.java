package dev.modgate.source;

import dev.modgate.auth.HostCredentials;
import java.net.URI;

/**
 * User information in URLs ({@code https://user:secret@host/...}): a credential, so it is taken out of every URL
 * before the URL is shown, logged, stored or exported, and used only as credentials for that URL's host and port.
 */
public final class Userinfo {
    private Userinfo() {}

    /** The text with user information dropped from every URL in it ("https://user:secret@host" becomes "https://host"). */
    public static String redact(String s) {
        return s == null ? null : s.replaceAll("://[^/@\\s\"]+@", "://");
    }

    /** The URL's user information as credentials ("user:secret", or a lone token as the user), or null. */
    public static HostCredentials credentials(URI u) {
        String info = u.getUserInfo();
        if (info == null) return null;
        int colon = info.indexOf(':');
        return colon < 0 ? new HostCredentials(info, "") : new HostCredentials(info.substring(0, colon), info.substring(colon + 1));
    }

    /** scheme://host[:port] of a URL, without user information: how messages name a server. */
    public static String origin(URI u) {
        String host = u.getHost() == null ? redact(String.valueOf(u.getRawAuthority())) : u.getHost();
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        return u.getScheme() + "://" + host + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }
}
