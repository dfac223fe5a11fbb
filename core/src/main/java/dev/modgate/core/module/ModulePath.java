package dev.modgate.core.module;

/** Module, import and file path rules and major-version suffixes (golang.org/x/mod/module). */
public final class ModulePath {
    private ModulePath() {}

    /** module.Check: path is a valid module path and version a valid version for it. */
    public static void check(String path, String version) { throw new UnsupportedOperationException("TODO"); }
    public static void checkPath(String path) { throw new UnsupportedOperationException("TODO"); }
    public static void checkImportPath(String path) { throw new UnsupportedOperationException("TODO"); }
    public static void checkFilePath(String path) { throw new UnsupportedOperationException("TODO"); }
    /** module.CanonicalVersion: semver canonical form, keeping +incompatible. */
    public static String canonicalVersion(String v) { throw new UnsupportedOperationException("TODO"); }
}
