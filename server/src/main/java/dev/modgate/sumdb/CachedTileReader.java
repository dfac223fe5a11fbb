package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbClient;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tiles of a remote database for a TileHashReader, the way the core client reads them: the verified cache first
 * (a cached full tile's prefix stands for any partial one), else the database (a partial tile it no longer has is
 * cut from the full one). What the TileHashReader verified is written to the cache.
 */
final class CachedTileReader implements TileReader {
    private final RemoteSumDb db;
    private final boolean mayFetch;

    CachedTileReader(RemoteSumDb db, boolean mayFetch) {
        this.db = db;
        this.mayFetch = mayFetch;
    }

    @Override public int height() { return SumDbClient.DEFAULT_TILE_HEIGHT; }

    String name() { return db.name(); }

    @Override public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
        List<byte[]> out = new ArrayList<>(tiles.size());
        for (Tile t : tiles) out.add(read(t));
        return out;
    }

    /** The verified cached data of t (or the prefix of its cached full tile), or null. */
    byte[] cached(Tile t) {
        byte[] data = SumDbFiles.read(db.files().cacheFile(t.path()));
        if (data != null) return data;
        if (!t.isFull()) {
            byte[] full = SumDbFiles.read(db.files().cacheFile(t.full().path()));
            if (full != null && full.length == t.full().w() * 32) return Arrays.copyOf(full, t.w() * 32);
        }
        return null;
    }

    private byte[] read(Tile t) throws IOException {
        byte[] data = cached(t);
        if (data != null) return data;
        if (!mayFetch) throw new IOException("tile " + t.path() + " of " + db.name() + " is not cached");
        try {
            return db.readRemote("/" + t.path());
        } catch (IOException e) {
            if (t.isFull()) throw e;
            try {
                byte[] full = db.readRemote("/" + t.full().path());
                if (full.length == t.full().w() * 32) return Arrays.copyOf(full, t.w() * 32);
            } catch (IOException ignored) {
                // Report the error for the tile asked for.
            }
            throw e;
        }
    }

    @Override public void saveTiles(List<Tile> tiles, List<byte[]> data) {
        for (int i = 0; i < tiles.size(); i++) {
            if (!Files.isRegularFile(db.files().cacheFile(tiles.get(i).path()))) {
                db.writeCache(db.name() + "/" + tiles.get(i).path(), data.get(i));
            }
        }
    }
}
