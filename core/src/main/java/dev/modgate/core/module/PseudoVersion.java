package dev.modgate.core.module;

/** Pseudo-versions (module/pseudo.go). */
public final class PseudoVersion {
    private PseudoVersion() {}

    public static boolean isPseudo(String v) { throw new UnsupportedOperationException("TODO"); }
}
