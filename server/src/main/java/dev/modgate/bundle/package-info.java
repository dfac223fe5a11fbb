/**
 * Bundles: carrying a data directory (or the new part of it) across an air gap as one tar file. {@link
 * dev.modgate.bundle.BundleExporter} writes the manifest first, then the artifacts in the GOPROXY layout; {@link
 * dev.modgate.bundle.BundleImporter} checks every member (name, size, SHA-256, module zip rules, h1 sums, the checksum
 * database's records) before anything lands. The small tar reader and writer live here too.
 *
 * <p>May use: core (module, dirhash), configuration, storage, the module vocabulary (artifact checks, failures), the
 * outbound HTTP classes (for tiles the export must fetch) and the checksum-database package, whose {@code
 * SumDbExport}/{@code SumDbImport}/{@code ProofTiles} hold the database's part of a bundle; the vulnerability database
 * package, whose snapshot in force a bundle carries (checked on import by {@code vuln.IncomingSnapshot}). Only the
 * command line uses this package.
 *
 * <p>A reader must know: an import is all or nothing. A bundle member that is not an immutable artifact of a valid
 * module and canonical version ({@link dev.modgate.bundle.DataFile}), the checksum database's files or the files of a
 * vulnerability database snapshot is refused: that is what keeps an import inside the data directory.
 */
package dev.modgate.bundle;
