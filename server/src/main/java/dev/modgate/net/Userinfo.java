package dev.modgate.net;

import dev.modgate.auth.HostCredentials;
import java.net.URI;

/**
 * User information in URLs ({@code https://user:secret@host/...}): a credential, so it is taken out of every URL
 * before the URL is shown, logged, stored or exported, and used only as credentials for that URL's host and port.
 */
public final class Userinfo {
    private Userinfo() {}

    /**
     * The text with user information dropped from every URL in it ("https://user:secret@host" becomes "https://host").
     * Up to the authority's last "@", as Go's url.Parse splits it: a password may hold "@" ("https://u:p@ss@host") or a
     * quote, and stopping at the first one would show the rest of it. Text in which a URL's password holds white
     * space is beyond this: show such input with {@link #redactUrl}.
     */
    public static String redact(String s) {
        return s == null ? null : s.replaceAll("://[^/?#\\s]*@", "://");
    }

    /**
     * One URL as given (maybe invalid: a password with a space or a quote in it) without its user information: all
     * after "://" up to the authority's last "@", whatever the characters between. For messages that show the input.
     */
    public static String redactUrl(String url) {
        if (url == null) return null;
        int[] a = authority(url);
        return a[1] < a[0] ? url : url.substring(0, a[0]) + url.substring(a[1] + 1);
    }

    /**
     * The URL with every "@" of its user information but the last percent-encoded, so that java.net.URI reads it as
     * the go command does: Go's url.Parse splits the authority at its last "@" ("https://u:p@ss@host" is user "u",
     * password "p@ss"), where java.net.URI refuses a raw "@" in user information and takes the whole authority for a
     * registry name, with no host.
     */
    public static String escapeAtSigns(String url) {
        if (!url.contains("://")) return url;
        int[] a = authority(url);
        if (a[1] <= a[0]) return url;
        return url.substring(0, a[0]) + url.substring(a[0], a[1]).replace("@", "%40") + url.substring(a[1]);
    }

    /**
     * Where the authority starts (after "://", or at 0 without a scheme: "user:secret@proxy.example" means https://)
     * and the index of its last "@" (below the start when it has none).
     */
    private static int[] authority(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        return new int[] {start, url.lastIndexOf('@', end - 1)};
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
