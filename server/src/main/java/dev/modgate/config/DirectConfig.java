package dev.modgate.config;

import dev.modgate.auth.HostCredentials;
import dev.modgate.core.module.PathPatterns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How modules are fetched straight from version control, in the go command's vocabulary: GOPRIVATE, GONOPROXY,
 * GOINSECURE patterns, a netrc file, and the config-file tables (repositories for path prefixes, URL rewrites,
 * credentials and SSH keys per host).
 *
 * @param privateModules --private (GOPRIVATE): fetched from version control only, and may live on internal addresses
 * @param noproxy        --noproxy (GONOPROXY, default --private): fetched from version control only
 * @param insecure       --insecure (GOINSECURE): plain http and unchecked certificates allowed
 * @param netrc          netrc file with credentials, or null for none
 * @param credentials    per host ("host" or "host:port"), from credentials lines; they win over netrc
 * @param sshKeys        private key files per host, for ssh:// repositories
 * @param sshDir         known_hosts, config and default keys for ssh:// repositories (null: ~/.ssh)
 */
public record DirectConfig(PathPatterns privateModules, PathPatterns noproxy, PathPatterns insecure, Path netrc,
                           List<RepoRule> repos, List<UrlRewrite> rewrites, Map<String, HostCredentials> credentials,
                           Map<String, Path> sshKeys, Path sshDir) {

    public DirectConfig {
        repos = List.copyOf(repos);
        rewrites = List.copyOf(rewrites);
        credentials = Map.copyOf(credentials);
        sshKeys = Map.copyOf(sshKeys);
    }

    /** No patterns, no tables, no netrc file (netrc null). */
    public static DirectConfig none() {
        return new DirectConfig(PathPatterns.of(""), PathPatterns.of(""), PathPatterns.of(""), null, List.of(), List.of(), Map.of(), Map.of(), null);
    }

    /** $NETRC, else ~/.netrc, as the go command. */
    public static Path defaultNetrc(Map<String, String> env) {
        String n = env.get("NETRC");
        if (n != null && !n.isEmpty()) return Path.of(n);
        return Path.of(System.getProperty("user.home"), ".netrc");
    }

    public DirectConfig withTables(List<RepoRule> r, List<UrlRewrite> w, Map<String, HostCredentials> c) {
        return new DirectConfig(privateModules, noproxy, insecure, netrc, r, w, c, sshKeys, sshDir);
    }

    public DirectConfig withPatterns(String priv, String noproxyOrNull, String insec) {
        return new DirectConfig(PathPatterns.of(priv), PathPatterns.of(noproxyOrNull == null ? priv : noproxyOrNull), PathPatterns.of(insec),
                netrc, repos, rewrites, credentials, sshKeys, sshDir);
    }

    public DirectConfig withNetrc(Path n) {
        return new DirectConfig(privateModules, noproxy, insecure, n, repos, rewrites, credentials, sshKeys, sshDir);
    }

    public DirectConfig withSsh(Map<String, Path> keys, Path dir) {
        return new DirectConfig(privateModules, noproxy, insecure, netrc, repos, rewrites, credentials, keys, dir);
    }

    /**
     * Builds the configuration from the resolved settings and the config file's tables.
     *
     * @param noproxy null when not given: then it is the private patterns, as GONOPROXY defaults to GOPRIVATE
     */
    public static DirectConfig of(String priv, String noproxy, String insecure, Path netrc, Path sshDir, List<ConfigFile.TableLine> tables) throws IOException {
        List<RepoRule> repos = new ArrayList<>();
        List<UrlRewrite> rewrites = new ArrayList<>();
        Map<String, HostCredentials> creds = new LinkedHashMap<>();
        Map<String, Path> keys = new LinkedHashMap<>();
        for (ConfigFile.TableLine t : tables) {
            try {
                switch (t.table()) {
                    case "repo" -> repos.add(new RepoRule(t.arg(), t.value()));
                    case "rewrite" -> rewrites.add(new UrlRewrite(t.arg(), t.value()));
                    case "credentials" -> creds.put(t.arg().toLowerCase(java.util.Locale.ROOT), credentials(t.value()));
                    case "ssh-key" -> keys.put(t.arg().toLowerCase(java.util.Locale.ROOT), Path.of(t.value()));
                    default -> throw new IllegalArgumentException("unknown table " + t.table());
                }
            } catch (IllegalArgumentException | IOException e) {
                // The message never holds the secret: only the line's place and the problem (URLs without user information).
                throw new IOException(t.where() + ": " + t.table() + " " + dev.modgate.net.Userinfo.redact(t.arg()) + ": "
                        + dev.modgate.net.Userinfo.redact(e.getMessage()), e instanceof IOException ? e : null);
            }
        }
        return new DirectConfig(PathPatterns.of(priv), PathPatterns.of(noproxy == null ? priv : noproxy), PathPatterns.of(insecure),
                netrc, repos, rewrites, creds, keys, sshDir);
    }

    /**
     * "user NAME password SECRET", "user NAME password-file FILE", "token SECRET" or "token-file FILE". A token is
     * sent as the password of user x-access-token, which GitHub, GitLab and Gitea accept for access tokens.
     */
    static HostCredentials credentials(String value) throws IOException {
        String[] w = value.strip().split("\\s+");
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 0; i + 1 < w.length; i += 2) kv.put(w[i], w[i + 1]);
        if (w.length % 2 != 0 || kv.isEmpty()) throw new IllegalArgumentException(usage());
        String secret = kv.containsKey("password") ? kv.get("password")
                : kv.containsKey("password-file") ? readSecret(kv.get("password-file"), "password-file")
                : kv.containsKey("token") ? kv.get("token")
                : kv.containsKey("token-file") ? readSecret(kv.get("token-file"), "token-file") : null;
        if (secret == null) throw new IllegalArgumentException(usage());
        boolean token = kv.containsKey("token") || kv.containsKey("token-file");
        String user = kv.getOrDefault("user", token ? "x-access-token" : null);
        if (user == null) throw new IllegalArgumentException("credentials with a password need a user: " + usage());
        return new HostCredentials(user, secret);
    }

    private static String usage() {
        return "expected credentials HOST = user NAME password SECRET | user NAME password-file FILE | token SECRET | token-file FILE";
    }

    /** The secret in a file, stripped; a missing or unreadable file says so and what to do (never the contents). */
    private static String readSecret(String file, String kind) throws IOException {
        String s;
        try {
            s = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(kind + " " + file + " does not exist: create it with the secret as its only line, or fix the path");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(kind + " " + file + " cannot be read (permission denied): let the user running modgate ("
                    + System.getProperty("user.name") + ") read it");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(kind + " " + file + " is not UTF-8 text: write the secret as text");
        } catch (IOException e) {
            throw new IOException(kind + " " + file + " cannot be read (" + e.getClass().getSimpleName() + "): check the path");
        }
        if (s.isBlank()) throw new IOException(kind + " " + file + " is empty: write the secret into it");
        return s.strip();
    }
}
