/**
 * {@code modgate prefetch}: what {@code go mod download all} would fetch. {@link dev.modgate.prefetch.PrefetchInputs}
 * sorts what was named (go.mod, go.work, go.sum, module@version), {@link dev.modgate.prefetch.PrefetchPlanner} loads
 * the module graph with core's MVS, {@link dev.modgate.prefetch.PrefetchRunner} fetches with bounded concurrency and
 * retries, through a {@link dev.modgate.prefetch.ModuleFetcher}: the module chain in this process ({@code --data}) or
 * a running modgate over HTTP ({@code --server}).
 *
 * <p>May use: core (mvs, modfile, module, dirhash), the module chain and its vocabulary, and the GOPROXY path encoding
 * of the sources. Only the command line uses it.
 *
 * <p>A reader must know: with {@code --data} every artifact goes through the same checks and checksum verification as
 * {@code serve}; a second run downloads nothing.
 */
package dev.modgate.prefetch;
