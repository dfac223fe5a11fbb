package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbClient;
import dev.modgate.core.sumdb.tlog.Hash;
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
 * The tiles of a tree T that a go command whose latest tree head is T reads: to prove a record in T, and to prove an
 * older tree head a prefix of T. Every tile read is authenticated against T on the way and kept; the export collects
 * them from the verified cache, the import checks the bundle's tiles with them.
 */
final class ProofTiles implements TileReader {
    private static final int H = SumDbClient.DEFAULT_TILE_HEIGHT;

    private final Tree tree;
    private final Function<Tile, byte[]> source;
    private final TileHashReader hashes;
    private final Map<Tile, byte[]> tiles = new LinkedHashMap<>();

    /** @param source T's tile (or the prefix of its full tile), or null when there is none */
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

    /** Reads what the go command reads to check record id against T. */
    void proveRecord(long id) throws IOException {
        if (id < 0 || id >= tree.n()) throw new IOException("record " + id + " is not in the tree of " + tree.n() + " records");
        hashes.readHashes(new long[] {Tlog.storedHashIndex(0, id)});
    }

    /**
     * Reads what the go command reads to check that the older tree t is a prefix of T.
     *
     * @throws NotAPrefix when T's tiles give t's size another hash: the database signed two histories
     */
    void proveTree(Tree t) throws IOException {
        if (t.n() > tree.n()) throw new IOException("a tree of " + t.n() + " records is newer than the tree of " + tree.n());
        Hash h = Tlog.treeHash(t.n(), hashes);
        if (!h.equals(t.hash())) throw new NotAPrefix(t, h);
    }

    /** The go command's report of two signed histories: older (its note) against T (its note). */
    String forkReport(byte[] olderNote, byte[] newerNote, NotAPrefix fork) {
        return SumDbClient.misbehaviorReport(olderNote, newerNote, tree, fork.older.n(), fork.computed, hashes);
    }

    /** An older signed tree that T's own tiles contradict: proof that the database forked. */
    static final class NotAPrefix extends IOException {
        final transient Tree older;
        final transient Hash computed;

        NotAPrefix(Tree older, Hash computed) {
            super("the tree of " + older.n() + " records is not a prefix of the newer tree: the checksum database signed two different histories");
            this.older = older;
            this.computed = computed;
        }
    }

    /** T's tile t, rebuilt from (and so authenticated by) T's tiles. */
    byte[] tile(Tile t) throws IOException {
        byte[] d = tiles.get(t);
        return d != null ? d : Tiles.readTileData(t, hashes);
    }

    /** Whether t is T's tile at its place (full, or as wide as T is there). */
    boolean isTileOfTree(Tile t) {
        if (t.h() != H || t.l() < 0 || H * t.l() >= 63) return false;
        long count = tree.n() >> (H * t.l());
        return (t.n() << H) < count && t.w() == Math.min(1L << H, count - (t.n() << H));
    }
}
