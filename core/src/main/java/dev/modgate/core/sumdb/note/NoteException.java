package dev.modgate.core.sumdb.note;

/**
 * A signed note or a key could not be parsed, signed or verified. The message is golang.org/x/mod/sumdb/note's
 * error text (e.g. "malformed note", "malformed verifier id"); the subclasses carry the details Go's typed errors do.
 */
public class NoteException extends Exception {
    public NoteException(String message) {
        super(message);
    }
}
