package dev.modgate.core.sumdb.tlog;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tamper-evident log of golang.org/x/mod/sumdb/tlog: RFC 6962 (Certificate Transparency) Merkle tree
 * hashing and proofs, over hashes stored in the "stored hash index" order of Crosby and Wallach's
 * "Efficient Data Structures for Tamper-Evident Logging" (section 3.3): appending record n stores its record
 * hash, then the hash of every subtree that record completes.
 */
public final class Tlog {
    private Tlog() {}

    /**
     * The hash of the empty tree: SHA-256 of the empty string, as RFC 6962 section 2.1 defines it. (x/mod
     * before 2024 returned all zeros; current x/mod and this class follow the RFC.)
     */
    public static final Hash EMPTY_TREE_HASH = Hash.wrap(newSha256().digest());

    private static final String PROOF_FAILED = "invalid transparency proof";

    /** RecordHash: SHA-256(0x00 || data), the leaf hash of a record. */
    public static Hash recordHash(byte[] data) {
        MessageDigest d = sha256();
        d.update((byte) 0x00);
        d.update(data);
        return Hash.wrap(d.digest());
    }

    /** NodeHash: SHA-256(0x01 || left || right), the hash of an interior node. */
    public static Hash nodeHash(Hash left, Hash right) {
        byte[] buf = new byte[1 + 2 * Hash.SIZE];
        buf[0] = 0x01;
        left.copyTo(buf, 1);
        right.copyTo(buf, 1 + Hash.SIZE);
        return Hash.wrap(sha256().digest(buf));
    }

    /** StoredHashIndex: where the n'th hash at the given level is stored. */
    public static long storedHashIndex(int level, long n) {
        // Level L's n'th hash is written right after level L+1's 2n+1'th hash.
        // Work down to the level 0 ordering, and add back the level count at the end.
        for (int l = level; l > 0; l--) {
            n = 2 * n + 1;
        }
        // Level 0's n'th hash is written at n + n/2 + n/4 + ... (eventually n/2^i hits zero).
        long i = 0;
        for (; n > 0; n >>= 1) {
            i += n;
        }
        return i + level;
    }

    /** SplitStoredHashIndex: the inverse of {@link #storedHashIndex}. */
    public static TreeNode splitStoredHashIndex(long index) {
        // StoredHashIndex(0, n) < 2n, so the record we want is in [index/2, index/2 + log2(index)].
        long n = index / 2;
        long indexN = storedHashIndex(0, n);
        if (indexN > index) {
            throw new IllegalStateException("bad math");
        }
        while (true) {
            // Each new record n adds 1 + trailingZeros(n+1) hashes.
            long x = indexN + 1 + Long.numberOfTrailingZeros(n + 1);
            if (x > index) {
                break;
            }
            n++;
            indexN = x;
        }
        // The hash was stored with record n, so it is one of (0, n), (1, n/2), (2, n/4), ...
        int level = (int) (index - indexN);
        return new TreeNode(level, n >> level);
    }

    /** StoredHashCount: how many hashes a tree of n records stores. */
    public static long storedHashCount(long n) {
        if (n == 0) {
            return 0;
        }
        // The hashes up to the last record hash, then those of the subtrees that record completes.
        long numHash = storedHashIndex(0, n - 1) + 1;
        for (long i = n - 1; (i & 1) != 0; i >>>= 1) {
            numHash++;
        }
        return numHash;
    }

    /**
     * StoredHashes: the hashes to store, starting at storedHashIndex(0, n), when appending record n with the
     * given data. May read up to log2(n) earlier hashes from r.
     */
    public static List<Hash> storedHashes(long n, byte[] data, HashReader r) throws IOException {
        return storedHashesForRecordHash(n, recordHash(data), r);
    }

