package dev.modgate.core.modfile;

/** A go.mod file parsed laxly, as the go command parses the go.mod of a dependency (modfile.ParseLax). */
public final class ModFile {
    /** Throws ModFileException with "name:line:col: message" text for syntax errors. */
    public static ModFile parseLax(String fileName, byte[] data) { throw new UnsupportedOperationException("TODO"); }
    /** The path on the module line, or null when there is none. */
    public String modulePath() { throw new UnsupportedOperationException("TODO"); }
}
