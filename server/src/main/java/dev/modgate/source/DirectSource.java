package dev.modgate.source;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.HostCredentials;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.UrlRewrite;
import dev.modgate.core.coderepo.CodeRepo;
import dev.modgate.core.coderepo.CodeRepoException;
import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.vcs.ImportPathException;
import dev.modgate.core.vcs.RepoUrls;
import dev.modgate.core.zip.ZipCheckException;
import dev.modgate.discovery.FoundRepo;
import dev.modgate.discovery.RepoFinder;
import dev.modgate.git.GitMirrors;
import dev.modgate.git.GitRemote;
import dev.modgate.git.MirrorCodeHost;
import dev.modgate.net.AddressGuard;
import dev.modgate.net.LocalStorageException;
import dev.modgate.net.Outbound;
import dev.modgate.net.SourceException;
import dev.modgate.net.Userinfo;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code direct} entry of an upstream list: modules read straight from their git repositories, with the go
 * command's rules (cmd/go/internal/vcs to find the repository, modfetch's codeRepo for versions, go.mod and zip),
 * so that what modgate serves is byte for byte what {@code GOPROXY=direct} would give. Repositories are mirrored
 * under the data directory ({@link GitMirrors}). A go-import tag of type "mod" sends the module to the GOPROXY it
 * names.
 *
 * <p>"Does not exist" answers (no such repository, version, or module in the repository) are NOT_FOUND, as the
 * go command treats them; anything else is a failure.
 */
public final class DirectSource implements ModuleSource {
    private final DirectConfig config;
    private final RepoFinder finder;
    private final GitMirrors mirrors;
    private final Credentials credentials;
    private final Outbound outbound;
    private final Duration fetchTimeout;

    /** @param lookupTtl how long a module path's repository, once found, is reused (the list TTL) */
    public DirectSource(DirectConfig config, GitMirrors mirrors, Credentials credentials, Outbound outbound, Duration lookupTtl, Duration fetchTimeout) {
        this.config = config;
        this.mirrors = mirrors;
        this.credentials = credentials;
        this.outbound = outbound;
        this.fetchTimeout = fetchTimeout;
        this.finder = new RepoFinder(config, outbound, credentials, this::ping, lookupTtl);
    }

    /** git ls-remote for the scheme-less "host/path.git" form, whose scheme is found by trying each. */
    private boolean ping(String url, boolean privateModule) throws IOException {
        return mirrors.ping(remote(url, privateModule, false, false, false), System.nanoTime() + fetchTimeout.toNanos());
    }

