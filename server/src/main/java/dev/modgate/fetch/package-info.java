/**
 * The module chain's layers, each one class implementing {@code module.Modules} around another and testable alone
 * with a fake inner layer: {@link dev.modgate.fetch.StoredLayer} (stored answers, from memory for .info/.mod; offline
 * and Disable-Module-Fetch answers from storage alone, {@link dev.modgate.fetch.StoredAnswers}), {@link
 * dev.modgate.fetch.ListLayer} ({@code @v/list} and {@code @latest}: the upstream's answer reused for the list TTL,
 * merged with stored versions, served stale when upstreams fail), {@link dev.modgate.fetch.QueryLayer} (branch,
 * commit and prefix queries, briefly), {@link dev.modgate.fetch.FlightLayer} (single-flight), {@link
 * dev.modgate.fetch.NegativeLayer} ("not found" remembered) and {@link dev.modgate.fetch.Ingest} (fetch through
 * {@link dev.modgate.fetch.UpstreamChain}, check, verify, store, tell the listeners). {@code UpstreamChain} applies
 * the GOPROXY list's fall-through rules and the noproxy routing: the one place a module's route is decided. The
 * order of the layers is set in {@code wiring.Pipeline}.
 *
 * <p>May use: core, the module vocabulary, storage (through the {@code Storage} interface), outbound HTTP's failure
 * types and the module sources. Checksum databases are reached only through the {@code Checksums} hook and
 * {@code ArtifactEvents}; HTTP, prefetch, bundles and the wiring use this package, never the other way.
 *
 * <p>A reader must know: canonical {@code .info}, {@code .mod} and {@code .zip} are immutable: stored once, never
 * replaced, served without asking upstream. Nothing reaches storage before it passed the go command's rules and the
 * checksum databases (or, while the public database cannot be reached, was recorded to be verified once it answers).
 */
package dev.modgate.fetch;
