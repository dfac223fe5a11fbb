/**
 * Module path to repository, as cmd/go/internal/vcs finds it ({@link dev.modgate.discovery.RepoFinder}): configured
 * {@code repo} lines first, then the hosting sites the go command knows and {@code .git} qualifiers, then {@code
 * ?go-get=1} pages, whose prefix is checked against the prefix's own page; the answer is a {@link
 * dev.modgate.discovery.FoundRepo}. It also holds the repository rules of the config file ({@code RepoRule}, {@code
 * UrlRewrite}), which belong with configuration.
 *
 * <p>May use: core (vcs, module), configuration, credentials, and outbound HTTP with its address rules. It does not
 * know git: it names a repository, the git package fetches it.
 *
 * <p>A reader must know: a go-import page is written by whoever controls a host, so a URL it names is untrusted (the
 * address rules apply to it and to where a rewrite sends it); a URL from modgate's own {@code repo} lines is trusted.
 * Answers are reused for the list TTL and an expired one is still used when discovery fails.
 */
package dev.modgate.discovery;
