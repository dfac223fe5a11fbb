package dev.modgate.core.sumdb.note;

/** Signs messages with one private key. Parse one with {@link NoteKeys#newSigner}. */
public interface Signer {
    /** The server name the key belongs to. */
    String name();

    /** The hash of the corresponding public key (see {@link NoteKeys#keyHash}). */
    int keyHash();

    /** The signature of msg. */
    byte[] sign(byte[] msg);
}
