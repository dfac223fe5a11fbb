/**
 * The {@code h1:} hash of golang.org/x/mod/sumdb/dirhash ({@link dev.modgate.core.dirhash.DirHash}) and go.sum lines
 * ({@link dev.modgate.core.dirhash.GoSum}).
 *
 * <p>May use: core's module, zip and text packages, and the JDK.
 *
 * <p>A reader must know: the hash covers file names and contents (names sorted byte-wise), not zip metadata, so
 * it is the same whoever built the zip; it is what go.sum and the checksum database record.
 */
package dev.modgate.core.dirhash;
