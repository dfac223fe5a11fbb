package dev.modgate.core.sumdb.tlog;

import static dev.modgate.core.testing.Vectors.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every table of vectors/sumdb/tlog_vectors.json (computed with x/mod's tlog at current-master semantics). */
class TlogVectorsTest {
    private static final JsonNode V = Vectors.load("sumdb/tlog_vectors.json");

    /** The tables this class checks; a new table in the file must get a test. */
    private static final Set<String> HANDLED = Set.of("badTilePaths", "emptyTreeHash",
            "formatRecord(123456789012, \"hello, world\\n\")", "formatTree(123456789012, RecordHash(hello world))",
            "newTilesH10", "newTilesH8", "nodeHash(rh,rh)", "proveRecord(t=10,n=3)", "proveTree(t=10,n=7)",
            "recordHash(hello world)", "source", "storedHashCount", "storedHashIndex", "sumGolangOrgVerifier",
            "tilePaths", "treeHashes_records_'record i\\n'");

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyTableIsChecked() {
        Set<String> keys = new HashSet<>();
        V.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isEqualTo(HANDLED);
    }

    @TestFactory
    Stream<DynamicTest> badTilePaths() {
        return rows(V, "badTilePaths").stream().map(row -> dynamicTest(row.get("path").asText(), () ->
                assertThatThrownBy(() -> Tile.parse(row.get("path").asText()))
                        .isInstanceOf(TlogException.class).hasMessage(row.get("err").asText())));
    }

    @TestFactory
    Stream<DynamicTest> tilePaths() {
        return rows(V, "tilePaths").stream().map(row -> dynamicTest(row.get("path").asText(), () -> {
            Tile t = new Tile(row.get("H").asInt(), row.get("L").asInt(), row.get("N").asLong(), row.get("W").asInt());
            assertThat(t.path()).isEqualTo(row.get("path").asText());
            assertThat(Tile.parse(row.get("path").asText())).isEqualTo(t);
        }));
    }

    @Test
    void hashesAndFormats() throws Exception {
        Hash rh = Tlog.recordHash(b("hello world"));
        assertThat(rh.toString()).isEqualTo(V.get("recordHash(hello world)").asText());
        assertThat(Tlog.nodeHash(rh, rh).toString()).isEqualTo(V.get("nodeHash(rh,rh)").asText());
        assertThat(Tlog.EMPTY_TREE_HASH.toString()).isEqualTo(V.get("emptyTreeHash").asText());
        assertThat(Tlog.treeHash(0, indexes -> List.of())).isEqualTo(Tlog.EMPTY_TREE_HASH);
        assertThat(new String(new Tree(123456789012L, rh).format(), StandardCharsets.UTF_8))
                .isEqualTo(V.get("formatTree(123456789012, RecordHash(hello world))").asText());
        assertThat(new String(Records.format(123456789012L, b("hello, world\n")), StandardCharsets.UTF_8))
                .isEqualTo(V.get("formatRecord(123456789012, \"hello, world\\n\")").asText());
    }

    @TestFactory
    Stream<DynamicTest> storedHashIndex() {
        return rows(V, "storedHashIndex").stream().map(row -> {
            int level = row.get("level").asInt();
            long n = row.get("n").asLong();
            return dynamicTest("(" + level + "," + n + ")", () -> {
                long index = Tlog.storedHashIndex(level, n);
                assertThat(index).isEqualTo(row.get("storedHashIndex").asLong());
                assertThat(Tlog.splitStoredHashIndex(index))
                        .isEqualTo(new TreeNode(row.get("split").get(0).asInt(), row.get("split").get(1).asLong()));
                assertThat(Tiles.forIndex(8, index).path()).isEqualTo(row.get("tileForIndexH8").asText());
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> storedHashCount() {
        return rows(V, "storedHashCount").stream().map(row -> dynamicTest("n=" + row.get("n").asLong(), () ->
                assertThat(Tlog.storedHashCount(row.get("n").asLong())).isEqualTo(row.get("storedHashCount").asLong())));
    }

    @TestFactory
    Stream<DynamicTest> newTiles() {
        List<JsonNode> all = new ArrayList<>(rows(V, "newTilesH10"));
        all.addAll(rows(V, "newTilesH8"));
        return all.stream().map(row -> {
            int h = row.get("h").asInt();
            long old = row.get("old").asLong();
            long nw = row.get("new").asLong();
            return dynamicTest("NewTiles(" + h + ", " + old + ", " + nw + ")", () -> {
                List<String> want = new ArrayList<>();
                row.get("tiles").forEach(t -> want.add(t.asText())); // JSON null (Go's nil slice) has no elements
                List<String> got = Tiles.newTiles(h, old, nw).stream().map(Tile::path).toList();
                assertThat(got).isEqualTo(want);
                if (row.has("wantCount")) {
                    assertThat(got).hasSize(row.get("wantCount").asInt());
                }
            });
        });
    }

    /** The tree of records "record 0\n" .. "record 9\n": record and tree hashes after each append, and proofs. */
    @Test
    void treeOfTenRecords() throws Exception {
        MemoryHashes storage = new MemoryHashes();
        List<JsonNode> rows = rows(V, "treeHashes_records_'record i\\n'");
        assertThat(rows).hasSize(10);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            byte[] data = b(row.get("addedRecord").asText());
            assertThat(row.get("addedRecord").asText()).isEqualTo("record " + i + "\n");
            assertThat(Tlog.recordHash(data).toString()).isEqualTo(row.get("recordHash").asText());
            storage.append(Tlog.storedHashes(i, data, storage));
            assertThat(row.get("n").asLong()).isEqualTo(i + 1);
            assertThat(Tlog.treeHash(i + 1, storage).toString()).isEqualTo(row.get("treeHash").asText());
        }
        Hash th = Tlog.treeHash(10, storage);

        List<String> rp = Tlog.proveRecord(10, 3, storage).stream().map(Hash::toString).toList();
        assertThat(rp).isEqualTo(texts(V.get("proveRecord(t=10,n=3)")));
        Tlog.checkRecord(Tlog.proveRecord(10, 3, storage), 10, th, 3, Tlog.recordHash(b("record 3\n")));

        List<String> tp = Tlog.proveTree(10, 7, storage).stream().map(Hash::toString).toList();
        assertThat(tp).isEqualTo(texts(V.get("proveTree(t=10,n=7)")));
        Tlog.checkTree(Tlog.proveTree(10, 7, storage), 10, th, 7, Hash.parse(rows.get(6).get("treeHash").asText()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
