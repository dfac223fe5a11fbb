package dev.modgate.core.sumdb.note;

/** A known key's verifier rejected its signature on the note (note.InvalidSignatureError). */
public final class InvalidSignatureException extends NoteException {
    private final String name;
    private final int keyHash;

    public InvalidSignatureException(String name, int keyHash) {
        super("invalid signature for key " + name + "+" + NoteKeys.hex(keyHash));
        this.name = name;
        this.keyHash = keyHash;
    }

    public String name() { return name; }

    public int keyHash() { return keyHash; }
}
