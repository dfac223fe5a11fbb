package dev.modgate.core.sumdb.tlog;

import dev.modgate.core.text.GoStrings;

/**
 * A tile of the log (tlog.Tile): W consecutive hashes at hash level H·L, numbers N·2^H to N·2^H+W−1. A full
 * tile has W = 2^H; a partial one fewer. A tile stands for the whole subtree of height H above those hashes,
 * whose upper levels are recomputed from them. Level L = −1 is the data tile: the records themselves.
 *
 * @param h height, 1..30 (the checksum database and the go command use 8)
 * @param l level, −1 (data) to 63
 * @param n number within the level, ≥ 0
 * @param w width, 1..2^H
 */
public record Tile(int h, int l, long n, int w) {
    /** Level of data tiles. */
    public static final int DATA_LEVEL = -1;

    /** Each path element encodes three decimal digits of N, so no directory has more than 3000 entries. */
    private static final int PATH_BASE = 1000;

    /** Whether this is a full tile (W = 2^H). */
    public boolean isFull() {
        return w == 1 << h;
    }

    /** This tile at full width. */
    public Tile full() {
        return new Tile(h, l, n, 1 << h);
    }

    /**
     * The tile coordinate path {@code tile/H/L/NNN[.p/W]}: N in 3-digit elements, all but the last prefixed
     * "x" (N=1234067 is x001/x234/067); L is "data" for data tiles; ".p/W" only for partial tiles.
     */
    public String path() {
        long m = n;
        StringBuilder nStr = new StringBuilder(String.format("%03d", m % PATH_BASE));
        while (m >= PATH_BASE) {
            m /= PATH_BASE;
            nStr.insert(0, String.format("x%03d/", m % PATH_BASE));
        }
        String pStr = w != 1 << h ? ".p/" + w : "";
        String level = l == DATA_LEVEL ? "data" : Integer.toString(l);
        return "tile/" + h + "/" + level + "/" + nStr + pStr;
    }

    /** ParseTilePath: the tile with exactly this path (the path must be the tile's canonical {@link #path()}). */
    public static Tile parse(String path) throws TlogException {
        TlogException bad = new TlogException("malformed tile path " + GoStrings.quote(path));
        String[] f = path.split("/", -1);
        if (f.length < 4 || !f[0].equals("tile")) {
            throw bad;
        }
        Integer h = atoi(f[1]);
        boolean isData = f[2].equals("data");
        Integer l = isData ? Integer.valueOf(0) : atoi(f[2]);
        if (h == null || l == null || h < 1 || l < 0 || h > 30) {
            throw bad;
        }
        int w = 1 << h;
        int end = f.length;
        if (f[end - 2].endsWith(".p")) {
            Integer ww = atoi(f[end - 1]);
            if (ww == null || ww <= 0 || ww >= w) {
                throw bad;
            }
            w = ww;
            f[end - 2] = f[end - 2].substring(0, f[end - 2].length() - 2);
            end--;
        }
        long n = 0;
        for (int i = 3; i < end; i++) {
            String s = f[i].startsWith("x") ? f[i].substring(1) : f[i];
            Integer nn = atoi(s);
            if (nn == null || nn < 0 || nn >= PATH_BASE) {
                throw bad;
            }
            n = n * PATH_BASE + nn; // overflow wraps as in Go; the round trip below rejects it
        }
        Tile t = new Tile(h, isData ? DATA_LEVEL : l, n, w);
        if (!path.equals(t.path())) {
            throw bad;
        }
        return t;
    }

    /** strconv.Atoi, or null: optional sign and ASCII digits only (Java's parser would also take other digits). */
    private static Integer atoi(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null; // out of range
        }
    }

    @Override
    public String toString() {
        return path();
    }
}
