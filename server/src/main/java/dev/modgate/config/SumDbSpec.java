package dev.modgate.config;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.HostCredentials;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.net.Userinfo;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A checksum database in GOSUMDB syntax, parsed with the go command's rules (cmd/go/internal/modfetch dbDial):
 * {@code name} (only known names: sum.golang.org), {@code name+hash+key}, or either followed by a URL to reach it
 * at; {@code sum.golang.google.cn} is sum.golang.org reached through that host.
 *
 * @param name        the database name, host[/path]
 * @param verifierKey the full verifier key {@code name+hash+base64}
 * @param url         where to reach it, or null for "ask the upstream proxies, else https://name" (as the go command);
 *                    never with user information (taken out into credentials, so that no message can show it)
 * @param credentials the user information the URL was given with, for its host and port only, or null
 */
public record SumDbSpec(String name, String verifierKey, String url, HostCredentials credentials) {
    public static final String SUM_GOLANG_ORG = "sum.golang.org";
    public static final String SUM_GOLANG_ORG_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
    public static final String DEFAULT = SUM_GOLANG_ORG;

    /** The database GOSUMDB names, or null for "off". */
    public static SumDbSpec parse(String gosumdb) {
        String s = gosumdb.strip();
        if (s.equals("off")) return null;
        if (s.equals("sum.golang.google.cn")) s = "sum.golang.org https://sum.golang.google.cn";
        String[] f = s.isEmpty() ? new String[0] : s.split("\\s+");
        if (f.length == 0) throw new IllegalArgumentException("--sumdb: missing checksum database (want name, name+key, \"name+key url\" or off)");
        // User information in the URL is a credential: no message shows it.
        String shown = Userinfo.redact(gosumdb);
        if (f.length > 2) throw new IllegalArgumentException("--sumdb: invalid GOSUMDB \"" + shown + "\": too many fields");
        String key = f[0].equals(SUM_GOLANG_ORG) ? SUM_GOLANG_ORG_KEY : f[0];
        String name;
        try {
            name = NoteKeys.newVerifier(key).name();
        } catch (NoteException e) {
            throw new IllegalArgumentException("--sumdb: invalid GOSUMDB \"" + shown + "\": " + Userinfo.redact(e.getMessage())
                    + (key.contains("+") ? "" : " (a database other than sum.golang.org needs its key: name+hash+key)"));
        }
        checkName(name, "--sumdb");
        String url = null;
        HostCredentials credentials = null;
        if (f.length == 2) {
            url = Userinfo.escapeAtSigns(f[1].replaceAll("/+$", ""));
            try {
                URI u = new URI(url);
                if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) throw new URISyntaxException(url, "want http(s)://host[/path]");
                if (u.getRawUserInfo() != null) {
                    // Kept apart once, here: everything that names the database (answers, logs) sees the URL without it.
                    credentials = Userinfo.credentials(u);
                    url = Userinfo.redactUrl(url);
                }
            } catch (URISyntaxException e) {
                // The exception's message repeats the input, user information and all: only its reason is shown.
                throw new IllegalArgumentException("--sumdb: invalid GOSUMDB URL \"" + Userinfo.redact(f[1]) + "\": " + Userinfo.redact(e.getReason()));
            }
        }
        return new SumDbSpec(name, key, url, credentials);
    }

    /**
     * "No funny business in the database name" (the go command): host[/path], nothing that needs escaping in a
     * URL, no trailing slash. The name is also a directory under the data directory, so no "." or ".." elements.
     */
    public static String checkName(String name, String option) {
        String bad = option + ": invalid checksum database name \"" + name + "\" (must be host[/path])";
        if (name.isEmpty() || name.endsWith("/") || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) throw new IllegalArgumentException(bad);
        try {
            URI u = new URI("https://" + name);
            if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                    || !u.getRawPath().equals(u.getPath())) {
                throw new IllegalArgumentException(bad);
            }
            for (String el : u.getPath().split("/")) {
                if (el.equals(".") || el.equals("..")) throw new IllegalArgumentException(bad);
            }
            if (u.getPath().contains("//")) throw new IllegalArgumentException(bad);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(bad);
        }
        return name;
    }

    /** The credentials with this database's user information added, for its host and port only. */
    public Credentials addCredentialsTo(Credentials c) {
        return url == null || credentials == null ? c : c.withUserinfo(URI.create(url), credentials);
    }

    @Override public String toString() {
        return url == null ? name : name + " " + url;
    }
}