    /** StoredHashesForRecordHash: {@link #storedHashes} given the record hash instead of the record. */
    public static List<Hash> storedHashesForRecordHash(long n, Hash h, HashReader r) throws IOException {
        List<Hash> hashes = new ArrayList<>();
        hashes.add(h);
        // Each trailing 1 bit of n completes a subtree, combining it with the adjacent stored one.
        int m = Long.numberOfTrailingZeros(n + 1);
        long[] indexes = new long[m];
        for (int i = 0; i < m; i++) {
            // Sorted order; n>>i is always odd.
            indexes[m - 1 - i] = storedHashIndex(i, (n >> i) - 1);
        }
        List<Hash> old = read(r, indexes);
        for (int i = 0; i < m; i++) {
            h = nodeHash(old.get(m - 1 - i), h);
            hashes.add(h);
        }
        return hashes;
    }

    /**
     * TreeHash: the root hash of the tree of n records, from at most 1 + log2(n) stored hashes read in one
     * call. The empty tree's hash is {@link #EMPTY_TREE_HASH}.
     */
    public static Hash treeHash(long n, HashReader r) throws IOException {
        if (n == 0) {
            return EMPTY_TREE_HASH;
        }
        List<Long> indexes = new ArrayList<>();
        subTreeIndex(0, n, indexes);
        Cursor c = new Cursor(read(r, toArray(indexes)));
        Hash hash = subTreeHash(0, n, c);
        c.mustBeDone("TreeHash");
        return hash;
    }

    /** ProveRecord: the proof (RFC 6962 "Merkle audit path") that the tree of size t contains record n. */
    public static List<Hash> proveRecord(long t, long n, HashReader r) throws IOException {
        if (t < 0 || n < 0 || n >= t) {
            throw new TlogException("tlog: invalid inputs in ProveRecord");
        }
        List<Long> indexes = new ArrayList<>();
        leafProofIndex(0, t, n, indexes);
        if (indexes.isEmpty()) {
            return List.of();
        }
        Cursor c = new Cursor(read(r, toArray(indexes)));
        List<Hash> p = leafProof(0, t, n, c);
        c.mustBeDone("ProveRecord");
        return List.copyOf(p);
    }

    /** CheckRecord: checks that p proves that the tree of size t with hash th has record hash h at index n. */
    public static void checkRecord(List<Hash> p, long t, Hash th, long n, Hash h) throws TlogException {
        if (t < 0 || n < 0 || n >= t) {
            throw new TlogException("tlog: invalid inputs in CheckRecord");
        }
        if (!runRecordProof(p, p.size(), 0, t, n, h).equals(th)) {
            throw new TlogException(PROOF_FAILED);
        }
    }

    /**
     * ProveTree: the proof (RFC 6962 "Merkle consistency proof") that the tree of size t contains the tree of
     * size n as a prefix.
     */
    public static List<Hash> proveTree(long t, long n, HashReader r) throws IOException {
        if (t < 1 || n < 1 || n > t) {
            throw new TlogException("tlog: invalid inputs in ProveTree");
        }
        List<Long> indexes = new ArrayList<>();
        treeProofIndex(0, t, n, indexes);
        if (indexes.isEmpty()) {
            return List.of();
        }
        Cursor c = new Cursor(read(r, toArray(indexes)));
        List<Hash> p = treeProof(0, t, n, c);
        c.mustBeDone("ProveTree");
        return List.copyOf(p);
    }

    /** CheckTree: checks that p proves that the tree of size t with hash th contains the tree of size n with hash h. */
    public static void checkTree(List<Hash> p, long t, Hash th, long n, Hash h) throws TlogException {
        if (t < 1 || n < 1 || n > t) {
            throw new TlogException("tlog: invalid inputs in CheckTree");
        }
        Hash[] oldNew = runTreeProof(p, p.size(), 0, t, n, h);
        if (!oldNew[1].equals(th) || !oldNew[0].equals(h)) {
            throw new TlogException(PROOF_FAILED);
        }
    }

    // ---- internals, mirroring x/mod's helpers ----

