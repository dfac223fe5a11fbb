package dev.modgate.sumdb;

import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.HashReader;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The private log's signer, wrapped so that it can never sign two different trees of one size, even across
 * crashes: the largest tree signed is written to disk (whole, fsynced) before its signature leaves this class, a
 * different tree of that size is refused, and on start the log must still hold that tree ({@link #checkLog}).
 * A client that saw tree N then always sees trees consistent with it.
 */
final class SignedTreeGuard implements Signer {
    private final Signer signer;
    private final DirStorage store;
    private final Path file;
    private Tree last; // guarded by this

    SignedTreeGuard(Signer signer, DirStorage store, Path file) throws IOException {
        this.signer = signer;
        this.store = store;
        this.file = file;
        byte[] b = SumDbFiles.read(file);
        this.last = b == null ? null : Tree.parse(b);
    }

    /** The largest tree signed so far, or null. */
    synchronized Tree lastSigned() { return last; }

    /**
     * Refuses a log that no longer holds the last tree signed (records lost or changed): serving it would fork the
     * log for every client that saw that tree.
     */
    void checkLog(long records, HashReader hashes) throws IOException {
        Tree t = lastSigned();
        if (t == null) return;
        if (records < t.n()) {
            throw new IOException("the private checksum database signed a tree of " + t.n() + " records, but only " + records
                    + " are left in " + file.getParent() + "; restore that directory from a backup (going on with fewer records would fork the log"
                    + " for every client that saw the larger tree)");
        }
        Hash h = Tlog.treeHash(t.n(), hashes);
        if (!h.equals(t.hash())) {
            throw new IOException("the records in " + file.getParent() + " do not hash to the tree of " + t.n() + " records signed before ("
                    + t.hash() + ", now " + h + "); they were changed: restore that directory from a backup");
        }
    }

    @Override public String name() { return signer.name(); }

    @Override public int keyHash() { return signer.keyHash(); }

    /**
     * Records t as the largest tree signed before any signature of it is made, unless a larger one is recorded;
     * throws when the file cannot be written (the disk is full): t must then not be published.
     */
    synchronized void record(Tree t) throws IOException {
        if (last != null && t.n() == last.n() && !t.hash().equals(last.hash())) {
            throw new IllegalStateException("refusing to sign a second, different tree of " + t.n() + " records (" + t.hash()
                    + "; signed before: " + last.hash() + ")");
        }
        if (last == null || t.n() > last.n()) {
            store.state().write(file, t.format());
            last = t;
        }
    }

    @Override public synchronized byte[] sign(byte[] msg) {
        Tree t;
        try {
            t = Tree.parse(msg);
        } catch (TlogException e) {
            throw new IllegalStateException("the private checksum database signs tree heads only", e);
        }
        try {
            record(t);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the signed tree in " + file + ": " + e.getMessage(), e);
        }
        return signer.sign(msg);
    }
}
