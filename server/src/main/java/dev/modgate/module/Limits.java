package dev.modgate.module;

import dev.modgate.core.zip.ModuleZip;

/** Size limits on what modgate accepts from anywhere: the go command's own, plus small ones for metadata. */
public final class Limits {
    private Limits() {}

    /** Largest .info/@latest body; real ones are a few hundred bytes. */
    public static final long MAX_INFO = 64L << 10;
    /** Version lists of modules with thousands of versions stay far below this. */
    public static final long MAX_LIST = 8L << 20;
    public static final long MAX_GO_MOD = ModuleZip.MAX_GO_MOD;
    public static final long MAX_ZIP = ModuleZip.MAX_ZIP_FILE;
}
