package dev.modgate.core.mvs;

/**
 * Whether the transitive requirements of go 1.17+ dependencies are pruned out of the module graph
 * (modload's modPruning; https://go.dev/ref/mod#graph-pruning).
 */
public enum Pruning {
    /**
     * The main module is at go 1.17 or higher: the graph holds the main module's requirements (the
     * roots), their own requirements, and the full transitive requirements only below modules whose
     * go.mod is older than go 1.17.
     */
    PRUNED,
    /** The main module is below go 1.17: every transitive requirement is loaded. */
    UNPRUNED,
    /** A go.work workspace: pruned as for PRUNED, from every workspace module at once. */
    WORKSPACE;

    /**
     * modload.pruningForGoVersion: PRUNED from go 1.17 on. Only the language version (major.minor)
     * counts, so "1.17rc1" and "1.17.2" prune; a version that is not of the form N.M... does not.
     */
    static Pruning forGoVersion(String goVersion) {
        return GoVersion.atLeast(goVersion, 1, 17) ? PRUNED : UNPRUNED;
    }
}
