/**
 * Checksum databases on the server side: verification on ingest ({@link dev.modgate.sumdb.SumDbChecks}, with {@link
 * dev.modgate.sumdb.RemoteSumDb} over HTTP and the data directory, {@link dev.modgate.sumdb.SumDbOutage} and {@link
 * dev.modgate.sumdb.ServedUnverified}/{@link dev.modgate.sumdb.LateVerification} for outages, {@link
 * dev.modgate.sumdb.Quarantine} for what is refused later), the {@code /sumdb/NAME/} endpoints and proxy ({@link
 * dev.modgate.sumdb.SumDbEndpoints}, {@link dev.modgate.sumdb.SumDbProxy}), the private log ({@link
 * dev.modgate.sumdb.PrivateSumDb} over {@link dev.modgate.sumdb.LogStore}, {@link dev.modgate.sumdb.PublishedLog},
 * {@link dev.modgate.sumdb.SignedTreeGuard}), and the checksum database's part of a bundle ({@link
 * dev.modgate.sumdb.SumDbExport}, {@link dev.modgate.sumdb.SumDbImport}, {@link dev.modgate.sumdb.ProofTiles}). {@link
 * dev.modgate.sumdb.SumDbs} wires them.
 *
 * <p>May use: core (sumdb, module, dirhash), configuration, storage, outbound HTTP, the module vocabulary (artifact,
 * failure, the checksum hook it implements) and the chain's small shared pieces (failure back-off, single-flight). The
 * module chain calls it through that hook and tells it what it stored ({@code ArtifactEvents}); the private log, a
 * client of the chain, asks the chain ({@code module.Modules}) for a version a lookup names, as any client would.
 *
 * <p>A reader must know: nothing from a database is kept for good before it is verified (signature, inclusion,
 * consistency with every tree head seen before; what is passed through unverified is reused for the list TTL only); a
 * fork is a SECURITY ERROR recorded in {@code SECURITY-ERROR} and refuses that database until an operator removes the
 * file. The private log never signs a tree over data a crash could lose, nor two different trees of one size.
 */
package dev.modgate.sumdb;
