package dev.modgate.report;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;

/** The policy's decision about downloading a module version's .zip: from the gate in this process, or a server's answer. */
@FunctionalInterface
public interface Decisions {
    PolicyVerdict decide(ModuleVersion mv) throws IOException;

    /** No policy: nothing decided. */
    Decisions NONE = mv -> PolicyVerdict.NO_POLICY;
}
