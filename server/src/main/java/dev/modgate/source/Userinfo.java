package dev.modgate.source;

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
        // Without a scheme ("user:secret@proxy.example", which means https://) the authority starts the text.
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        int last = url.lastIndexOf('@', end - 1);
        return last < start ? url : url.substring(0, start) + url.substring(last + 1);
    }

    /**
     * The URL with every "@" of its user information but the last percent-encoded, so that java.net.URI reads it as
     * the go command does: Go's url.Parse splits the authority at its last "@" ("https://u:p@ss@host" is user "u",
     * password "p@ss"), where java.net.URI refuses a raw "@" in user information and takes the whole authority for a
     * registry name, with no host.
     */
    public static String escapeAtSigns(String url) {
        int start = url.indexOf("://");
        if (start < 0) return url;
        start += 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        int last = url.lastIndexOf('@', end - 1);
        if (last <= start) return url;
        return url.substring(0, start) + url.substring(start, last).replace("@", "%40") + url.substring(last);
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
