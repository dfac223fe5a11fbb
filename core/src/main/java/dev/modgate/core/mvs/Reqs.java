package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;
import java.util.List;

/**
 * The requirement graph on which minimal version selection operates (mvs.Reqs).
 *
 * <p>Versions are opaque strings except for "none", which means "not in the build"; only {@link #max}
 * orders them. The MVS functions call these methods from several threads at once (the graph may be read
 * from the network on demand, and those reads are overlapped), so implementations must be thread-safe.
 * A method may throw any RuntimeException to report that a module's requirements cannot be read;
 * {@link Mvs#buildList} then reports the requirement path to that module in a {@link BuildListError}.
 */
public interface Reqs {
    /** The module versions that m itself requires explicitly. The caller does not modify the list. */
    List<ModuleVersion> required(ModuleVersion m);

    /**
     * The higher of v1 and v2 of the module at path, returned as the very same string. max(v, "none")
     * must be v, and for a target passed to the MVS functions max(target, v) must be target.
     * So v1 &lt; v2 can be written {@code !max(p, v1, v2).equals(v1)}.
     */
    String max(String path, String v1, String v2);
}
