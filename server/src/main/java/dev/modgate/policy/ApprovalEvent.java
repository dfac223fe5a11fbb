package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.time.Instant;

/**
 * One line of the approvals log.
 *
 * @param action {@link #APPROVE} or {@link #REVOKE}
 * @param until an approval's end (null for none, and always for a revocation)
 */
public record ApprovalEvent(String action, ModuleVersion mv, Instant until, String reason, String by, Instant at) {
    public static final String APPROVE = "approve";
    public static final String REVOKE = "revoke";

    static ApprovalEvent approved(Approval a) {
        return new ApprovalEvent(APPROVE, a.mv(), a.until(), a.reason(), a.by(), a.at());
    }

    /** The approval this event grants, if it is an approval. */
    Approval approval() {
        return new Approval(mv, until, reason, by, at);
    }

    boolean isApproval() { return APPROVE.equals(action); }
}