    /** maxpow2's exponent: the largest l with 2^l < n, or 0 (so k = 1 << l). */
    private static int maxpow2Level(long n) {
        int l = 0;
        while (1L << (l + 1) < n) {
            l++;
        }
        return l;
    }

    /** Appends the stored indexes of the perfect subtrees whose hashes make up the subtree [lo, hi). */
    static void subTreeIndex(long lo, long hi, List<Long> need) {
        while (lo < hi) {
            int level = maxpow2Level(hi - lo + 1);
            long k = 1L << level;
            if ((lo & (k - 1)) != 0) {
                throw new IllegalStateException("tlog: bad math in subTreeIndex");
            }
            need.add(storedHashIndex(level, lo >> level));
            lo += k;
        }
    }

    /** The hash of the subtree [lo, hi) from the hashes at subTreeIndex(lo, hi), consumed from c. */
    static Hash subTreeHash(long lo, long hi, Cursor c) {
        int numTree = 0;
        while (lo < hi) {
            long k = 1L << maxpow2Level(hi - lo + 1);
            if ((lo & (k - 1)) != 0) {
                throw new IllegalStateException("tlog: bad math in subTreeHash");
            }
            numTree++;
            lo += k;
        }
        if (c.remaining() < numTree) {
            throw new IllegalStateException("tlog: bad index math in subTreeHash");
        }
        Hash[] hs = c.take(numTree);
        Hash h = hs[numTree - 1];
        for (int i = numTree - 2; i >= 0; i--) {
            h = nodeHash(hs[i], h);
        }
        return h;
    }

    private static void leafProofIndex(long lo, long hi, long n, List<Long> need) {
        if (!(lo <= n && n < hi)) {
            throw new IllegalStateException("tlog: bad math in leafProofIndex");
        }
        if (lo + 1 == hi) {
            return;
        }
        long k = 1L << maxpow2Level(hi - lo);
        if (n < lo + k) {
            leafProofIndex(lo, lo + k, n, need);
            subTreeIndex(lo + k, hi, need);
        } else {
            subTreeIndex(lo, lo + k, need);
            leafProofIndex(lo + k, hi, n, need);
        }
    }

    private static List<Hash> leafProof(long lo, long hi, long n, Cursor c) {
        if (!(lo <= n && n < hi)) {
            throw new IllegalStateException("tlog: bad math in leafProof");
        }
        if (lo + 1 == hi) {
            // The leaf itself: the verifier knows its hash.
            return new ArrayList<>();
        }
        // Walk down toward n, recording the hash of each path not taken.
        List<Hash> p;
        Hash th;
        long k = 1L << maxpow2Level(hi - lo);
        if (n < lo + k) {
            p = leafProof(lo, lo + k, n, c);
            th = subTreeHash(lo + k, hi, c);
        } else {
            th = subTreeHash(lo, lo + k, c);
            p = leafProof(lo + k, hi, n, c);
        }
        p.add(th);
        return p;
    }

    /** The subtree hash [lo, hi) implied by proof p[0:end] for leaf n with hash leafHash. */
    private static Hash runRecordProof(List<Hash> p, int end, long lo, long hi, long n, Hash leafHash)
            throws TlogException {
        if (!(lo <= n && n < hi)) {
            throw new IllegalStateException("tlog: bad math in runRecordProof");
        }
        if (lo + 1 == hi) {
            // At the leaf, the proof must not have unused hashes.
            if (end != 0) {
                throw new TlogException(PROOF_FAILED);
            }
            return leafHash;
        }
        if (end == 0) {
            throw new TlogException(PROOF_FAILED);
        }
        long k = 1L << maxpow2Level(hi - lo);
        if (n < lo + k) {
            Hash th = runRecordProof(p, end - 1, lo, lo + k, n, leafHash);
            return nodeHash(th, p.get(end - 1));
        }
        Hash th = runRecordProof(p, end - 1, lo + k, hi, n, leafHash);
        return nodeHash(p.get(end - 1), th);
    }

