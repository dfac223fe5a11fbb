/**
 * The tamper-evident log of golang.org/x/mod/sumdb/tlog: RFC 6962 tree hashing, inclusion and consistency proofs,
 * tiles and tree heads.
 *
 * <p>May use: core's text package and the JDK.
 *
 * <p>A reader must know: {@link dev.modgate.core.sumdb.tlog.TileHashReader} authenticates every tile against the tree
 * hash before any hash from it is used; malformed or inconsistent data is a {@link
 * dev.modgate.core.sumdb.tlog.TlogException}, handled like an I/O failure.
 */
package dev.modgate.core.sumdb.tlog;
