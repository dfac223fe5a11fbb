package dev.modgate.discovery;

import static dev.modgate.core.text.GoStrings.quote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.auth.Credentials;
import dev.modgate.auth.HostCredentials;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.RepoRule;
import dev.modgate.core.coderepo.CodeRepoException;
import dev.modgate.core.vcs.ImportPathException;
import dev.modgate.core.vcs.MetaImport;
import dev.modgate.core.vcs.MetaImports;
import dev.modgate.core.vcs.RepoUrls;
import dev.modgate.core.vcs.StaticRoot;
import dev.modgate.core.vcs.VcsPaths;
import dev.modgate.net.AddressGuard;
import dev.modgate.net.Outbound;
import dev.modgate.net.SourceException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds the repository of a module path as cmd/go/internal/vcs does (RepoRootForImportPath): modgate's configured
 * repositories first, then the known hosting sites and {@code .git} qualifiers, then {@code ?go-get=1} discovery
 * (the page of the path itself, whose tag's prefix is verified against the prefix's own page), then launchpad.net.
 * Answers are remembered for the list TTL, and an expired answer is still used when discovery fails.
 */
public final class RepoFinder {
    /** Go-import pages are small; a larger one is not a page worth reading. */
    private static final long MAX_PAGE = 4L << 20;

    /**
     * Module paths and go-import pages remembered: each entry is a few hundred bytes, so this many is a few tens of
     * MB at most, far more than the distinct module paths a build asks about within one TTL.
     */
    private static final long MAX_REMEMBERED = 50_000;

    /** Probes whether a repository URL answers (git ls-remote), for the scheme-less "host/path.git" form. */
    public interface Pinger {
        boolean ping(String url, boolean privateModule) throws IOException;
    }

    private record Cached<T>(T value, long atNanos) {}

    private final DirectConfig config;
    private final Outbound outbound;
    private final Credentials credentials;
    private final Pinger pinger;
    private final Duration ttl;
    /**
     * Repositories found, by module path: reused for the TTL; bounded by size only, with no expiry, because an
     * answer past its TTL is still the one given when discovery fails.
     */
    private final Cache<String, Cached<FoundRepo>> found = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();
    /** Go-import pages, by path prefix: reused for the TTL, then asked again (an old page is never used). */
    private final Cache<String, Page> pages;

    public RepoFinder(DirectConfig config, Outbound outbound, Credentials credentials, Pinger pinger, Duration ttl) {
        this.config = config;
        this.outbound = outbound;
        this.credentials = credentials;
        this.pinger = pinger;
        this.ttl = ttl;
        this.pages = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfterWrite(ttl).build();
    }

    /**
     * The repository for a module path. Failures to find one are "does not exist" (the go command's notExistError),
     * so a proxy answers 404 and the go command can try other module paths; failures to ask are errors.
     */
    public FoundRepo find(String modulePath) throws IOException {
        Cached<FoundRepo> c = found.getIfPresent(modulePath);
        if (c != null && System.nanoTime() - c.atNanos() < ttl.toNanos()) return c.value();
        try {
            FoundRepo r = lookup(modulePath);
            found.put(modulePath, new Cached<>(r, System.nanoTime()));
            return r;
        } catch (IOException e) {
            if (c != null && !CodeRepoException.isNotExist(e)) return c.value(); // stale beats nothing
            throw e;
        }
    }

    private FoundRepo lookup(String path) throws IOException {
        Optional<RepoRule.Match> configured = RepoRule.best(config.repos(), path);
        if (configured.isPresent()) return new FoundRepo(configured.get().root(), "git", configured.get().url(), true, false);
        try {
            try {
                Optional<StaticRoot> s = VcsPaths.lookup(path);
                if (s.isPresent()) return fromStatic(path, s.get());
            } catch (ImportPathException e) {
                throw notFound(e.getMessage(), e);
            }
            try {
                return dynamic(path);
            } catch (ImportPathException e) {
                CodeRepoException err = notFound("unrecognized import path " + quote(path) + ": " + e.getMessage(), e);
                Optional<StaticRoot> after;
                try {
                    after = VcsPaths.lookupAfterDynamic(path);
                } catch (ImportPathException e2) {
                    throw err;
                }
                if (after.isPresent()) return fromStatic(path, after.get());
                throw err;
            }
        } catch (SourceException e) {
            throw e;
        }
    }

    private static CodeRepoException notFound(String msg, Throwable cause) {
        return new CodeRepoException(true, msg, cause);
    }

    private FoundRepo fromStatic(String path, StaticRoot s) throws IOException {
        requireGit(s.root(), s.vcs());
        if (!s.schemeless()) return new FoundRepo(s.root(), "git", s.repo(), false, false);
        boolean insecure = config.insecure().matches(path);
        boolean priv = config.privateModules().matches(path);
        for (String scheme : VcsPaths.gitSchemes(insecure)) {
            String url = scheme + "://" + s.repo();
            try {
                if (pinger.ping(url, priv)) return new FoundRepo(s.root(), "git", url, false, false);
            } catch (IOException e) {
                // try the next scheme, as the go command does
            }
        }
        throw notFound("no usable scheme for " + s.repo() + " (tried " + String.join(", ", VcsPaths.gitSchemes(insecure)) + ")", null);
    }

