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
 * <p>Made by {@link #builder()}; what each part means is said at its accessor.
 */
public final class DirectConfig {
    private final PathPatterns privateModules;
    private final PathPatterns noproxy;
    private final PathPatterns insecure;
    private final Path netrc;
    private final List<RepoRule> repos;
    private final List<UrlRewrite> rewrites;
    private final Map<String, HostCredentials> credentials;
    private final Map<String, Path> sshKeys;
    private final Path sshDir;

    private DirectConfig(Builder b) {
        privateModules = PathPatterns.of(b.privateModules);
        noproxy = PathPatterns.of(b.noproxy == null ? b.privateModules : b.noproxy);
        insecure = PathPatterns.of(b.insecure);
        netrc = b.netrc;
        repos = List.copyOf(b.repos);
        rewrites = List.copyOf(b.rewrites);
        credentials = Map.copyOf(b.credentials);
        sshKeys = Map.copyOf(b.sshKeys);
        sshDir = b.sshDir;
    }

    /** A builder with no patterns, no tables, no netrc file and the default SSH directory (null). */
    public static Builder builder() {
        return new Builder();
    }

    /** No patterns, no tables, no netrc file (netrc null). */
    public static DirectConfig none() {
        return builder().build();
    }

    /** --private (GOPRIVATE): fetched from version control only, and may live on internal addresses */
    public PathPatterns privateModules() { return privateModules; }

    /** --noproxy (GONOPROXY, default --private): fetched from version control only */
    public PathPatterns noproxy() { return noproxy; }

    /** --insecure (GOINSECURE): plain http and unchecked certificates allowed */
    public PathPatterns insecure() { return insecure; }

    /** netrc file with credentials, or null for none */
    public Path netrc() { return netrc; }

    /** repo lines of the config file: repositories for module path prefixes */
    public List<RepoRule> repos() { return repos; }

    /** rewrite lines of the config file: repository URL rewrites */
    public List<UrlRewrite> rewrites() { return rewrites; }

    /** per host ("host" or "host:port"), from credentials lines; they win over netrc */
    public Map<String, HostCredentials> credentials() { return credentials; }

    /** private key files per host, for ssh:// repositories */
    public Map<String, Path> sshKeys() { return sshKeys; }

    /** known_hosts, config and default keys for ssh:// repositories (null: ~/.ssh) */
    public Path sshDir() { return sshDir; }

    /** $NETRC, else ~/.netrc, as the go command. */
    public static Path defaultNetrc(Map<String, String> env) {
        String n = env.get("NETRC");
        if (n != null && !n.isEmpty()) return Path.of(n);
        return Path.of(System.getProperty("user.home"), ".netrc");
    }

    /** Sets what a DirectConfig holds; patterns are comma-separated, as GOPRIVATE. */
    public static final class Builder {
        private String privateModules = "";
        private String noproxy;
        private String insecure = "";
        private Path netrc;
        private List<RepoRule> repos = List.of();
        private List<UrlRewrite> rewrites = List.of();
        private Map<String, HostCredentials> credentials = Map.of();
        private Map<String, Path> sshKeys = Map.of();
        private Path sshDir;

        private Builder() {}

        public Builder privateModules(String patterns) { privateModules = patterns; return this; }

        /** @param patterns null for the private patterns, as GONOPROXY defaults to GOPRIVATE */
        public Builder noproxy(String patterns) { noproxy = patterns; return this; }

        public Builder insecure(String patterns) { insecure = patterns; return this; }

        public Builder netrc(Path file) { netrc = file; return this; }

        public Builder repos(List<RepoRule> r) { repos = r; return this; }

        public Builder rewrites(List<UrlRewrite> w) { rewrites = w; return this; }

        public Builder credentials(Map<String, HostCredentials> c) { credentials = c; return this; }

        public Builder sshKeys(Map<String, Path> keys) { sshKeys = keys; return this; }

        public Builder sshDir(Path dir) { sshDir = dir; return this; }

        /** The config file's tables: repo, rewrite, credentials and ssh-key lines, replacing any set before. */
        public Builder tables(List<ConfigFile.TableLine> lines) throws IOException {
            readTables(lines, this);
            return this;
        }

        public DirectConfig build() {
            return new DirectConfig(this);
        }
    }

    /** The tables into the builder, each line checked; errors name the line and never show a secret. */
    private static void readTables(List<ConfigFile.TableLine> tables, Builder into) throws IOException {
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
        into.repos(repos).rewrites(rewrites).credentials(creds).sshKeys(keys);
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
