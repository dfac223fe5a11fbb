/**
 * Signed notes and their keys (golang.org/x/mod/sumdb/note): parsing, verifying and signing notes with Ed25519, and
 * the verifier and signer key formats.
 *
 * <p>May use: core's text package and the JDK (its Ed25519 provider).
 *
 * <p>A reader must know: a note's text may be trusted only after {@link dev.modgate.core.sumdb.note.Note#open} has
 * verified a known key's signature on it.
 */
package dev.modgate.core.sumdb.note;
