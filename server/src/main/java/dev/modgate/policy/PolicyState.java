package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy gate remembers between requests and shares with the {@code modgate policy} commands and other
 * servers on the same data: when each version was first seen (for cooldowns), approvals and their log, and refused
 * requests waiting for review. An interface because a later issue moves shared state to a database; {@link
 * DirPolicyState} keeps it in the data directory.
 *
 * <p>Module paths and versions handed in must be valid ({@code ModulePath}); an invalid one is a caller's bug and is
 * refused with an IllegalArgumentException. What is read back from the store is untrusted: bad records are skipped,
 * never thrown.
 */
public interface PolicyState {
    /**
     * When modgate first saw each version of a module; versions never seen are recorded as first seen at
     * {@code seenAt} (first writer wins, across processes). Returns the instant for every version asked; a version
     * that is not canonical for the module is answered {@code seenAt} and not recorded.
     */
    Map<String, Instant> firstSeen(String module, Collection<String> versions, Instant seenAt) throws IOException;

    /** The approval in force for module@version at {@code now} (not revoked, not expired), if any. */
    Optional<Approval> approval(ModuleVersion mv, Instant now) throws IOException;

    /** Appends an approval to the approvals log; it is in force for every reader at once. */
    void approve(Approval a) throws IOException;

    /** Appends a revocation to the approvals log: the approval of mv, if any, is no longer in force. */
    void revoke(ModuleVersion mv, String by, String reason, Instant at) throws IOException;

    /** Every approve and revoke, oldest first (who, when, why). */
    List<ApprovalEvent> approvalLog() throws IOException;

    /**
     * A refused request, for operators to review; the same module@version and rule is recorded once per hour at most
     * (count, last and clients are kept in memory meanwhile, written when the hour has passed or on close).
     */
    void requested(PendingRequest r) throws IOException;

    /** Refused module@versions without an approval in force at {@code now}, newest first, merged across processes. */
    List<PendingRequest> pending(Instant now) throws IOException;
}
