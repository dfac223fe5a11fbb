/**
 * The checksum database protocol of golang.org/x/mod/sumdb: the client that verifies lookups and tree heads through
 * tiles ({@link dev.modgate.core.sumdb.SumDbClient}) and the server's answers for a log ({@link
 * dev.modgate.core.sumdb.SumDbServer}); signed notes and the tiled Merkle log are in the {@code note} and {@code tlog}
 * subpackages. Storage and HTTP are the caller's, through small interfaces.
 *
 * <p>May use: its subpackages, core's module and text packages, and the JDK.
 *
 * <p>A reader must know: a {@link dev.modgate.core.sumdb.SumDbSecurityException} is evidence of a fork (two signed
 * histories), never a transient error; its message is the full report to publish.
 */
package dev.modgate.core.sumdb;
