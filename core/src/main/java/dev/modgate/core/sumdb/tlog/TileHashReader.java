package dev.modgate.core.sumdb.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * tlog.TileHashReader: reads hashes of a given tree through tiles, authenticating every tile against the
 * tree's hash before using it. Any hash it returns is therefore proven to be in the tree, which is how a
 * client checks both record inclusion and consistency between tree heads from untrusted tile data.
 *
 * <p>Per read: the tiles that make up the tree hash are fetched and must reproduce it; every other tile
 * needed is a full tile, authenticated against its (already authenticated) parent tile. Only then are the
 * tiles passed to {@link TileReader#saveTiles}.
 */
public final class TileHashReader implements HashReader {
    private final Tree tree;
    private final TileReader tr;

    public TileHashReader(Tree tree, TileReader tr) {
        this.tree = tree;
        this.tr = tr;
    }

    @Override
    public List<Hash> readHashes(long[] indexes) throws IOException {
        if (tree.n() == 0) {
            // Nothing is in the empty tree (x/mod would index out of range here).
            if (indexes.length > 0) {
                throw new TlogException("indexes not in tree");
            }
            return List.of();
        }
        int h = tr.height();
        Map<Tile, Integer> tileOrder = new HashMap<>(); // tileOrder.get(tiles.get(i)) == i
        List<Tile> tiles = new ArrayList<>();

        // Plan the tiles needed to recompute the tree hash; if it matches, those tiles are authenticated.
        List<Long> stxList = new ArrayList<>();
        Tlog.subTreeIndex(0, tree.n(), stxList);
        long[] stx = Tlog.toArray(stxList);
        int[] stxTileOrder = new int[stx.length];
        for (int i = 0; i < stx.length; i++) {
            Tile tile = Tiles.parent(Tiles.locate(h, stx[i]).tile(), 0, tree.n());
            Integer j = tileOrder.get(tile);
            if (j != null) {
                stxTileOrder[i] = j;
                continue;
            }
            stxTileOrder[i] = tiles.size();
            tileOrder.put(tile, tiles.size());
            tiles.add(tile);
        }

        int stxTiles = tiles.size(); // distinct tiles: several stx hashes may share one

        // Plan the tiles holding the indexes, with any parent tiles needed to authenticate them
        // (for most calls those parents are being fetched anyway).
        int[] indexTileOrder = new int[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            long x = indexes[i];
            if (x >= Tlog.storedHashIndex(0, tree.n())) {
                throw new TlogException("indexes not in tree");
            }
            Tile tile = Tiles.locate(h, x).tile();

            // Walk up parent tiles until one already planned: that one will be authenticated.
            int k = 0;
            for (; ; k++) {
                Tile p = Tiles.parent(tile, k, tree.n());
                Integer j = p == null ? null : tileOrder.get(p);
                if (j != null) {
                    if (k == 0) {
                        indexTileOrder[i] = j;
                    }
                    break;
                }
                if (p == null) {
                    throw new IllegalStateException("bad math in tileHashReader: " + tree.n() + " " + x + " " + tile);
                }
            }
            // Walk back down, planning child tiles after their parents. This ends at the index's own tile
            // (unless k == 0, when the loop above found it).
            for (k--; k >= 0; k--) {
                Tile p = Tiles.parent(tile, k, tree.n());
                if (!p.isFull()) {
                    // Only full tiles have parents; this one has a parent, so it must be full.
                    throw new TlogException("bad math in tileHashReader: " + tree.n() + " " + x + " " + p);
                }
                tileOrder.put(p, tiles.size());
                if (k == 0) {
                    indexTileOrder[i] = tiles.size();
                }
                tiles.add(p);
            }
        }

        List<byte[]> data = tr.readTiles(List.copyOf(tiles));
        if (data.size() != tiles.size()) {
            throw new TlogException("TileReader returned bad result slice (len=" + data.size() + ", want "
                    + tiles.size() + ")");
        }
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            if (data.get(i).length != tile.w() * Hash.SIZE) {
                throw new TlogException("TileReader returned bad result slice (" + tile.path() + " len="
                        + data.get(i).length + ", want " + tile.w() * Hash.SIZE + ")");
            }
        }

        // Authenticate the tiles of the tree hash first; they come first in the list, parents before children.
        int last = stx.length - 1;
        Hash th = Tiles.hashFromTile(tiles.get(stxTileOrder[last]), data.get(stxTileOrder[last]), stx[last]);
        for (int i = stx.length - 2; i >= 0; i--) {
            Hash hi = Tiles.hashFromTile(tiles.get(stxTileOrder[i]), data.get(stxTileOrder[i]), stx[i]);
            th = Tlog.nodeHash(hi, th);
        }
        if (!th.equals(tree.hash())) {
            // At least one tile is wrong, but there is no telling which.
            throw new TlogException("downloaded inconsistent tile");
        }

        // Then authenticate the other (full) tiles against their parents. (x/mod v0.7.0 started this loop
        // at len(stx), the number of hashes rather than of tiles, skipping a tile whenever two stx hashes
        // share one; current x/mod's TestTileHashReader catches that, and so does TlogTest.tileHashReader.)
        for (int i = stxTiles; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            Tile p = Tiles.parent(tile, 1, tree.n());
            Integer j = p == null ? null : tileOrder.get(p);
            if (j == null) {
                throw new TlogException("bad math in tileHashReader " + tree.n() + " " + Arrays.toString(indexes)
                        + ": lost parent of " + tile);
            }
            Hash ph;
            try {
                ph = Tiles.hashFromTile(p, data.get(j), Tlog.storedHashIndex(p.l() * p.h(), tile.n()));
            } catch (TlogException e) {
                throw new TlogException("bad math in tileHashReader " + tree.n() + " " + Arrays.toString(indexes)
                        + ": lost hash of " + tile + ": " + e.getMessage());
            }
            byte[] d = data.get(i);
            if (!ph.equals(Tiles.tileHash(d, 0, d.length))) {
                throw new TlogException("downloaded inconsistent tile");
            }
        }

        // Every tile is now authenticated against the trusted tree hash.
        tr.saveTiles(List.copyOf(tiles), List.copyOf(data));

        List<Hash> hashes = new ArrayList<>(indexes.length);
        for (int i = 0; i < indexes.length; i++) {
            int j = indexTileOrder[i];
            try {
                hashes.add(Tiles.hashFromTile(tiles.get(j), data.get(j), indexes[i]));
            } catch (TlogException e) {
                throw new TlogException("bad math in tileHashReader " + tree.n() + " " + Arrays.toString(indexes)
                        + ": lost hash " + indexes[i] + ": " + e.getMessage());
            }
        }
        return hashes;
    }
}
