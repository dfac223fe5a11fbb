/**
 * cmd/go/internal/vcs without the network: the hosting sites whose repositories are known from the path alone ({@link
 * dev.modgate.core.vcs.VcsPaths}), the {@code .git} qualifier, go-import tags of a {@code ?go-get=1} page ({@link
 * dev.modgate.core.vcs.MetaImports}), and modgate's extra checks on repository URLs ({@link
 * dev.modgate.core.vcs.RepoUrls}).
 *
 * <p>May use: core's text package and the JDK; fetching pages is the server's job.
 *
 * <p>A reader must know: a go-import page is scanned with the outcomes of Go's non-strict XML decoder, up to {@code
 * <body>} or the end of {@code <head>}; a URL with a dot-segment is refused wherever it comes from.
 */
package dev.modgate.core.vcs;
