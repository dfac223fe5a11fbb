package dev.modgate.core.sumdb;

import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tlog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * vectors/sumdb/testlog: a 300-record log served by x/mod's sumdb.Server and TestServer with the public test
 * key of client_test.go. The record texts are those of its two data tiles; records.txt gives their keys.
 */
final class TestLogVectors {
    private TestLogVectors() {}

    static final String NAME = "localhost.localdev/sumdb";
    static final String VERIFIER_KEY = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";
    static final String SIGNER_KEY = "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk";

    static Path dir() {
        try {
            return Path.of(TestLogVectors.class.getResource("/vectors/sumdb/testlog").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String relative) {
        return new String(read(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Signer signer() {
        try {
            return NoteKeys.newSigner(SIGNER_KEY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of records.txt: id, module@version, record hash. */
    record Entry(long id, String path, String version, String recordHash) {}

    static List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (String line : text("records.txt").split("\n")) {
            String[] f = line.split("\t");
            int at = f[1].indexOf('@');
            out.add(new Entry(Long.parseLong(f[0]), f[1].substring(0, at), f[1].substring(at + 1),
                    f[2].substring("RecordHash=".length())));
        }
        return out;
    }

    /** The log rebuilt from the data tiles and records.txt, checking each record's hash on the way. */
    static MemoryLog log() throws IOException {
        List<byte[]> texts = new ArrayList<>(Records.parseDataTile(read("tile/8/data/000")));
        texts.addAll(Records.parseDataTile(read("tile/8/data/001.p/44")));
        List<Entry> entries = entries();
        if (texts.size() != 300 || entries.size() != 300) {
            throw new IllegalStateException("testlog should have 300 records");
        }
        MemoryLog log = new MemoryLog();
        for (Entry e : entries) {
            byte[] text = texts.get((int) e.id());
            if (!Tlog.recordHash(text).toString().equals(e.recordHash())) {
                throw new IllegalStateException("record " + e.id() + " hash mismatch");
            }
            if (log.add(e.path(), e.version(), text) != e.id()) {
                throw new IllegalStateException("records.txt out of order at " + e.id());
            }
        }
        return log;
    }
}
