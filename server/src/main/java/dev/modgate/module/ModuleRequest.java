package dev.modgate.module;

import dev.modgate.core.module.ModuleVersion;

/**
 * What a client asks the module chain for: the GOPROXY protocol's endpoints, parsed and validated (paths and versions
 * unescaped; a {@link File}'s version is canonical for its module path, which {@code http.RequestParser} checks).
 */
public sealed interface ModuleRequest {
    /** The module path asked about. */
    String module();

    /** Identifies the request among others (cache and single-flight keys, log lines): "rsc.io/quote@v1.5.2 .zip". */
    String key();

    /** {@code @v/list}. */
    record List(String module) implements ModuleRequest {
        @Override public String key() { return module + " version list"; }
    }

    /** {@code @latest}. */
    record Latest(String module) implements ModuleRequest {
        @Override public String key() { return module + "@latest"; }
    }

    /**
     * {@code @v/QUERY.info} for anything that is not a canonical version: a branch, a commit, a version prefix.
     * Resolved upstream each time (its answer may change); the canonical version it names is then stored.
     */
    record Query(String module, String query) implements ModuleRequest {
        @Override public String key() { return module + "@" + query + " .info"; }
    }

    /** The .info, .mod or .zip of a canonical version: immutable once stored. */
    record File(ArtifactKind kind, ModuleVersion version) implements ModuleRequest {
        public File(ArtifactKind kind, String module, String version) {
            this(kind, new ModuleVersion(module, version));
        }

        @Override public String module() { return version.path(); }

        @Override public String key() { return version + " " + kind; }
    }
}
