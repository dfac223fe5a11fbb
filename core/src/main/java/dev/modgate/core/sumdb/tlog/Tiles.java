package dev.modgate.core.sumdb.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Tile arithmetic of golang.org/x/mod/sumdb/tlog (tile.go): which tile holds a hash, which tiles a tree publishes. */
public final class Tiles {
    private Tiles() {}

    /** A tile and the byte range of its data from which a hash is recomputed. */
    record Located(Tile tile, int start, int end) {}

    /** TileForIndex: the tile of height h and least width that holds the given stored hash index. */
    public static Tile forIndex(int h, long index) {
        if (h <= 0) {
            throw new IllegalArgumentException("TileForIndex: invalid height " + h);
        }
        return locate(h, index).tile();
    }

    /** tileForIndex: the tile, plus the range of its data whose {@link #tileHash} is the hash at index. */
    static Located locate(int h, long index) {
        TreeNode node = Tlog.splitStoredHashIndex(index);
        int level = node.level();
        long n = node.n();
        int tl = level / h;
        level -= tl * h; // now the level within the tile
        long tn = n << level >> h;
        n -= tn << h >> level; // now n within the tile at that level
        int tw = (int) ((n + 1) << level);
        return new Located(new Tile(h, tl, tn, tw), (int) (n << level) * Hash.SIZE, (int) ((n + 1) << level) * Hash.SIZE);
    }

    /**
     * HashFromTile: the hash at the given stored index, from the data of tile t, which must be
     * {@link #forIndex}(t.h(), index) or a wider version of it.
     */
    public static Hash hashFromTile(Tile t, byte[] data, long index) throws TlogException {
        if (t.h() < 1 || t.h() > 30 || t.l() < 0 || t.l() >= 64 || t.w() < 1 || t.w() > 1 << t.h()) {
            throw new TlogException("invalid tile " + t.path());
        }
        if (data.length < t.w() * Hash.SIZE) {
            throw new TlogException("data len " + data.length + " too short for tile " + t.path());
        }
        Located loc = locate(t.h(), index);
        Tile t1 = loc.tile();
        if (t.l() != t1.l() || t.n() != t1.n() || t.w() < t1.w()) {
            throw new TlogException("index " + index + " is in " + t1.path() + " not " + t.path());
        }
        return tileHash(data, loc.start(), loc.end());
    }

    /** The hash of the subtree whose 2^k leaf hashes are data[start:end]. */
    static Hash tileHash(byte[] data, int start, int end) {
        if (end - start <= 0) {
            throw new IllegalStateException("bad math in tileHash");
        }
        if (end - start == Hash.SIZE) {
            return Hash.of(data, start);
        }
        int mid = start + (end - start) / 2;
        return Tlog.nodeHash(tileHash(data, start, mid), tileHash(data, mid, end));
    }

    /**
     * NewTiles: the tiles of height h that publishing a tree of size newTreeSize makes new or wider compared to
     * one of size oldTreeSize: the full tiles completed since, and at each level the final partial tile if any.
     * (Current x/mod: only the widest partial tile per level, not every intermediate width.)
     */
    public static List<Tile> newTiles(int h, long oldTreeSize, long newTreeSize) {
        if (h <= 0) {
            throw new IllegalArgumentException("NewTiles: invalid height " + h);
        }
        List<Tile> tiles = new ArrayList<>();
        for (int level = 0; level * h < 64 && newTreeSize >> (level * h) > 0; level++) {
            long oldN = oldTreeSize >> (level * h);
            long newN = newTreeSize >> (level * h);
            if (oldN == newN) {
                continue;
            }
            for (long n = oldN >> h; n < newN >> h; n++) {
                tiles.add(new Tile(h, level, n, 1 << h));
            }
            long n = newN >> h;
            int w = (int) (newN - (n << h));
            if (w > 0) {
                tiles.add(new Tile(h, level, n, w));
            }
        }
        return tiles;
    }

    /** ReadTileData: the data of hash tile t (its W hashes, concatenated), read from r. */
    public static byte[] readTileData(Tile t, HashReader r) throws IOException {
        if (t.l() < 0) {
            throw new IllegalArgumentException("ReadTileData: " + t.path() + " is a data tile");
        }
        int size = t.w() == 0 ? 1 << t.h() : t.w();
        long start = t.n() << t.h();
        long[] indexes = new long[size];
        for (int i = 0; i < size; i++) {
            indexes[i] = Tlog.storedHashIndex(t.h() * t.l(), start + i);
        }
        List<Hash> hashes = Tlog.read(r, indexes);
        byte[] tile = new byte[size * Hash.SIZE];
        for (int i = 0; i < size; i++) {
            hashes.get(i).copyTo(tile, i * Hash.SIZE);
        }
        return tile;
    }

    /**
     * tileParent: t's k'th ancestor tile in the tiles of a tree of size n (k = 0 gives t at the width the tree
     * has), or null if the tree has no such tile.
     */
    static Tile parent(Tile t, int k, long n) {
        int l = t.l() + k;
        long tn = t.n() >> (k * t.h());
        int w = 1 << t.h();
        int shift = l * t.h();
        long max = shift >= 64 ? 0 : n >> shift;
        if ((tn << t.h()) + w >= max) {
            if (tn << t.h() >= max) {
                return null;
            }
            w = (int) (max - (tn << t.h()));
        }
        return new Tile(t.h(), l, tn, w);
    }
}
