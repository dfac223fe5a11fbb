package dev.modgate.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private log's files survive a crash at any byte of an append (simulated by cutting the files there, and by
 * a tail of zeros, which is what a file system may leave after a power loss), and the signed-tree guard.
 */
class LogStoreTest {
    static final int N = 15;
    @TempDir Path tmp;

    static String path(int i) { return "example.com/m" + i; }

    static byte[] record(int i) {
        String h = Base64.getEncoder().encodeToString(Arrays.copyOf(Integer.toString(i * 7919).getBytes(StandardCharsets.UTF_8), 32));
        return (path(i) + " v1.0.0 h1:" + h + "\n" + path(i) + " v1.0.0/go.mod h1:" + h + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The tree hash of the first n records, computed in memory. */
    static Hash reference(int n) throws IOException {
        List<Hash> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) hashes.addAll(Tlog.storedHashes(i, record(i), ix -> Arrays.stream(ix).mapToObj(x -> hashes.get((int) x)).toList()));
        return Tlog.treeHash(n, ix -> Arrays.stream(ix).mapToObj(x -> hashes.get((int) x)).toList());
    }

    static LogStore fill(Path dir, int from, int to) throws IOException {
        Files.createDirectories(dir);
        LogStore s = new LogStore(dir);
        for (int i = from; i < to; i++) assertThat(s.append(path(i), "v1.0.0", record(i))).isEqualTo(i);
        return s;
    }

    @Test
    void recordsAreServedAndSurviveReopening() throws Exception {
        Path dir = tmp.resolve("log");
        try (LogStore s = fill(dir, 0, 300)) {
            assertThat(s.treeSize()).isEqualTo(300);
            assertThat(Tlog.treeHash(300, s)).isEqualTo(reference(300));
            assertThat(s.append(path(7), "v1.0.0", record(7))).as("already logged").isEqualTo(7);
            assertThatThrownBy(() -> s.append(path(1), "v1.0.0", record(2))).isInstanceOf(IllegalArgumentException.class);
        }
        try (LogStore s = new LogStore(dir)) {
            assertThat(s.treeSize()).isEqualTo(300);
            assertThat(Tlog.treeHash(300, s)).isEqualTo(reference(300));
            assertThat(Tlog.treeHash(257, s)).isEqualTo(reference(257));
            assertThat(s.lookup(path(256), "v1.0.0")).hasValue(256);
            assertThat(s.readRecords(255, 2)).containsExactly(record(255), record(256));
            assertThat(s.lookup(path(300), "v1.0.0")).isEmpty();
        }
    }

    /**
     * Record 15 completes a subtree of 16, so its append writes five hashes. Every way the files can be left by a
     * crash during it reopens as the log of 15 or of 16 records, and appending goes on correctly.
     */
    @Test
    void aCrashAtAnyByteOfAnAppendRecovers() throws Exception {
        int n = N;
        Path base = tmp.resolve("base");
        fill(base, 0, n).close();
        byte[] recordsBefore = Files.readAllBytes(base.resolve("records"));
        byte[] hashesBefore = Files.readAllBytes(base.resolve("hashes"));
        try (LogStore s = new LogStore(base)) {
            s.append(path(n), "v1.0.0", record(n));
        }
        byte[] recordsAfter = Files.readAllBytes(base.resolve("records"));
        byte[] hashesAfter = Files.readAllBytes(base.resolve("hashes"));
        assertThat(hashesAfter.length - hashesBefore.length).isEqualTo(5 * 32);
        Hash[] ref = {reference(n), reference(n + 1), reference(n + 2)};

        // Every byte of the length field and of the record hash at the end, and a sample of the text between
        // (each byte there is alike); every hash boundary, and a byte either side of it.
        int cases = 0;
        for (int r = recordsBefore.length; r < recordsAfter.length; r++) {
            boolean edge = r < recordsBefore.length + 6 || r >= recordsAfter.length - 34;
            if (edge || r % 17 == 0) check(Arrays.copyOf(recordsAfter, r), hashesBefore, n, ref, cases++);
        }
        for (int h = hashesBefore.length; h <= hashesAfter.length; h++) {
            int m = (h - hashesBefore.length) % 32;
            if (m == 0 || m == 1 || m == 31) check(recordsAfter, Arrays.copyOf(hashesAfter, h), n + 1, ref, cases++);
        }
        // The file system grew the files but never wrote the data.
        check(Arrays.copyOf(recordsBefore, recordsAfter.length), hashesBefore, n, ref, cases++);
        check(recordsAfter, Arrays.copyOf(hashesBefore, hashesAfter.length), n + 1, ref, cases++);
        // Hashes lost entirely: they are derived, so they are recomputed.
        check(recordsAfter, new byte[0], n + 1, ref, cases++);
        assertThat(cases).isGreaterThan(60);
    }

    private void check(byte[] records, byte[] hashes, int wantSize, Hash[] ref, int k) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("case" + k));
        Files.write(dir.resolve("records"), records);
        Files.write(dir.resolve("hashes"), hashes);
        int n = N;
        try (LogStore s = new LogStore(dir)) {
            assertThat(s.treeSize()).as("case %d", k).isEqualTo(wantSize);
            assertThat(Tlog.treeHash(wantSize, s)).as("case %d", k).isEqualTo(ref[wantSize - n]);
            assertThat(Files.size(dir.resolve("hashes"))).as("case %d", k).isEqualTo(Tlog.storedHashCount(wantSize) * 32);
            s.cutDamagedTail();
            for (int i = wantSize; i < n + 2; i++) s.append(path(i), "v1.0.0", record(i));
            assertThat(Tlog.treeHash(n + 2, s)).as("case %d", k).isEqualTo(ref[2]);
        }
        try (LogStore s = new LogStore(dir)) {
            assertThat(s.treeSize()).isEqualTo(n + 2);
        }
    }

    @Test
    void damageIsCutOffOnlyWhenNothingSignedIsLost() throws Exception {
        Path data = tmp.resolve("data");
        DirStorage store = new DirStorage(data);
        Path dir = Files.createDirectories(data.resolve("log"));
        fill(dir, 0, 30).close();
        // Flip one byte inside record 10.
        byte[] records = Files.readAllBytes(dir.resolve("records"));
        int at = new String(records, StandardCharsets.ISO_8859_1).indexOf(path(10) + " ");
        records[at + 5] ^= 1;
        Files.write(dir.resolve("records"), records);

        Signer signer = NoteKeys.newSigner(NoteKeys.generateKey("log.test").signerKey());
        Path signed = data.resolve("log/signed-tree");
        Files.write(signed, new Tree(20, reference(20)).format());
        try (LogStore s = new LogStore(dir)) {
            assertThat(s.treeSize()).isEqualTo(10);
            SignedTreeGuard guard = new SignedTreeGuard(signer, store, signed);
            assertThatThrownBy(() -> guard.checkLog(s.treeSize(), s)).hasMessageContaining("signed a tree of 20 records, but only 10");
        }
        assertThat(Files.readAllBytes(dir.resolve("records"))).as("nothing destroyed").isEqualTo(records);

        Files.write(signed, new Tree(5, reference(5)).format());
        try (LogStore s = new LogStore(dir)) {
            new SignedTreeGuard(signer, store, signed).checkLog(s.treeSize(), s);
            s.cutDamagedTail();
        }
        try (LogStore s = new LogStore(dir)) {
            assertThat(s.treeSize()).isEqualTo(10);
            assertThat(Tlog.treeHash(10, s)).isEqualTo(reference(10));
        }

        // Records changed under a signed tree of the same size.
        Files.write(signed, new Tree(10, reference(11)).format());
        try (LogStore s = new LogStore(dir)) {
            assertThatThrownBy(() -> new SignedTreeGuard(signer, store, signed).checkLog(s.treeSize(), s)).hasMessageContaining("were changed");
        }
    }

    @Test
    void theGuardNeverSignsTwoDifferentTreesOfOneSize() throws Exception {
        Path data = tmp.resolve("data");
        DirStorage store = new DirStorage(data);
        Signer signer = NoteKeys.newSigner(NoteKeys.generateKey("log.test").signerKey());
        Path file = Files.createDirectories(store.state().privateSumDb()).resolve("signed-tree"); // state files stay in .modgate/
        SignedTreeGuard guard = new SignedTreeGuard(signer, store, file);
        byte[] five = new Tree(5, reference(5)).format();
        byte[] otherFive = new Tree(5, reference(6)).format();
        assertThat(guard.sign(five)).isEqualTo(signer.sign(five));
        assertThat(Files.readAllBytes(file)).isEqualTo(five);
        guard.sign(five);
        assertThatThrownBy(() -> guard.sign(otherFive)).hasMessageContaining("second, different tree of 5 records");
        guard.sign(new Tree(3, reference(3)).format()); // an older tree of the same log: consistent, allowed
        assertThat(Files.readAllBytes(file)).isEqualTo(five);
        // After a restart too.
        SignedTreeGuard restarted = new SignedTreeGuard(signer, store, file);
        assertThatThrownBy(() -> restarted.sign(otherFive)).isInstanceOf(IllegalStateException.class);
        restarted.sign(new Tree(6, reference(6)).format());
        assertThat(Tree.parse(Files.readAllBytes(file)).n()).isEqualTo(6);
        assertThatThrownBy(() -> restarted.sign("not a tree\n".getBytes())).isInstanceOf(IllegalStateException.class);
    }
}