    private static void treeProofIndex(long lo, long hi, long n, List<Long> need) {
        if (!(lo < n && n <= hi)) {
            throw new IllegalStateException("tlog: bad math in treeProofIndex");
        }
        if (n == hi) {
            if (lo != 0) {
                subTreeIndex(lo, hi, need);
            }
            return;
        }
        long k = 1L << maxpow2Level(hi - lo);
        if (n <= lo + k) {
            treeProofIndex(lo, lo + k, n, need);
            subTreeIndex(lo + k, hi, need);
        } else {
            subTreeIndex(lo, lo + k, need);
            treeProofIndex(lo + k, hi, n, need);
        }
    }

    private static List<Hash> treeProof(long lo, long hi, long n, Cursor c) {
        if (!(lo < n && n <= hi)) {
            throw new IllegalStateException("tlog: bad math in treeProof");
        }
        if (n == hi) {
            // Common ground. The whole old tree needs no hash: the verifier knows it.
            List<Hash> p = new ArrayList<>();
            if (lo != 0) {
                p.add(subTreeHash(lo, hi, c));
            }
            return p;
        }
        List<Hash> p;
        Hash th;
        long k = 1L << maxpow2Level(hi - lo);
        if (n <= lo + k) {
            p = treeProof(lo, lo + k, n, c);
            th = subTreeHash(lo + k, hi, c);
        } else {
            th = subTreeHash(lo, lo + k, c);
            p = treeProof(lo + k, hi, n, c);
        }
        p.add(th);
        return p;
    }

    /** The hashes {old subtree, new subtree} of [lo, hi) implied by proof p[0:end], old being the n-record tree. */
    private static Hash[] runTreeProof(List<Hash> p, int end, long lo, long hi, long n, Hash old)
            throws TlogException {
        if (!(lo < n && n <= hi)) {
            throw new IllegalStateException("tlog: bad math in runTreeProof");
        }
        if (n == hi) {
            if (lo == 0) {
                if (end != 0) {
                    throw new TlogException(PROOF_FAILED);
                }
                return new Hash[] {old, old};
            }
            if (end != 1) {
                throw new TlogException(PROOF_FAILED);
            }
            return new Hash[] {p.get(0), p.get(0)};
        }
        if (end == 0) {
            throw new TlogException(PROOF_FAILED);
        }
        Hash last = p.get(end - 1);
        long k = 1L << maxpow2Level(hi - lo);
        if (n <= lo + k) {
            Hash[] ot = runTreeProof(p, end - 1, lo, lo + k, n, old);
            return new Hash[] {ot[0], nodeHash(ot[1], last)};
        }
        Hash[] ot = runTreeProof(p, end - 1, lo + k, hi, n, old);
        return new Hash[] {nodeHash(last, ot[0]), nodeHash(last, ot[1])};
    }

    /** r.readHashes, checking that it kept its contract. */
    static List<Hash> read(HashReader r, long[] indexes) throws IOException {
        List<Hash> hashes = r.readHashes(indexes);
        if (hashes.size() != indexes.length) {
            throw new TlogException(
                    "tlog: ReadHashes(" + indexes.length + " indexes) = " + hashes.size() + " hashes");
        }
        return hashes;
    }

    static long[] toArray(List<Long> list) {
        long[] a = new long[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    /** A fresh SHA-256 digest: cloned from a prototype, since a provider lookup per hash costs more than the hash. */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static final MessageDigest SHA256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Hashes consumed in order, as x/mod's helpers return "the leftover hashes". */
    static final class Cursor {
        private final List<Hash> hashes;
        private int pos;

        Cursor(List<Hash> hashes) {
            this.hashes = hashes;
        }

        int remaining() {
            return hashes.size() - pos;
        }

        Hash[] take(int n) {
            Hash[] out = hashes.subList(pos, pos + n).toArray(new Hash[0]);
            pos += n;
            return out;
        }

        void mustBeDone(String what) {
            if (remaining() != 0) {
                throw new IllegalStateException("tlog: bad index math in " + what);
            }
        }
    }
}
