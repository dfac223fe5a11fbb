package dev.modgate.core.sumdb.note;

/**
 * The note parsed, but no known key signed it (note.UnverifiedNoteError). The parsed note, with all signatures
 * in {@link Note#unverifiedSigs()}, is available for diagnostics; its text must not be trusted.
 */
public final class UnverifiedNoteException extends NoteException {
    private final transient Note note;

    public UnverifiedNoteException(Note note) {
        super("note has no verifiable signatures");
        this.note = note;
    }

    public Note note() { return note; }
}
