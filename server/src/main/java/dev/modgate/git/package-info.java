/**
 * Git through JGit, with no git binary: bare mirrors under {@code DATA/.modgate/git/} ({@link
 * dev.modgate.git.GitMirror}, {@link dev.modgate.git.GitMirrors}), the transports (smart HTTP through modgate's own
 * connections, SSH through Apache MINA sshd, file://), and {@link dev.modgate.git.MirrorCodeHost}, the view of a
 * mirror that core's {@code CodeRepo} reads (tags, commits, files, trees, ancestry) as the go command's git commands
 * would answer. {@link dev.modgate.git.ArchiveFilters} applies what {@code git archive} does to file bytes.
 *
 * <p>May use: core (coderepo, zip, semver), credentials, storage's file locks and local-failure type, and outbound
 * HTTP's address rules, proxy selection and the source failure type. It must not use discovery, the module sources
 * themselves or the module chain: the direct source uses it.
 *
 * <p>A reader must know: no git configuration outside modgate's is read or written ({@link
 * dev.modgate.git.IsolatedGitConfig}), nothing ever prompts, and every HTTP connection (each redirect hop included)
 * passes the address rules. Objects are fetched only for what a request needs: lists from refs alone, a tag shallow,
 * full history only for pseudo-versions, branches and hashes.
 */
package dev.modgate.git;
