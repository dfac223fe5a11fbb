package dev.modgate.core.module;

/** The "!x" case-encoding of module paths and versions used in proxy URLs and on disk. */
public final class CaseEncoding {
    private CaseEncoding() {}

    public static String escapePath(String path) { throw new UnsupportedOperationException("TODO"); }
    public static String escapeVersion(String version) { throw new UnsupportedOperationException("TODO"); }
    public static String unescapePath(String escaped) { throw new UnsupportedOperationException("TODO"); }
    public static String unescapeVersion(String escaped) { throw new UnsupportedOperationException("TODO"); }
}
