package dev.modgate.core.sumdb.tlog;

import java.io.IOException;
import java.util.List;

/** Reads tiles of a log, typically from a cache or a checksum database server (tlog.TileReader). */
public interface TileReader {
    /** The height of the tiles read. */
    int height();

    /**
     * The data of each tile, tiles.get(i).w() × 32 bytes each. Data from a server is unauthenticated: it must
     * not be stored in a persistent cache until {@link #saveTiles} says it was verified.
     */
    List<byte[]> readTiles(List<Tile> tiles) throws IOException;

    /** The tiles returned by {@link #readTiles} were verified and may now be stored persistently. */
    void saveTiles(List<Tile> tiles, List<byte[]> data);
}
