package dev.modgate.core.sumdb.note;

/**
 * One signature line of a note: the key's name and hash, and the base64 text after the name (which encodes the
 * 4-byte key hash followed by the signature bytes).
 */
public record Signature(String name, int keyHash, String base64) {
    @Override
    public String toString() {
        return "{" + name + " " + NoteKeys.hex(keyHash) + " " + base64 + "}";
    }
}
