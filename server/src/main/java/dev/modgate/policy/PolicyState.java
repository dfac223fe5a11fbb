package dev.modgate.policy;
// TEMPORARY STUB (lead) - replaced by the policy-state branch
import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.time.Instant;
import java.util.*;
public interface PolicyState {
    record Approval(ModuleVersion mv, Instant until, String reason, String by, Instant at) {}
    record ApprovalEvent(String action, ModuleVersion mv, Instant until, String reason, String by, Instant at) {}
    record PendingRequest(ModuleVersion mv, String rule, String reason, Instant first, Instant last, long count, List<String> clients) {}
    Map<String, Instant> firstSeen(String module, Collection<String> versions, Instant seenAt) throws IOException;
    Optional<Approval> approval(ModuleVersion mv, Instant now) throws IOException;
    void approve(Approval a) throws IOException;
    void revoke(ModuleVersion mv, String by, String reason, Instant at) throws IOException;
    List<ApprovalEvent> approvalLog() throws IOException;
    void requested(PendingRequest r) throws IOException;
    List<PendingRequest> pending(Instant now) throws IOException;
}
