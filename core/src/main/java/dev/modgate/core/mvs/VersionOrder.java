package dev.modgate.core.mvs;

/**
 * Compares two versions of the module at {@code path}: negative, zero or positive as v1 is lower than,
 * equal to or higher than v2. Version "none" must be lowest. The path is passed because the
 * comparison may depend on it (newer Go passes it to Reqs.Max for toolchain modules).
 */
@FunctionalInterface
public interface VersionOrder {
    int compare(String path, String v1, String v2);

    /** The order a {@link Reqs} defines through its max method, as mvs.buildList derives it. */
    static VersionOrder of(Reqs reqs) {
        return (path, v1, v2) -> {
            if (!reqs.max(path, v1, v2).equals(v1)) {
                return -1;
            }
            if (!reqs.max(path, v2, v1).equals(v2)) {
                return 1;
            }
            return 0;
        };
    }
}
