package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbServer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.Tree;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The private log as clients see it: the records up to the largest tree whose signing {@link SignedTreeGuard} has
 * recorded on disk. A record appended is published only once that file is written for a tree holding it, so when it
 * cannot be (the disk is full) the record waits, durable in {@link LogStore}, while the last tree published (and every
 * record in it) is still served: signing it again writes nothing. {@link #publish} is tried again on later requests.
 */
final class PublishedLog implements SumDbServer.Store {
    private final LogStore records;
    private final SignedTreeGuard guard;
    private volatile long published;

    PublishedLog(LogStore records, SignedTreeGuard guard) {
        this.records = records;
        this.guard = guard;
        Tree last = guard.lastSigned();
        this.published = last == null ? 0 : Math.min(last.n(), records.treeSize());
    }

    /** Records appended but not published yet. */
    long waiting() { return records.treeSize() - published; }

    /** Publishes every record appended; throws when the tree head holding them cannot be recorded. */
    synchronized void publish() throws IOException {
        long n = records.treeSize();
        if (n <= published) return;
        Hash h = Tlog.treeHash(n, records);
        guard.record(new Tree(n, h));
        published = n;
    }

    /** Whether path@version's record is published. */
    boolean isPublished(String path, String version) {
        return lookup(path, version).isPresent();
    }

    @Override public long treeSize() { return published; }

    @Override public List<byte[]> readRecords(long id, int n) throws IOException {
        if (id + n > published) throw new IOException("records " + id + ".." + (id + n) + " are not published (tree of " + published + ")");
        return records.readRecords(id, n);
    }

    @Override public OptionalLong lookup(String path, String version) {
        OptionalLong id = records.lookup(path, version);
        return id.isPresent() && id.getAsLong() < published ? id : OptionalLong.empty();
    }

    @Override public List<Hash> readHashes(long[] indexes) throws IOException {
        return records.readHashes(indexes);
    }
}
