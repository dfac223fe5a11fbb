package dev.modgate.config;

import dev.modgate.core.vcs.RepoUrls;
import java.net.URI;
import java.util.List;

/**
 * A configured repository URL rewrite ({@code rewrite FROM = TO}), as git's {@code url.TO.insteadOf = FROM}: a
 * repository URL starting with FROM is fetched from TO + the rest. The longest matching FROM wins. The rewritten
 * URL is where modgate connects; the original stays the repository's name (in .info Origin, as the go command
 * reports the URL it was given).
 *
 * <p>Unlike git, FROM matches only at a boundary (it ends with "/" or ":", or the rest is empty or starts with "/"),
 * so {@code https://git.corp.example} does not capture {@code https://git.corp.example.evil.test/x}; and the
 * rewritten URL must stay under TO once normalized, so nothing named through a rewrite climbs out of its target.
 */
public record UrlRewrite(String from, String to) {
    public UrlRewrite {
        if (from.isEmpty() || to.isEmpty()) throw new IllegalArgumentException("rewrite needs a URL prefix on both sides: rewrite FROM = TO");
        if (RepoUrls.hasDotSegment(from) || RepoUrls.hasDotSegment(to)) {
            throw new IllegalArgumentException("rewrite URLs may not hold \".\" or \"..\" path segments: rewrite FROM = TO");
        }
    }

    /** A repository URL after its rewrite, and whether a rewrite applied. */
    public record Result(String url, boolean rewritten) {}

    /** The URL after the longest matching rewrite, or the URL itself. */
    public static String apply(List<UrlRewrite> rewrites, String url) {
        return rewrite(rewrites, url).url();
    }

    /**
     * The longest matching rewrite applied to the URL.
     *
     * @throws IllegalArgumentException when the rewritten URL leaves its target after normalization (the message
     *                                  names the original URL only: the target may be a path on this server)
     */
    public static Result rewrite(List<UrlRewrite> rewrites, String url) {
        UrlRewrite best = null;
        for (UrlRewrite r : rewrites) {
            if (r.matches(url) && (best == null || r.from.length() > best.from.length())) best = r;
        }
        if (best == null) return new Result(url, false);
        String out = best.to + url.substring(best.from.length());
        if (!best.contains(out)) {
            throw new IllegalArgumentException("repository URL " + url + " leaves its rewrite target once normalized; refused");
        }
        return new Result(out, true);
    }

    private boolean matches(String url) {
        if (!url.startsWith(from)) return false;
        if (url.length() == from.length() || from.endsWith("/") || from.endsWith(":")) return true;
        return url.charAt(from.length()) == '/';
    }

    /** Whether the rewritten URL, normalized, still starts with the (normalized) target. */
    private boolean contains(String rewritten) {
        if (RepoUrls.hasDotSegment(rewritten)) return false;
        try {
            String target = URI.create(to).normalize().toString();
            String got = URI.create(rewritten).normalize().toString();
            return got.startsWith(target);
        } catch (IllegalArgumentException e) {
            // Not a URI Java can parse (e.g. scp-like ssh syntax): the dot-segment check above is what applies.
            return rewritten.startsWith(to);
        }
    }
}
