package dev.modgate.policy;
// TEMPORARY STUB (lead) - replaced by the policy-state branch
import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.*;
public final class DirPolicyState implements PolicyState, AutoCloseable {
    private final Map<String, Instant> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ApprovalEvent> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<PendingRequest> reqs = new java.util.concurrent.CopyOnWriteArrayList<>();
    public DirPolicyState(Path dir) {}
    public Map<String, Instant> firstSeen(String module, Collection<String> versions, Instant seenAt) {
        Map<String, Instant> m = new HashMap<>();
        for (String v : versions) m.put(v, seen.merge(module + "@" + v, seenAt, (a, b) -> a.isBefore(b) ? a : b));
        return m;
    }
    public Optional<Approval> approval(ModuleVersion mv, Instant now) {
        for (int i = log.size() - 1; i >= 0; i--) { var e = log.get(i); if (e.mv().equals(mv)) return e.action().equals("approve") && (e.until() == null || now.isBefore(e.until())) ? Optional.of(new Approval(mv, e.until(), e.reason(), e.by(), e.at())) : Optional.empty(); }
        return Optional.empty();
    }
    public void approve(Approval a) { log.add(new ApprovalEvent("approve", a.mv(), a.until(), a.reason(), a.by(), a.at())); }
    public void revoke(ModuleVersion mv, String by, String reason, Instant at) { log.add(new ApprovalEvent("revoke", mv, null, reason, by, at)); }
    public List<ApprovalEvent> approvalLog() { return List.copyOf(log); }
    public void requested(PendingRequest r) { reqs.add(r); }
    public List<PendingRequest> pending(Instant now) { return List.copyOf(reqs); }
    public void close() {}
}
