package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code approvals.log}: approvals and revocations, appended durably, read again when one stat says the file changed
 * (so a server sees an approval the command line just wrote, within the request after).
 */
final class ApprovalLog {
    /** The log as last read: every event, and the newest per module@version (which decides). */
    private record Loaded(LinesFile.Stamp stamp, List<ApprovalEvent> events, Map<ModuleVersion, ApprovalEvent> newest) {}

    private final LinesFile file;
    /** One reader re-reads; the others wait for its answer rather than read the file too (a lock, not a monitor: virtual threads wait here). */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Loaded loaded = new Loaded(LinesFile.Stamp.ABSENT, List.of(), Map.of());

    ApprovalLog(Path file, Duration lockWait) {
        this.file = new LinesFile(file, file.resolveSibling(file.getFileName() + ".lock"), lockWait);
    }

    Optional<Approval> inForce(ModuleVersion mv, Instant now) throws IOException {
        ApprovalEvent e = current().newest.get(mv);
        if (e == null || !e.isApproval()) return Optional.empty();
        Approval a = e.approval();
        return a.inForceAt(now) ? Optional.of(a) : Optional.empty();
    }

    /** Whether an approval is in force at {@code now}, by one reading of the log for every question asked of the answer. */
    Predicate<ModuleVersion> inForceAt(Instant now) throws IOException {
        Map<ModuleVersion, ApprovalEvent> newest = current().newest;
        return mv -> {
            ApprovalEvent e = newest.get(mv);
            return e != null && e.isApproval() && e.approval().inForceAt(now);
        };
    }

    List<ApprovalEvent> events() throws IOException {
        return current().events;
    }

    void append(ApprovalEvent e) throws IOException {
        PolicyJson.check(e.mv());
        Objects.requireNonNull(e.at(), "an approval or revocation needs its time");
        // fsynced: an approval an operator was told is recorded must survive a power failure
        file.append(List.of(PolicyJson.line(e)), true);
    }

    private Loaded current() throws IOException {
        LinesFile.Stamp now = file.stamp();
        Loaded l = loaded;
        if (now.equals(l.stamp)) return l;
        reading.lock();
        try {
            l = loaded;
            if (now.equals(l.stamp)) return l;
            // The stamp is taken before the read: an append in between makes the next stat differ, so it is read then.
            List<ApprovalEvent> events = List.copyOf(file.parse(file.read(), PolicyJson::approvalEvent));
            Map<ModuleVersion, ApprovalEvent> newest = new HashMap<>();
            for (ApprovalEvent e : events) newest.put(e.mv(), e); // oldest first, so the last one wins
            l = new Loaded(now, events, newest);
            loaded = l;
            return l;
        } finally {
            reading.unlock();
        }
    }
}
