/**
 * Module zips exactly as golang.org/x/mod/zip makes and checks them ({@link dev.modgate.core.zip.ModuleZip}): which
 * files a module holds (no VCS directories, nested modules, vendored packages, symbolic links; the go 1.24 vendor
 * rule), name and size limits, and a streaming zip writer.
 *
 * <p>May use: core's module and text packages, and the JDK.
 *
 * <p>A reader must know: a rule violation is a {@link dev.modgate.core.zip.ZipCheckException} (catch it before other
 * IOExceptions to tell "invalid" from "could not read"); entries are read with their declared size and CRC enforced,
 * so a zip bomb stops early; zips are streamed, never held in memory.
 */
package dev.modgate.core.zip;
