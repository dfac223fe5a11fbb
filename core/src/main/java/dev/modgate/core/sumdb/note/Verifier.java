package dev.modgate.core.sumdb.note;

/** Verifies signatures made with one key. Parse one with {@link NoteKeys#newVerifier}. */
public interface Verifier {
    /** The server name the key belongs to. */
    String name();

    /** The key hash (see {@link NoteKeys#keyHash}). */
    int keyHash();

    /** Whether sig is a valid signature of msg. */
    boolean verify(byte[] msg, byte[] sig);
}
