package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.util.List;

/**
 * Where {@link ModuleGraph} reads go.mod files and version lists: the proxy's fetch pipeline, a GOPROXY
 * tree, or memory in tests. Methods are called from several threads at once and must be thread-safe.
 */
public interface GoModSource {
    /**
     * The go.mod of a module version, as a GOPROXY serves {@code <module>/@v/<version>.mod} (for a
     * version without a go.mod, the synthesized {@code module <path>} line). The version is canonical.
     *
     * @throws IOException when it cannot be had; the graph then fails with a {@link BuildListError}
     *     naming the requirement path to the module
     */
    byte[] goMod(ModuleVersion mv) throws IOException;

    /**
     * The known versions of a module path, as {@code <module>/@v/list} lists them (any order). Only
     * {@link ModuleGraph#reqs()} uses them, to find the version before another; loading a graph never
     * does (since Go 1.16 an excluded requirement is dropped rather than moved to the next version).
     */
    List<String> versions(String path) throws IOException;

    /**
     * The go.mod in a local directory that a replace directive names. dir is as written in the directive
     * of a single main module; in a workspace it is relative to the go.work file's directory (joined to
     * the workspace module's directory for the module's own replace directives), unless absolute.
     *
     * <p>A proxy has no such directories; the default returns null, which the graph treats as a module
     * without requirements (nothing below a local replacement is then loaded or downloaded).
     */
    default byte[] localGoMod(String dir) throws IOException {
        return null;
    }
}
