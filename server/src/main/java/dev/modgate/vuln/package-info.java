/**
 * The Go vulnerability database, kept for air gaps and served to govulncheck: immutable, validated snapshots under
 * {@code DATA/.modgate/vulndb/} ({@link dev.modgate.vuln.VulnDbSnapshots}, each a {@link dev.modgate.vuln.Snapshot}
 * with its manifest of checksums, checked by {@code SnapshotCheck} before {@code current} is switched to it), made by
 * {@link dev.modgate.vuln.VulnDbSync} from a server or directory (incremental by {@code modified}) or from the bulk
 * {@code vulndb.zip}, periodically by {@link dev.modgate.vuln.PeriodicVulnDbSync}, or carried in a bundle
 * ({@link dev.modgate.vuln.IncomingSnapshot}); and the mirror at {@code /vulndb/}
 * ({@link dev.modgate.vuln.VulnDbMirror} behind {@link dev.modgate.vuln.VulnDbFiles}) with the v1 paths of
 * {@link dev.modgate.vuln.VulnDbPaths}. Matching module versions against the entries and the {@code vuln} policy rule
 * read a snapshot's entries ({@link dev.modgate.vuln.Snapshot#entries}); {@code modgate vulndb affected} the entries a
 * new snapshot changed ({@link dev.modgate.vuln.Snapshot#changesSince}).
 *
 * <p>May use: core (module paths, durations), the module vocabulary (artifact, blob, failure), storage's file locks,
 * outbound HTTP. The wiring builds it, HTTP serves it, the command line syncs, imports and reports it, bundles carry it.
 *
 * <p>A reader must know: the database's files are kept byte for byte as published (the same database synced or
 * imported is the same snapshot, manifest included); a snapshot is never changed once named (later ones share its
 * unchanged files by hard link); a database that fails any check, or is older than the one in force, switches
 * nothing. Nothing from a request or a zip member becomes a file name unless it has one of the v1 shapes.
 */
package dev.modgate.vuln;
