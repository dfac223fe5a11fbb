package dev.modgate.module;

import dev.modgate.core.module.ModuleVersion;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened to stored artifacts, for whoever keeps something derived from them: the module chain's caches drop
 * what they hold of a version moved to the quarantine; the private checksum database logs a version once its files
 * are stored. Listeners must not throw and must not call back into the module chain (they run on a request's thread).
 */
public interface ArtifactEvents {
    /** An artifact was stored (it was not before). */
    default void stored(ModuleVersion version, ArtifactKind kind) {}

    /** Every stored artifact of a version was moved out of storage (a checksum database refused it). */
    default void removed(ModuleVersion version) {}

    /** Nothing listens. */
    ArtifactEvents NONE = new ArtifactEvents() {};

    /** Passes each event to every listener added, in order. */
    final class Broadcast implements ArtifactEvents {
        private final List<ArtifactEvents> listeners = new CopyOnWriteArrayList<>();

        public void add(ArtifactEvents l) {
            listeners.add(l);
        }

        @Override public void stored(ModuleVersion version, ArtifactKind kind) {
            for (ArtifactEvents l : listeners) deliver(() -> l.stored(version, kind), version);
        }

        @Override public void removed(ModuleVersion version) {
            for (ArtifactEvents l : listeners) deliver(() -> l.removed(version), version);
        }

        /** One listener's fault must neither fail the request that stored the artifact nor keep the others from hearing. */
        private static void deliver(Runnable event, ModuleVersion version) {
            try {
                event.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ArtifactEvents.class).error("a listener failed on an event about {}", version, e);
            }
        }
    }
}
