/**
 * The module chain: how a GOPROXY request for a list, {@code @latest}, {@code .info}, {@code .mod} or {@code .zip} is
 * answered. {@link dev.modgate.fetch.ModuleService} (stored answers, list cache, negative cache, single-flight,
 * ingest), {@link dev.modgate.fetch.UpstreamChain} (the GOPROXY list's fall-through rules and the noproxy routing: the
 * one place a module's route is decided), the checks every artifact passes before it is stored ({@link
 * dev.modgate.fetch.ArtifactChecks}, {@link dev.modgate.fetch.GoRevInfoJson}), the checksum hook ({@link
 * dev.modgate.fetch.Checksums}), the artifact and failure types the HTTP layer sends, and {@link
 * dev.modgate.fetch.Pipeline}, the wiring without an HTTP server that {@code serve} and {@code prefetch --data} share.
 *
 * <p>May use: core, configuration, credentials, storage, the module sources, and checksum databases only through the
 * {@code Checksums} interface. The wiring that builds the implementations ({@code Pipeline}, in this package today)
 * also reaches the git transports and the checksum-database package. The HTTP layer, prefetch and bundles use this
 * package; it never uses them.
 *
 * <p>A reader must know: canonical {@code .info}, {@code .mod} and {@code .zip} are immutable: stored once, never
 * replaced, served without asking upstream. Nothing reaches the store before it passed the go command's rules and the
 * checksum databases (or, while the public database cannot be reached, was recorded to be verified once it answers).
 * (Issue 13 splits this package into the module vocabulary, the chain's layers and the wiring.)
 */
package dev.modgate.fetch;
