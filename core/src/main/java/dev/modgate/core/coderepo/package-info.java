/**
 * modfetch's codeRepo: turning a version-control repository's tags and commits into module versions ({@link
 * dev.modgate.core.coderepo.CodeRepo}, {@link dev.modgate.core.coderepo.VersionResolver}): tag prefixes of modules in
 * subdirectories, major-version subdirectories, {@code +incompatible}, pseudo-versions, the go.mod and zip at a
 * version. The repository is the abstract {@link dev.modgate.core.coderepo.CodeHost} (codehost.Repo).
 *
 * <p>May use: the other core packages (module, semver, zip, modfile, text) and the JDK; no I/O of its own.
 *
 * <p>A reader must know: "does not exist" ({@link dev.modgate.core.coderepo.CodeRepoException#notExist()}, a proxy's
 * 404) and "could not find out" (any other IOException, a proxy's error) are different outcomes and must stay so.
 */
package dev.modgate.core.coderepo;
