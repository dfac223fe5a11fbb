package dev.modgate.core.sumdb.tlog;

import java.nio.charset.StandardCharsets;

/**
 * A tree head (tlog.Tree): the size of the log and the root hash of its tree. Its text form is what the
 * checksum database signs:
 * <pre>
 * go.sum database tree
 * N
 * base64(hash)
 * </pre>
 */
public record Tree(long n, Hash hash) {
    private static final String PREFIX = "go.sum database tree\n";
    private static final String MALFORMED = "malformed tree note";

    /** The empty tree. */
    public static final Tree EMPTY = new Tree(0, Tlog.EMPTY_TREE_HASH);

    /** FormatTree: the note text for this tree. */
    public byte[] format() {
        return (PREFIX + n + "\n" + hash + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * ParseTree: a tree from its note text. Lines after the third are ignored, leaving room for
     * backwards-compatible additions; N must be in canonical decimal form.
     */
    public static Tree parse(byte[] text) throws TlogException {
        if (text.length > 1_000_000 || !startsWith(text, PREFIX) || count(text, (byte) '\n') < 3) {
            throw new TlogException(MALFORMED);
        }
        // Only ASCII is needed below; a lossy decode of anything after it does not matter.
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n", 4);
        long n;
        try {
            n = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new TlogException(MALFORMED);
        }
        // Canonical form only: no sign, no leading zeros, ASCII digits.
        if (n < 0 || !lines[1].equals(Long.toString(n))) {
            throw new TlogException(MALFORMED);
        }
        Hash h;
        try {
            h = Hash.parse(lines[2]);
        } catch (TlogException e) {
            throw new TlogException(MALFORMED);
        }
        return new Tree(n, h);
    }

    private static boolean startsWith(byte[] b, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return b.length >= p.length && java.util.Arrays.equals(b, 0, p.length, p, 0, p.length);
    }

    private static int count(byte[] b, byte c) {
        int k = 0;
        for (byte x : b) {
            if (x == c) {
                k++;
            }
        }
        return k;
    }
}
