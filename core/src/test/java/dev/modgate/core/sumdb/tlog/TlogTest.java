package dev.modgate.core.sumdb.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** golang.org/x/mod/sumdb/tlog's tests: tlog_test.go, tile_test.go, note_test.go and ct_test.go. */
class TlogTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A proof with one hash's first bit flipped. */
    static List<Hash> corrupt(List<Hash> p, int k) {
        List<Hash> out = new ArrayList<>(p);
        byte[] h = out.get(k).bytes();
        h[0] ^= 1;
        out.set(k, Hash.of(h));
        return out;
    }

    /** x/mod's testTilesStorage: serves stored tiles and counts tiles read but not (yet) saved. */
    static final class CountingTiles implements TileReader {
        final Map<Tile, byte[]> m;
        int unsaved;

        CountingTiles(Map<Tile, byte[]> m) {
            this.m = m;
        }

        @Override
        public int height() {
            return 2;
        }

        @Override
        public List<byte[]> readTiles(List<Tile> tiles) {
            List<byte[]> out = new ArrayList<>();
            for (Tile t : tiles) {
                out.add(m.getOrDefault(t, new byte[0]));
            }
            unsaved += tiles.size();
            return out;
        }

        @Override
        public void saveTiles(List<Tile> tiles, List<byte[]> data) {
            unsaved -= tiles.size();
        }
    }

    /** TestTree: 100 records; hashes, tiles and proofs for every tree size, directly and through tiles. */
    @Test
    void tree() throws Exception {
        final int testH = 2;
        List<Hash> trees = new ArrayList<>();
        List<Hash> leafHashes = new ArrayList<>();
        MemoryHashes storage = new MemoryHashes();
        Map<Tile, byte[]> tiles = new HashMap<>();
        for (long i = 0; i < 100; i++) {
            byte[] data = b("leaf " + i);
            List<Hash> hashes = Tlog.storedHashes(i, data, storage);
            leafHashes.add(Tlog.recordHash(data));
            int oldStorage = storage.size();
            storage.append(hashes);
            assertThat(Tlog.storedHashCount(i + 1)).isEqualTo(storage.size());
            Hash th = Tlog.treeHash(i + 1, storage);

            for (Tile tile : Tiles.newTiles(testH, i, i + 1)) {
                byte[] td = Tiles.readTileData(tile, storage);
                byte[] oldData = tiles.getOrDefault(new Tile(tile.h(), tile.l(), tile.n(), tile.w() - 1), new byte[0]);
                assertThat(oldData.length).as("tile %s extends the earlier tile", tile).isEqualTo(td.length - Hash.SIZE);
                assertThat(Arrays.copyOf(td, oldData.length)).isEqualTo(oldData);
                tiles.put(tile, td);
            }
            for (long old : new long[] {0, i / 2}) {
                for (Tile tile : Tiles.newTiles(testH, old, i + 1)) {
                    assertThat(Tiles.readTileData(tile, storage)).as("tile %s", tile).isEqualTo(tiles.get(tile));
                }
            }

            // Every new hash is readable from its tile.
            for (int j = oldStorage; j < storage.size(); j++) {
                Tile tile = Tiles.forIndex(testH, j);
                byte[] td = tiles.get(tile);
                assertThat(td).as("TileForIndex(%d, %d) = %s not yet stored", testH, j, tile).isNotNull();
                assertThat(Tiles.hashFromTile(tile, td, j)).isEqualTo(storage.get(j));
            }
            trees.add(th);

            // Record proofs, for all records so far; a corrupted proof fails.
            for (long j = 0; j <= i; j++) {
                List<Hash> p = Tlog.proveRecord(i + 1, j, storage);
                Tlog.checkRecord(p, i + 1, th, j, leafHashes.get((int) j));
                for (int k = 0; k < p.size(); k++) {
                    List<Hash> bad = corrupt(p, k);
                    long jj = j;
                    long ii = i;
                    assertThatThrownBy(() -> Tlog.checkRecord(bad, ii + 1, th, jj, leafHashes.get((int) jj)))
                            .isInstanceOf(TlogException.class).hasMessage("invalid transparency proof");
                }
            }

            // Through tiles: reading a record's hash is its proof; and the proof can still be generated.
            CountingTiles tileStorage = new CountingTiles(tiles);
            TileHashReader thr = new TileHashReader(new Tree(i + 1, th), tileStorage);
            for (long j = 0; j <= i; j++) {
                List<Hash> h = thr.readHashes(new long[] {Tlog.storedHashIndex(0, j)});
                assertThat(h).containsExactly(leafHashes.get((int) j));
                List<Hash> p = Tlog.proveRecord(i + 1, j, thr);
                Tlog.checkRecord(p, i + 1, th, j, leafHashes.get((int) j));
            }
            assertThat(tileStorage.unsaved).isZero();

            // An index outside the tree is an error.
            long outside = (i + 1) * 2;
            assertThatThrownBy(() -> thr.readHashes(new long[] {outside})).hasMessage("indexes not in tree");
            assertThat(tileStorage.unsaved).isZero();

            // Tree proofs, for all earlier trees, through tiles.
            for (long j = 0; j <= i; j++) {
                assertThat(Tlog.treeHash(j + 1, thr)).isEqualTo(trees.get((int) j));
                List<Hash> p = Tlog.proveTree(i + 1, j + 1, thr);
                Tlog.checkTree(p, i + 1, th, j + 1, trees.get((int) j));
                for (int k = 0; k < p.size(); k++) {
                    List<Hash> bad = corrupt(p, k);
                    long jj = j;
                    long ii = i;
                    assertThatThrownBy(() -> Tlog.checkTree(bad, ii + 1, th, jj + 1, trees.get((int) jj)))
                            .isInstanceOf(TlogException.class).hasMessage("invalid transparency proof");
                }
            }
            assertThat(tileStorage.unsaved).isZero();
        }
    }

    @Test
    void splitStoredHashIndex() {
        for (int l = 0; l < 10; l++) {
            for (long n = 0; n < 100; n++) {
                long x = Tlog.storedHashIndex(l, n);
                assertThat(Tlog.splitStoredHashIndex(x)).isEqualTo(new TreeNode(l, n));
            }
        }
    }

    /** TestTilePath's table, including its two invalid paths. */
    @Test
    void tilePath() throws Exception {
        Object[][] table = {
            {"tile/4/0/001", new Tile(4, 0, 1, 16)},
            {"tile/4/0/001.p/5", new Tile(4, 0, 1, 5)},
            {"tile/3/5/x123/x456/078", new Tile(3, 5, 123456078, 8)},
            {"tile/3/5/x123/x456/078.p/2", new Tile(3, 5, 123456078, 2)},
            {"tile/1/0/x003/x057/500", new Tile(1, 0, 3057500, 2)},
            {"tile/3/5/123/456/078", null},
            {"tile/3/-1/123/456/078", null},
            {"tile/1/data/x003/x057/500", new Tile(1, -1, 3057500, 2)},
        };
        for (Object[] row : table) {
            String path = (String) row[0];
            Tile tile = (Tile) row[1];
            if (tile == null) {
                assertThatThrownBy(() -> Tile.parse(path)).hasMessage("malformed tile path \"" + path + "\"");
                continue;
            }
            assertThat(tile.path()).isEqualTo(path);
            assertThat(Tile.parse(path)).isEqualTo(tile);
        }
    }

    /** Paths that are not canonical or not tiles at all (FuzzParseTilePath's seeds and more) never parse. */
    @Test
    void tilePathMustBeCanonical() {
        for (String bad : List.of("", "tile", "tile/8/0", "tile/8/0/", "tile//0/000", "tile/8/0/000/",
                "tile/8/0/00", "tile/8/0/0000", "tile/+8/0/000", "tile/8/+0/000", "tile/8/00/000", "tile/08/0/000",
                "tile/8/0/000.p/", "tile/8/0/000.p/08", "tile/8/0/000.p/+8", "tile/8/0/x000/001", "tile/8/0/x-01/001",
                "tile/8/0/x1000/000", "tile/0/0/000", "tile/8/-1/000", "tile/8/data.p/5", "tile/8/0.p/5",
                "tile/8/0/\u0661\u0662\u0663", "tiles/8/0/000", "tile/8/0/000.p/5/", "tile/8/0/x/000")) {
            assertThatThrownBy(() -> Tile.parse(bad)).as(bad).isInstanceOf(TlogException.class)
                    .hasMessage("malformed tile path " + dev.modgate.core.text.GoStrings.quote(bad));
        }
        assertThatCode(() -> Tile.parse("tile/8/63/000")).doesNotThrowAnyException();
    }

    /** tile_test.go TestTileHashReader: every stored hash reads back, and tampering with any one is detected. */
    @Test
    void tileHashReader() throws Exception {
        final int height = 2;
        MemoryHashes hashes = new MemoryHashes();
        for (long n = 0; n < 100; n++) {
            hashes.append(Tlog.storedHashes(n, b("leaf " + n), hashes));
            long size = n + 1;
            Tree tree = new Tree(size, Tlog.treeHash(size, hashes));
            TileReader tt = new TileReader() {
                @Override
                public int height() {
                    return height;
                }

                @Override
                public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
                    List<byte[]> out = new ArrayList<>();
                    for (Tile t : tiles) {
                        out.add(Tiles.readTileData(t, hashes));
                    }
                    return out;
                }

                @Override
                public void saveTiles(List<Tile> tiles, List<byte[]> data) {
                    assertThat(data).hasSameSizeAs(tiles);
                    for (int i = 0; i < tiles.size(); i++) {
                        try {
                            assertThat(data.get(i)).as("SaveTiles(%s)", tiles.get(i))
                                    .isEqualTo(Tiles.readTileData(tiles.get(i), hashes));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
            };
            TileHashReader th = new TileHashReader(tree, tt);
            long count = Tlog.storedHashIndex(0, size);
            long[] all = new long[(int) count];
            for (int i = 0; i < count; i++) {
                all[i] = i;
                assertThat(th.readHashes(new long[] {i})).containsExactly(hashes.get(i));
            }
            assertThat(th.readHashes(all)).isEqualTo(hashes.hashes);

            for (long i = 0; i < count; i++) {
                TileHashReader thz = new TileHashReader(tree, zeroIndex(tt, i));
                // (Plain try/catch: this runs ~20000 times.)
                for (long[] indexes : new long[][] {{i}, all}) {
                    try {
                        thz.readHashes(indexes);
                        throw new AssertionError("N=" + size + " tampered=" + i + ": no error reading " + indexes.length);
                    } catch (TlogException expected) {
                        // detected
                    }
                }
            }
        }
    }

    /**
     * Serves tr's tiles with the hash at index zeroed; if that hash is not in the bottom row of its tile, the
     * bottom-row hashes it is computed from are zeroed.
     */
    static TileReader zeroIndex(TileReader tr, long index) {
        return new TileReader() {
            @Override
            public int height() {
                return tr.height();
            }

            @Override
            public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
                List<byte[]> data = new ArrayList<>(tr.readTiles(tiles));
                Tiles.Located loc = Tiles.locate(height(), index);
                for (int i = 0; i < tiles.size(); i++) {
                    Tile t = tiles.get(i);
                    if (t.h() == loc.tile().h() && t.l() == loc.tile().l() && t.n() == loc.tile().n()
                            && loc.end() <= data.get(i).length) {
                        byte[] d = data.get(i).clone();
                        Arrays.fill(d, loc.start(), loc.end(), (byte) 0);
                        data.set(i, d);
                    }
                }
                return data;
            }

            @Override
            public void saveTiles(List<Tile> tiles, List<byte[]> data) {
                tr.saveTiles(tiles, data);
            }
        };
    }

    /** A TileReader's contract violations are errors with x/mod's texts, not crashes. */
    @Test
    void tileReaderContract() throws Exception {
        MemoryHashes hashes = new MemoryHashes();
        for (long n = 0; n < 5; n++) {
            hashes.append(Tlog.storedHashes(n, b("leaf " + n), hashes));
        }
        Tree tree = new Tree(5, Tlog.treeHash(5, hashes));
        TileReader none = new TileReader() {
            public int height() { return 2; }
            public List<byte[]> readTiles(List<Tile> tiles) { return List.of(); }
            public void saveTiles(List<Tile> tiles, List<byte[]> data) {}
        };
        assertThatThrownBy(() -> new TileHashReader(tree, none).readHashes(new long[] {0}))
                .hasMessage("TileReader returned bad result slice (len=0, want 3)");
        TileReader shortTiles = new TileReader() {
            public int height() { return 2; }
            public List<byte[]> readTiles(List<Tile> tiles) { return tiles.stream().map(t -> new byte[1]).toList(); }
            public void saveTiles(List<Tile> tiles, List<byte[]> data) {}
        };
        assertThatThrownBy(() -> new TileHashReader(tree, shortTiles).readHashes(new long[] {0}))
                .hasMessage("TileReader returned bad result slice (tile/2/1/000.p/1 len=1, want 32)");
        assertThatThrownBy(() -> new TileHashReader(Tree.EMPTY, none).readHashes(new long[] {0}))
                .hasMessage("indexes not in tree");
        assertThat(new TileHashReader(Tree.EMPTY, none).readHashes(new long[0])).isEmpty();
        assertThatThrownBy(() -> Tlog.treeHash(3, indexes -> List.of()))
                .hasMessage("tlog: ReadHashes(2 indexes) = 0 hashes");
    }

    @Test
    void hashFromTileErrors() throws Exception {
        byte[] data = new byte[4 * Hash.SIZE];
        assertThatThrownBy(() -> Tiles.hashFromTile(new Tile(2, -1, 0, 4), data, 0)).hasMessage("invalid tile tile/2/data/000");
        assertThatThrownBy(() -> Tiles.hashFromTile(new Tile(2, 0, 0, 4), new byte[10], 0))
                .hasMessage("data len 10 too short for tile tile/2/0/000");
        assertThatThrownBy(() -> Tiles.hashFromTile(new Tile(2, 0, 1, 4), data, 0))
                .hasMessage("index 0 is in tile/2/0/000.p/1 not tile/2/0/001");
        assertThatThrownBy(() -> Tiles.forIndex(0, 0)).hasMessage("TileForIndex: invalid height 0");
        assertThatThrownBy(() -> Tiles.newTiles(0, 0, 1)).hasMessage("NewTiles: invalid height 0");
    }

    @Test
    void proofInputs() {
        HashReader none = indexes -> List.of();
        assertThatThrownBy(() -> Tlog.proveRecord(3, 3, none)).hasMessage("tlog: invalid inputs in ProveRecord");
        assertThatThrownBy(() -> Tlog.proveTree(3, 0, none)).hasMessage("tlog: invalid inputs in ProveTree");
        Hash h = Tlog.recordHash(b("x"));
        assertThatThrownBy(() -> Tlog.checkRecord(List.of(), 1, h, 1, h)).hasMessage("tlog: invalid inputs in CheckRecord");
        assertThatThrownBy(() -> Tlog.checkTree(List.of(), 1, h, 2, h)).hasMessage("tlog: invalid inputs in CheckTree");
        // The one-record tree: empty proofs, and no hash may be added.
        assertThatCode(() -> Tlog.checkRecord(List.of(), 1, h, 0, h)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Tlog.checkRecord(List.of(h), 1, h, 0, h)).hasMessage("invalid transparency proof");
        assertThatCode(() -> Tlog.checkTree(List.of(), 1, h, 1, h)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Tlog.checkTree(List.of(h), 1, h, 1, h)).hasMessage("invalid transparency proof");
    }

    @Test
    void parseHash() throws Exception {
        Hash h = Tlog.recordHash(b("hello world"));
        assertThat(Hash.parse(h.toString())).isEqualTo(h);
        for (String bad : List.of("", "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0", "AAAA",
                "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=")) {
            assertThatThrownBy(() -> Hash.parse(bad)).hasMessage("malformed hash");
        }
    }

    // ---- note_test.go ----

    private static final String TREE_IN = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";

    @Test
    void parseTree() throws Exception {
        Tree gold = new Tree(123456789012L, Tlog.recordHash(b("hello world")));
        assertThat(Tree.parse(b(TREE_IN))).isEqualTo(gold);
        for (String bad : List.of(
                "not-" + TREE_IN,
                "go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
                "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
                // and: N not canonical or negative, too few lines, too long
                "go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
                "go.sum database tree\n+123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
                "go.sum database tree\n-1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
                "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=",
                TREE_IN + "x".repeat(1_000_000))) {
            assertThatThrownBy(() -> Tree.parse(b(bad))).isInstanceOf(TlogException.class)
                    .hasMessage("malformed tree note");
        }
        // Lines after the third are ignored.
        for (String good : List.of(TREE_IN + "JOE", TREE_IN + "JOE\n", TREE_IN + "JOE\n".repeat(1000))) {
            assertThat(Tree.parse(b(good))).isEqualTo(gold);
        }
    }

    @Test
    void formatRecord() throws Exception {
        assertThat(Records.format(123456789012L, b("hello, world\n"))).isEqualTo(b("123456789012\nhello, world\n\n"));
        for (String bad : List.of("", "hello\nworld", "hello\n\nworld\n", "hello\u0001world\n")) {
            assertThatThrownBy(() -> Records.format(123456789012L, b(bad))).isInstanceOf(TlogException.class)
                    .hasMessage("malformed record data");
        }
    }

    @Test
    void parseRecord() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(b("123456789012\nhello, world\n\njunk on end\u0001"));
        in.write(0xff);
        Records.Parsed r = Records.parse(in.toByteArray());
        assertThat(r.id()).isEqualTo(123456789012L);
        assertThat(r.text()).isEqualTo(b("hello, world\n"));
        assertThat(r.rest()).isEqualTo(new byte[] {'j', 'u', 'n', 'k', ' ', 'o', 'n', ' ', 'e', 'n', 'd', 1, (byte) 0xff});

        r = Records.parse(b("123456789012\nhello, world\n\n"));
        assertThat(r.text()).isEqualTo(b("hello, world\n"));
        assertThat(r.rest()).isNotNull().isEmpty();

        List<byte[]> bad = List.of(
                b("not-123456789012\nhello, world\n\n"),
                b("123\nhello\u0001world\n\n"),
                concat(b("123\nhello"), new byte[] {(byte) 0xff}, b("world\n\n")),
                b("123\nhello world\n"),
                b("0x123\nhello world\n\n"),
                b("\u0661\u0662\nhello world\n\n"));
        for (byte[] msg : bad) {
            assertThatThrownBy(() -> Records.parse(msg)).isInstanceOf(TlogException.class)
                    .hasMessage("malformed record data");
        }
        // strconv.ParseInt takes a sign.
        assertThat(Records.parse(b("+7\nx\n\n")).id()).isEqualTo(7);
    }

    @Test
    void dataTiles() throws Exception {
        List<byte[]> texts = List.of(b("a v1.0.0 h1:x=\n"), b("b v1.0.0 h1:y=\nb v1.0.0/go.mod h1:z=\n"));
        byte[] tile = Records.formatDataTile(texts);
        assertThat(new String(tile, StandardCharsets.UTF_8))
                .isEqualTo("a v1.0.0 h1:x=\n\nb v1.0.0 h1:y=\nb v1.0.0/go.mod h1:z=\n\n");
        assertThat(Records.parseDataTile(tile)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(texts);
        assertThatThrownBy(() -> Records.formatDataTile(List.of(b("no newline")))).hasMessage("malformed record data");
        assertThatThrownBy(() -> Records.parseDataTile(b("a\n"))).hasMessage("malformed record data");
    }

    /** ct_test.go: real Certificate Transparency proofs (Google's Argon 2020 log) check, so the hashing is RFC 6962's. */
    @Test
    void certificateTransparency() throws Exception {
        JsonNode sth = Vectors.load("sumdb/argon2020/sth.json");
        JsonNode entries = Vectors.load("sumdb/argon2020/entries.json");
        JsonNode proof = Vectors.load("sumdb/argon2020/proof.json");
        JsonNode consistency = Vectors.load("sumdb/argon2020/consistency.json");
        long size = sth.get("tree_size").asLong();
        Hash root = Hash.parse(sth.get("sha256_root_hash").asText());

        Hash leaf = Tlog.recordHash(Base64.getDecoder().decode(entries.get("entries").get(0).get("leaf_input").asText()));
        assertThat(proof.get("leaf_index").asLong()).isEqualTo(10000);
        Tlog.checkRecord(hashes(proof.get("audit_path")), size, root, 10000, leaf);

        Hash old = Hash.parse("AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=");
        Tlog.checkTree(hashes(consistency.get("consistency")), size, root, 3654490, old);
        assertThatThrownBy(() -> Tlog.checkTree(hashes(consistency.get("consistency")), size, root, 3654491, old))
                .hasMessage("invalid transparency proof");
    }

    private static List<Hash> hashes(JsonNode array) throws TlogException {
        List<Hash> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(Hash.parse(n.asText()));
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
