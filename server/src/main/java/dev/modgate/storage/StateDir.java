package dev.modgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * modgate's own state beside the module tree, {@code DATA/.modgate/} (module paths cannot start with a dot, so it never
 * collides with a module): what is not a module artifact and is therefore not behind {@link Storage}. The layout is
 * fixed: other processes and older data directories share it.
 * <pre>
 *   sumdb/&lt;name&gt;/    what is kept about a checksum database (tree head, verified cache, proxied answers)
 *   private-sumdb/    the private checksum database's log and keys
 *   git/              bare git mirrors
 *   quarantine/       artifacts a checksum database contradicted, moved aside with a REPORT; .generation
 *   tmp/              per-process temporary directories (files become visible only by rename)
 *   locks/            the lock files of the module lists
 *   policy/           the policy gate's approvals, refused requests, first-seen times: logs appended under locks (policy.DirPolicyState)
 *   vulndb/           snapshots of the Go vulnerability database and the name of the one in force (vuln.VulnDbSnapshots)
 * </pre>
 * Files are written whole: a temporary file, fsync, rename; never outside {@code .modgate/}.
 */
public final class StateDir {
    static final String NAME = ".modgate";

    private final Path root;
    private final DirStorage store;

    StateDir(Path dataDir, DirStorage store) {
        this.root = dataDir.resolve(NAME);
        this.store = store;
    }

    /** The private checksum database's directory in a data directory, for reading it without opening a store. */
    public static Path privateSumDbIn(Path dataDir) {
        return dataDir.resolve(NAME).resolve("private-sumdb");
    }

    /** The policy gate's state in a data directory, for the policy commands run beside a server. */
    public static Path policyIn(Path dataDir) {
        return dataDir.resolve(NAME).resolve("policy");
    }

    /** The vulnerability database's snapshots in a data directory, for the vulndb commands run beside a server. */
    public static Path vulndbIn(Path dataDir) {
        return dataDir.resolve(NAME).resolve("vulndb");
    }

    /** The directory of every checksum database's files in a data directory, for reading without opening a store. */
    public static Path sumdbsIn(Path dataDir) {
        return dataDir.resolve(NAME).resolve("sumdb");
    }

    /** Every checksum database's directory ({@code sumdb/}). */
    public Path sumdbs() { return root.resolve("sumdb"); }

    /** One checksum database's directory, created if missing; a name escaping {@code sumdb/} is refused. */
    public Path sumdb(String name) throws IOException {
        Path base = sumdbs();
        Path d = base;
        for (String el : name.split("/")) d = d.resolve(el);
        if (!d.normalize().startsWith(base) || d.normalize().equals(base)) throw new IllegalArgumentException("invalid checksum database name " + name);
        return Files.createDirectories(d);
    }

    public Path privateSumDb() { return root.resolve("private-sumdb"); }

    public Path git() { return root.resolve("git"); }

    public Path quarantine() { return root.resolve("quarantine"); }

    public Path tmp() { return root.resolve("tmp"); }

    public Path locks() { return root.resolve("locks"); }

    public Path policy() { return root.resolve("policy"); }

    public Path vulndb() { return root.resolve("vulndb"); }

    /** How long a lock held by another process sharing the data directory is waited for. */
    public Duration lockWait() { return store.lockWait(); }

    /** Replaces a state file whole and durably (temporary file, fsync, rename, directory fsync). */
    public void write(Path file, byte[] data) throws IOException {
        store.writeAtomically(inside(file), data);
    }

    /** Replaces a state file whole that can be derived again: no fsync (after a power failure it may be older or gone). */
    public void writeDerived(Path file, byte[] data) throws IOException {
        store.writeDerived(inside(file), data);
    }

    /** A fresh temporary file on the same file system, for {@link #commit}. */
    public Path newTempFile() throws IOException {
        return store.newTempFile();
    }

    /** fsyncs a temporary file filled by the caller and renames it over the state file. */
    public void commit(Path tmp, Path file) throws IOException {
        store.commit(tmp, inside(file));
    }

    /** A state file's age from its modification time, or empty when it does not exist. */
    public Optional<Duration> age(Path file) {
        return store.age(file);
    }

    private Path inside(Path file) {
        if (!file.toAbsolutePath().normalize().startsWith(root)) throw new IllegalArgumentException("not a state file of " + root + ": " + file);
        return file;
    }
}
