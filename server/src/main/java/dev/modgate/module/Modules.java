package dev.modgate.module;

import java.util.Optional;

/**
 * The module chain's one interface: every behaviour (stored answers, list cache, negative cache, single-flight,
 * ingest; later policy and access) is a layer implementing it around another, the way the go command's modfetch
 * wraps its {@code Repo}s. The wiring that composes them is {@code wiring.ModuleChain}.
 */
public interface Modules {
    /**
     * The answer when it can be given without waiting (from memory, or a stat of a stored file), else empty; then
     * {@link #get} may wait. The HTTP layer calls this where the request was parsed, on the network thread, so it must
     * never block on the network, a lock or a fetch. A layer that refuses a request (policy, access) refuses it here too.
     */
    default Optional<Artifact> now(ModuleRequest request, Ask ask) throws Failure {
        return Optional.empty();
    }

    /** The answer, fetching and storing what is needed; may wait for upstreams and locks. */
    Artifact get(ModuleRequest request, Ask ask) throws Failure;
}
