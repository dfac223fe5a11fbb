package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbClient;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.HashReader;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TileHashReader;
import dev.modgate.core.sumdb.tlog.TileReader;
import dev.modgate.core.sumdb.tlog.Tiles;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tiles of a tree T that a bundle carries so that the other side can answer the go command without the
 * database: for each record, T's tile holding it and every tile above; for each smaller tree a lookup was signed
 * with, T's tiles holding that tree's hashes and every tile above them.
 *
 * <p>Why whole chains up to the top: the go command checks records against whichever lookup's tree head it saw
 * last, so it asks for tiles of those smaller trees too. A tile of a tree inside T is rebuilt (SumDbProxy) from T's
 * tile at the same place, authenticated through T's tiles above it; these are exactly the chains.
 *
 * <p>The export collects them from the verified cache; the import checks, with the same walk over the bundle's
 * tiles, that none is missing. Every tile read is authenticated against T on the way.
 */
final class ProofTiles implements TileReader {
    private static final int H = SumDbClient.DEFAULT_TILE_HEIGHT;

    private final Tree tree;
    private final Function<Tile, byte[]> source;
    private final HashReader hashes;
    private final Map<Tile, byte[]> tiles = new LinkedHashMap<>();

    /** @param source a tile of T (or the prefix of its full tile), or null when there is none */
    ProofTiles(Tree tree, Function<Tile, byte[]> source) {
        this.tree = tree;
        this.source = source;
        this.hashes = new TileHashReader(tree, this);
    }

    /** The tiles authenticated so far. */
    Map<Tile, byte[]> tiles() { return tiles; }

    @Override public int height() { return H; }

    @Override public List<byte[]> readTiles(List<Tile> want) throws IOException {
        List<byte[]> out = new ArrayList<>(want.size());
        for (Tile t : want) {
            byte[] d = tiles.get(t);
            if (d == null) d = source.apply(t);
            if (d == null) throw new IOException("tile " + t.path() + " is missing");
            out.add(d);
        }
        return out;
    }

    @Override public void saveTiles(List<Tile> read, List<byte[]> data) {
        for (int i = 0; i < read.size(); i++) tiles.putIfAbsent(read.get(i), data.get(i));
    }

    void proveRecord(long id) throws IOException {
        if (id < 0 || id >= tree.n()) throw new IOException("record " + id + " is not in the tree of " + tree.n() + " records");
        chain(0, id >> H);
    }

    /** T's tiles holding the hashes that make up the smaller tree t, and everything above them. */
    void proveTree(Tree t) throws IOException {
        if (t.n() > tree.n()) throw new IOException("a tree of " + t.n() + " records is newer than the tree of " + tree.n());
        List<Long> read = new ArrayList<>();
        Hash h = Tlog.treeHash(t.n(), indexes -> {
            for (long x : indexes) read.add(x);
            return hashes.readHashes(indexes);
        });
        if (!h.equals(t.hash())) throw new IOException("the tree of " + t.n() + " records is not a prefix of the tree of " + tree.n());
        for (long x : read) {
            Tile at = Tiles.forIndex(H, x);
            chain(at.l(), at.n());
        }
    }

    /** Whether t is T's tile at its place (full, or as wide as T is there). */
    boolean isTileOfTree(Tile t) {
        if (t.h() != H || t.l() < 0 || H * t.l() >= 63) return false;
        long count = tree.n() >> (H * t.l());
        return (t.n() << H) < count && t.w() == Math.min(1L << H, count - (t.n() << H));
    }

    /** Reads (and so authenticates) T's tile at level l, number n, and each tile above it. */
    private void chain(int l, long n) throws IOException {
        for (; H * l < 63; l++, n >>= H) {
            long count = tree.n() >> (H * l);
            if (n << H >= count) return;
            Tile t = new Tile(H, l, n, (int) Math.min(1L << H, count - (n << H)));
            if (!tiles.containsKey(t)) Tiles.readTileData(t, hashes);
        }
    }
}
