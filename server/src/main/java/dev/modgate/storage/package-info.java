/**
 * The data directory, which is itself a GOPROXY tree: {@link dev.modgate.storage.DirStorage} (atomic writes through
 * {@code .modgate/tmp}, immutable artifacts that are never replaced, lists and upstream sidecars, the paths of
 * modgate's own state under {@code .modgate/}), locks shared with other processes on the same directory ({@link
 * dev.modgate.storage.FileLocks}, with deadlines), local failures as a client may see them ({@link
 * dev.modgate.storage.LocalFailures}: 507 when full, 500 otherwise, never a path), and the quarantine's generation
 * file.
 *
 * <p>May use: core (module, semver) and the JDK. Everything that keeps data uses it; it uses none of them.
 *
 * <p>A reader must know: a file appears only whole (temporary file, fsync, rename or hard link) or not at all, so a
 * crash or a second modgate process never sees half a file; a request waits for a lock at most {@code
 * --fetch-timeout}. (Issue 13 puts an interface in front of it, so that no artifact {@code Path} leaves this package.)
 */
package dev.modgate.storage;
