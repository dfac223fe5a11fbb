package dev.modgate.core.sumdb.note;

/**
 * No verifier is known for a signature's key (note.UnknownVerifierError). {@link Note#open} records such
 * signatures as unverified instead of failing.
 */
public final class UnknownVerifierException extends NoteException {
    private final String name;
    private final int keyHash;

    public UnknownVerifierException(String name, int keyHash) {
        super("unknown key " + name + "+" + NoteKeys.hex(keyHash));
        this.name = name;
        this.keyHash = keyHash;
    }

    public String name() { return name; }

    public int keyHash() { return keyHash; }
}
