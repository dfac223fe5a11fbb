package dev.modgate.module;

/**
 * What a module's h1 sums must agree with before its files are stored: checksum databases. The ingest layer calls
 * {@link #verify} after an upstream's file passed its own checks and before anything is written.
 */
public interface Checksums {
    /** Nothing to agree with (no checksum database configured). */
    Checksums NONE = (path, version, goMod, h1) -> {};

    /**
     * Throws unless the h1 sum of a module's zip (or, with goMod, of its go.mod) is the one the configured checksum
     * databases hold: REFUSED with a reason starting "SECURITY ERROR" on a mismatch, a server-side kind when a
     * database cannot be asked.
     */
    void verify(String path, String version, boolean goMod, String h1) throws Failure;
}