    private static void requireGit(String root, String vcs) throws CodeRepoException {
        if (!vcs.equals("git") && !vcs.equals("mod")) {
            throw notFound(root + " is a " + vcs + " repository; modgate fetches git repositories only", null);
        }
    }

    /** repoRootForImportDynamic. */
    private FoundRepo dynamic(String path) throws IOException, ImportPathException {
        Page page = page(path, path);
        MetaImport mmi;
        try {
            mmi = MetaImport.match(page.imports, path);
        } catch (MetaImport.Mismatch e) {
            throw new ImportPathException("parse " + page.uri + ": no go-import meta tags (" + e.getMessage() + ")");
        } catch (ImportPathException e) {
            throw new ImportPathException("parse " + page.uri + ": " + e.getMessage());
        }
        if (!mmi.prefix().equals(path)) {
            // A tag on a/b/c claiming prefix a/b: only a/b's own page may say where a/b lives.
            Page prefixPage = page(mmi.prefix(), path);
            MetaImport again;
            try {
                again = MetaImport.match(prefixPage.imports, path);
            } catch (ImportPathException e) {
                again = null;
            }
            if (!mmi.equals(again)) {
                throw new ImportPathException(page.uri + " and " + prefixPage.uri + " disagree about go-import for " + mmi.prefix());
            }
        }
        try {
            MetaImport.validateRepoRoot(mmi.repoRoot());
            RepoUrls.requireNoDotSegments(mmi.repoRoot());
        } catch (ImportPathException e) {
            throw new ImportPathException(page.uri + ": invalid repo root " + quote(mmi.repoRoot()) + ": " + e.getMessage());
        }
        if (!mmi.vcs().equals("mod") && !VcsPaths.VCS_CMDS.contains(mmi.vcs())) {
            throw new ImportPathException(page.uri + ": unknown vcs " + quote(mmi.vcs()));
        }
        requireGit(mmi.prefix(), mmi.vcs());
        return new FoundRepo(mmi.prefix(), mmi.vcs(), mmi.repoRoot(), false, true);
    }

    private record Page(URI uri, List<MetaImport> imports) {}

    /**
     * The go-import tags of {@code https://<prefix>?go-get=1} (http too for --insecure paths), remembered per prefix.
     *
     * @param forPath the module being looked up, whose patterns (private, insecure) govern the fetch
     */
    private Page page(String prefix, String forPath) throws IOException, ImportPathException {
        Page remembered = pages.getIfPresent(prefix);
        if (remembered != null) return remembered;
        int slash = prefix.indexOf('/');
        String host = slash < 0 ? prefix : prefix.substring(0, slash);
        String p = slash < 0 ? "/" : prefix.substring(slash);
        if (!host.contains(".")) throw new ImportPathException("import path does not begin with hostname");
        boolean insecure = config.insecure().matches(forPath);
        boolean priv = config.privateModules().matches(forPath);
        AddressGuard guard = priv ? AddressGuard.OFF : AddressGuard.PUBLIC_ONLY;
        Outbound.Policy policy = new Outbound.Policy(guard, insecure, u -> {
            HostCredentials hc = credentials.forUri(u);
            return hc == null ? null : hc.basicAuthorization();
        });
        Outbound.Page got;
        URI https = URI.create("https://" + host + p + "?go-get=1");
        try {
            got = outbound.page(https, MAX_PAGE, "go-import page", policy);
        } catch (SourceException e) {
            if (!insecure) throw new ImportPathException("https fetch: " + e.getMessage());
            try {
                got = outbound.page(URI.create("http://" + host + p + "?go-get=1"), MAX_PAGE, "go-import page", policy);
            } catch (SourceException e2) {
                throw new ImportPathException("http/https fetch: " + e2.getMessage());
            }
        }
        List<MetaImport> imports;
        try {
            imports = MetaImports.parse(got.body(), true);
        } catch (ImportPathException e) {
            if (got.status() != 200) throw new ImportPathException("reading " + got.uri() + ": " + got.status() + " " + reason(got.status()));
            throw new ImportPathException("parsing " + prefix + ": " + e.getMessage());
        }
        if (imports.isEmpty() && got.status() != 200) {
            throw new ImportPathException("reading " + got.uri() + ": " + got.status() + " " + reason(got.status()));
        }
        if (imports.isEmpty() && !prefix.equals(forPath)) {
            throw new ImportPathException("fetching " + prefix + ": no go-import meta tag found in " + got.uri());
        }
        Page page = new Page(got.uri(), imports);
        pages.put(prefix, page);
        return page;
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
