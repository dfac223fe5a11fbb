package dev.modgate.discovery;

import java.util.List;

/**
 * A configured repository URL rewrite ({@code rewrite FROM = TO}), as git's {@code url.TO.insteadOf = FROM}: a
 * repository URL starting with FROM is fetched from TO + the rest. The longest matching FROM wins. The rewritten
 * URL is where modgate connects; the original stays the repository's name (in .info Origin, as the go command
 * reports the URL it was given).
 */
public record UrlRewrite(String from, String to) {
    public UrlRewrite {
        if (from.isEmpty() || to.isEmpty()) throw new IllegalArgumentException("rewrite needs a URL prefix on both sides: rewrite FROM = TO");
    }

    /** The URL after the longest matching rewrite, or the URL itself. */
    public static String apply(List<UrlRewrite> rewrites, String url) {
        UrlRewrite best = null;
        for (UrlRewrite r : rewrites) {
            if (url.startsWith(r.from) && (best == null || r.from.length() > best.from.length())) best = r;
        }
        return best == null ? url : best.to + url.substring(best.from.length());
    }
}
