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
            for (ArtifactEvents l : listeners) l.stored(version, kind);
        }

        @Override public void removed(ModuleVersion version) {
            for (ArtifactEvents l : listeners) l.removed(version);
        }
    }
}
