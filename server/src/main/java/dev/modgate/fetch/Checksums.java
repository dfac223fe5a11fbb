package dev.modgate.fetch;

/**
 * What a module's h1 sums must agree with before its files are stored: checksum databases. {@link ModuleService}
 * calls {@link #verify} after an upstream's file passed its own checks and before anything is written.
 */
public interface Checksums {
    /** Nothing to agree with (no checksum database configured). */
    Checksums NONE = (path, version, goMod, h1) -> {};

    /**
     * Throws unless the h1 sum of a module's zip (or, with goMod, of its go.mod) is the one the configured checksum
     * databases hold: 403 with a body starting "SECURITY ERROR" on a mismatch, 5xx when a database cannot be asked.
     */
    void verify(String path, String version, boolean goMod, String h1) throws FetchException;

    /** A module's zip was stored (its go.mod may not be yet). Never throws: a failure here is logged. */
    default void stored(String path, String version) {}
}
