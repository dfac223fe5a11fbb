/**
 * The txtar archive format of Go's test data (golang.org/x/tools/txtar), used to read the go command's and x/mod's
 * test tables ported as data.
 *
 * <p>May use: core's text package and the JDK.
 *
 * <p>A reader must know: file contents are bytes, since test data may hold bytes that are not UTF-8.
 */
package dev.modgate.core.txtar;
