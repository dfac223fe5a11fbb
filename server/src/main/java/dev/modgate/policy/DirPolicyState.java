package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The policy gate's state as files in one directory, {@code DATA/.modgate/policy/} ({@code StateDir.policyIn}),
 * shared by a running server, the {@code modgate policy} commands an operator runs beside it, and other servers on
 * the same data directory. Nothing else is written; files are created with the process's umask.
 * <pre>
 *   approvals.log        JSON lines, one approve or revoke each, oldest first:
 *                        {"action":"approve","module":M,"version":V,"until":T|null,"reason":R,"by":B,"at":T}
 *                        appended under approvals.log.lock and fsynced. Readers re-read it when one stat shows a new
 *                        size or time, so a server sees an approval within the request after it, without a restart.
 *                        The newest line for a module@version decides: an approval in force is an "approve" whose
 *                        until is null or later than now.
 *   requests.log         JSON lines of refused requests, appended under requests.log.lock, not fsynced (a power
 *                        failure may lose the last counts of a review queue, nothing more):
 *                        {"module","version","rule","reason","first","last","count","clients":[at most 8]}
 *                        Each line counts refusals since its writer's previous line for that module@version and rule;
 *                        readers merge lines per key (first the earliest, last the latest, counts summed). Over 4 MiB
 *                        it is rewritten merged, one line per key (the oldest keys dropped if that is still over 2 MiB).
 *   seen/SHA256(module)  "module PATH", then "VERSION UNIXMILLIS" lines appended under seen.lock, not fsynced;
 *                        the earliest line per version wins, so of two processes the first writer wins.
 * </pre>
 * Every file is untrusted input (an operator may edit it, a crash may tear its last line): an unreadable line is
 * skipped with one WARN per file, a line without its newline is not read, and the next append marks it torn (so it
 * stays unread) and starts a new line. A failed write throws IOException: the gate decides what a request does then.
 */
public final class DirPolicyState implements PolicyState, AutoCloseable {
    /** How long another process's lock on a policy file is waited for when no wait is given (they are held for milliseconds). */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);

    private final FirstSeenFiles seen;
    private final ApprovalLog approvals;
    private final RequestLog requests;

    public DirPolicyState(Path dir) {
        this(dir, DEFAULT_LOCK_WAIT);
    }

    /** @param lockWait how long a lock held by another process is waited for ({@code --lock-wait}) */
    public DirPolicyState(Path dir, Duration lockWait) {
        this.seen = new FirstSeenFiles(dir.resolve("seen"), lockWait);
        this.approvals = new ApprovalLog(dir.resolve("approvals.log"), lockWait);
        this.requests = new RequestLog(dir.resolve("requests.log"), lockWait);
    }

    @Override public Map<String, Instant> firstSeen(String module, Collection<String> versions, Instant seenAt) throws IOException {
        return seen.firstSeen(module, versions, seenAt);
    }

    @Override public Optional<Approval> approval(ModuleVersion mv, Instant now) throws IOException {
        return approvals.inForce(mv, now);
    }

    @Override public void approve(Approval a) throws IOException {
        approvals.append(ApprovalEvent.approved(a));
    }

    @Override public void revoke(ModuleVersion mv, String by, String reason, Instant at) throws IOException {
        approvals.append(new ApprovalEvent(ApprovalEvent.REVOKE, mv, null, reason, by, at));
    }

    @Override public List<ApprovalEvent> approvalLog() throws IOException {
        return approvals.events();
    }

    @Override public void requested(PendingRequest r) throws IOException {
        requests.requested(r);
    }

    @Override public List<PendingRequest> pending(Instant now) throws IOException {
        Predicate<ModuleVersion> approved = approvals.inForceAt(now);
        return requests.pending(now).stream().filter(r -> !approved.test(r.mv())).toList();
    }

    /** Writes the refusals counted in memory and not yet written. */
    @Override public void close() throws IOException {
        requests.flush();
    }
}