    /**
     * How to reach a repository: the configured rewrites, credentials for the host connected to, address checks.
     * Refuses dot-segments wherever the URL came from. Trust (no address checks) comes from --private and repo lines,
     * and from a rewrite only for URLs the module path itself gave (known hosts, ".git" paths): a URL a go-import
     * page named stays untrusted after a rewrite, so its destination must pass the address rules, and a file://
     * destination is refused.
     */
    private GitRemote remote(String url, boolean privateModule, boolean configured, boolean namedByPage, boolean insecure) throws SourceException {
        // A password holding "@" is read as Go's url.Parse (and git) read it; otherwise java.net.URI finds no host,
        // and a message stripping user information up to the first "@" would show the rest of the password.
        url = Userinfo.escapeAtSigns(url);
        requireNoDotSegments(url);
        UrlRewrite.Result rw;
        try {
            rw = UrlRewrite.rewrite(config.rewrites(), url);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.FAILED, Userinfo.redact(e.getMessage()));
        }
        String fetchUrl = Userinfo.escapeAtSigns(rw.url());
        boolean trusted = privateModule || configured || (rw.rewritten() && !namedByPage);
        AddressGuard guard = trusted ? AddressGuard.OFF : AddressGuard.PUBLIC_ONLY;
        URI u;
        try {
            u = URI.create(fetchUrl);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.FAILED, "invalid repository URL " + Userinfo.redactUrl(url) + (rw.rewritten() ? " (rewritten)" : ""));
        }
        if (!trusted && rw.rewritten()) refuseEarly(u, guard, url);
        // User information in a configured URL is that URL's credentials (JGit would not use it beside ours).
        HostCredentials userinfo = Userinfo.credentials(u);
        return new GitRemote(url, fetchUrl, userinfo != null ? userinfo : credentials.forUri(u),
                u.getHost() == null ? null : config.sshKeys().get(u.getHost().toLowerCase(java.util.Locale.ROOT)),
                guard, insecure);
    }

    private static void requireNoDotSegments(String url) throws SourceException {
        try {
            RepoUrls.requireNoDotSegments(url);
        } catch (ImportPathException e) {
            throw new SourceException(SourceException.Kind.FAILED, e.getMessage());
        }
    }

    /**
     * For an untrusted URL a rewrite sent elsewhere: the address rules, before a mirror is made for it (the git
     * transport checks again at each connection). A file:// destination is never for a module that is not private.
     */
    private static void refuseEarly(URI fetch, AddressGuard guard, String url) throws SourceException {
        String scheme = fetch.getScheme() == null ? "" : fetch.getScheme().toLowerCase(java.util.Locale.ROOT);
        String where;
        try {
            if (scheme.equals("http") || scheme.equals("https")) guard.check(fetch);
            else if (fetch.getHost() != null) guard.checkHost(fetch.getHost(), scheme + "://" + fetch.getHost());
            where = fetch.getHost() == null ? "this server's file system" : null;
        } catch (SourceException e) {
            where = "an internal address";
        }
        if (where == null) return;
        // Where the rewrite points is the operator's business: the message names the repository only.
        throw new SourceException(SourceException.Kind.FAILED, "refusing to fetch " + Userinfo.redact(url) + " (rewritten): a go-import page"
                + " named it and a rewrite sends it to " + where + ", for a module that is not private; list the module in --private to allow it");
    }

    @Override public String name() { return "direct"; }

    private interface RepoCall<T> {
        T apply(CodeRepo repo) throws IOException;
    }

    private interface ProxyCall<T> {
        T apply(ModuleSource proxy) throws IOException;
    }

    /**
     * Runs a call against the module's repository (or the proxy a "mod" tag names).
     *
     * @param fresh whether the answer must reflect the repository's current refs (lists, latest, branch queries)
     */
    private <T> T with(String path, boolean fresh, RepoCall<T> call, ProxyCall<T> viaProxy) throws IOException {
        try {
            FoundRepo found = finder.find(path);
            boolean priv = config.privateModules().matches(path);
            if (found.vcs().equals("mod")) {
                requireNoDotSegments(found.url());
                AddressGuard guard = priv ? AddressGuard.OFF : AddressGuard.PUBLIC_ONLY;
                return viaProxy.apply(new HttpProxySource(found.url(), outbound, Outbound.Policy.guarded(guard, false)));
            }
            GitRemote remote = remote(found.url(), priv, found.trusted(), found.namedByPage(), config.insecure().matches(path));
            long deadline = System.nanoTime() + fetchTimeout.toNanos();
            MirrorCodeHost host = mirrors.session(remote, fresh, deadline);
            try {
                T answer = call.apply(new CodeRepo(host, found.root(), path));
                if (!host.damaged()) return answer;
            } catch (IOException | RuntimeException e) {
                if (!host.damaged()) throw e;
            }
            // The mirror was removed or found damaged under this request: ask once more, of the rebuilt mirror.
            return call.apply(new CodeRepo(mirrors.session(remote, fresh, deadline), found.root(), path));
        } catch (SourceException e) {
            throw e;
        } catch (CodeRepoException e) {
            throw new SourceException(kindOf(e), e.getMessage(), e);
        } catch (ZipCheckException e) {
            throw new SourceException(SourceException.Kind.INVALID, e.getMessage(), e);
        } catch (java.nio.file.FileSystemException e) {
            // The mirror's files, not the repository: modgate's own failure, and its message names server paths.
            throw new SourceException(SourceException.Kind.LOCAL, "a local file operation on the git mirror failed", e);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.FAILED, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * A failure to reach the repository under a module error keeps its kind (a timeout stays a timeout, never a
     * 404). Otherwise the repository answered: "does not exist", and every "invalid version" (an unknown revision,
     * an +incompatible or /vN version the module cannot have, a pseudo-version that does not match its commit), is
     * NOT_FOUND, as a proxy answers for a version that does not resolve; anything else is a failure.
     */
    private static SourceException.Kind kindOf(CodeRepoException e) {
        boolean answered = true;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SourceException se) return se.kind();
            // The mirror's files (permissions, a lock file gone): modgate's failure, never shown (it names paths).
            if (t instanceof java.nio.file.FileSystemException) return SourceException.Kind.LOCAL;
            // A local failure (a damaged mirror, a full disk) under a module error says nothing about the version.
            if (!(t instanceof CodeRepoException)) answered = false;
        }
        if (e.notExist()) return SourceException.Kind.NOT_FOUND;
        return answered && e.invalidVersion() ? SourceException.Kind.NOT_FOUND : SourceException.Kind.FAILED;
    }

    @Override public byte[] list(String path) throws IOException {
        return with(path, true, repo -> lines(repo.versions("")), p -> p.list(path));
    }

    private static byte[] lines(List<String> versions) {
        StringBuilder b = new StringBuilder();
        for (String v : versions) b.append(v).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The highest release, else the highest pre-release ({@link LatestVersion}), else the default branch's head. */
    @Override public byte[] latest(String path) throws IOException {
        return with(path, true, repo -> {
            Optional<String> tagged = LatestVersion.tagged(repo.versions(""));
            return json(tagged.isEmpty() ? repo.latest().toJson() : repo.stat(tagged.get()).toJson());
        }, p -> p.latest(path));
    }

    @Override public byte[] info(String path, String query) throws IOException {
        boolean fresh = !isCanonical(path, query);
        return with(path, fresh, repo -> json(repo.stat(query).toJson()), p -> p.info(path, query));
    }

    @Override public byte[] mod(String path, String version) throws IOException {
        return with(path, false, repo -> repo.goMod(version), p -> p.mod(path, version));
    }

    @Override public void zip(String path, String version, Path dest, long maxBytes) throws IOException {
        with(path, false, repo -> {
            // Write failures of the zip file are modgate's (LocalStorageException: 507 when the disk is full).
            try (OutputStream out = new Limited(LocalStorageException.open(dest), maxBytes)) {
                repo.zip(version, out);
            }
            return null;
        }, p -> {
            p.zip(path, version, dest, maxBytes);
            return null;
        });
    }

    private static boolean isCanonical(String path, String v) {
        if (!v.equals(ModulePath.canonicalVersion(v))) return false;
        try {
            ModulePath.check(path, v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Stops a zip that grows past the limit. */
    private static final class Limited extends FilterOutputStream {
        private final long max;
        private long n;

        Limited(OutputStream out, long max) {
            super(out);
            this.max = max;
        }

        @Override public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(long k) throws SourceException {
            n += k;
            if (n > max) throw new SourceException(SourceException.Kind.INVALID, "module zip is larger than the limit of " + max + " bytes");
        }
    }
}
