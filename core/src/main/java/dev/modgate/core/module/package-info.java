/**
 * golang.org/x/mod/module: module path and version rules ({@link dev.modgate.core.module.ModulePath}), the {@code !x}
 * case encoding, pseudo-versions, GOPRIVATE-style patterns ({@link dev.modgate.core.module.PathPatterns}), which
 * version "latest" means, and {@link dev.modgate.core.module.ModuleVersion}.
 *
 * <p>May use: core's semver and text packages, and the JDK. Nearly everything else uses it.
 *
 * <p>A reader must know: every rule violation throws an exception whose message is the go command's own text, so it
 * can travel unchanged to the HTTP body the go command prints; strings follow {@code GoStrings}' convention for bytes
 * that are not UTF-8.
 */
package dev.modgate.core.module;
