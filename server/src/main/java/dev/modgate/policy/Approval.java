package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.time.Instant;

/**
 * An exception to the policy for one module@version.
 *
 * @param until when it ends, or null for no end
 * @param by who approved (an operator's name, as the command line was given it)
 * @param at when
 */
public record Approval(ModuleVersion mv, Instant until, String reason, String by, Instant at) {
    /** Whether it is in force at {@code now} (an approval that has not been revoked). */
    public boolean inForceAt(Instant now) {
        return until == null || now.isBefore(until);
    }
}
