package dev.modgate.discovery;

/**
 * Where a module's code lives.
 *
 * @param root      the module path prefix at the repository's root (the go-import prefix)
 * @param vcs       "git", or "mod" for a go-import tag that names a GOPROXY
 * @param url       the repository (or proxy) URL as found, before rewrites
 * @param trusted   true when modgate's own configuration named it (a repo line), so no address checks apply
 * @param namedByPage true when a go-import page named the URL: whoever controls a public host wrote it, so a rewrite
 *                  matching it grants no trust (the address rules still apply to where the rewrite sends it)
 */
public record FoundRepo(String root, String vcs, String url, boolean trusted, boolean namedByPage) {}
