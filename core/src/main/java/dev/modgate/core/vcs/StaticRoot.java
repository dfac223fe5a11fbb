package dev.modgate.core.vcs;

/**
 * A repository found from the import path alone (a known hosting site, or a {@code .git} qualifier).
 *
 * @param root       the import path prefix at the repository root
 * @param vcs        "git", "hg", "svn", "bzr" or "fossil"
 * @param repo       the repository URL, or for {@code schemeless} a host/path whose scheme must be probed
 * @param schemeless true for the generic "host/path.vcs" form: the scheme is found by trying each in turn
 */
public record StaticRoot(String root, String vcs, String repo, boolean schemeless) {}
