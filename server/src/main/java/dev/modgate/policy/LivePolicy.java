package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.net.Outbound;
import dev.modgate.vuln.VulnIndex;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force: the file given with --policy, read again when it changes (checked every second, and at
 * once on SIGHUP), swapped atomically. A file that does not parse is refused with an error in the log and the
 * previous policy stays in force. Approvals made by `modgate policy approve` (another process) take effect within
 * a second: every decision is then made again.
 */
public final class LivePolicy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LivePolicy.class);
    /** A policy file is a few hundred lines; anything this large is a mistake (a log or a binary named by accident). */
    static final long MAX_BYTES = 1 << 20;

    private final Path file;
    private final PolicyState state;
    private final Outbound outbound;
    private final PolicyGate.Facts facts;
    /** The vulnerability database as it is at each decision: a new snapshot is followed by the gate in force. */
    private final VulnIndex vulns;
    private final Duration listTtl;
    private final Clock clock;
    private final AtomicReference<PolicyGate> gate = new AtomicReference<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread watcher;
    private Object fileStamp;
    private long approvals = -1;

    private LivePolicy(Path file, PolicyState state, Outbound outbound, PolicyGate.Facts facts, VulnIndex vulns, Duration listTtl, Clock clock) {
        this.file = file;
        this.state = state;
        this.outbound = outbound;
        this.facts = facts;
        this.vulns = vulns;
        this.listTtl = listTtl;
        this.clock = clock;
        this.watcher = file == null ? null : Thread.ofPlatform().daemon().name("modgate-policy").unstarted(this::watch);
    }

    /**
     * Reads the policy file (null: no policy, everything allowed) and starts watching it.
     *
     * @param vulns the vulnerability database's current snapshot, asked at each decision lookup, so cheap: hand out
     *     one long-lived index (e.g. {@code VulnIndex.over(db::snapshotId, db::entries)}, which follows the snapshot
     *     and keeps parsed entries per snapshot), not a new one per call; {@code VulnIndex::none} without a database
     * @throws PolicyException the file cannot be read or does not parse: the server must not start without its policy
     */
    public static LivePolicy open(Path file, PolicyState state, Outbound outbound, dev.modgate.module.Modules chain,
            dev.modgate.storage.Storage storage, Duration listTtl, Supplier<VulnIndex> vulns, dev.modgate.licence.LicenceQueue licences)
            throws PolicyException {
        LivePolicy p = new LivePolicy(file, state, outbound, new ChainFacts(chain, storage, licences), VulnIndex.following(vulns), listTtl, Clock.systemUTC());
        p.gate.set(p.newGate(file == null ? PolicyFile.allowAll() : read(file)));
        if (file != null) {
            p.fileStamp = stamp(file);
            p.approvalsChanged(); // the count to compare with: an approval before the watcher's first look must count as a change
            p.watcher.start();
            p.onHangup();
            log.info("policy {} in force: {}", file, p.gate().file().summary());
        }
        return p;
    }

    /** Reads and parses a policy file; what `modgate policy check` runs too. */
    public static PolicyFile read(Path file) throws PolicyException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) throw new PolicyException(file + ": larger than " + MAX_BYTES + " bytes: is this the policy file?");
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException("cannot read policy file " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(file + ": not UTF-8 text");
        }
        try {
            // Rule locations reach clients in refusals: the file's name, never where it lies on the server.
            return PolicyFile.parse(String.valueOf(file.getFileName()), text);
        } catch (PolicyException e) {
            // The operator sees where the file is (log, `policy check`).
            throw new PolicyException(file.getParent() == null ? e.getMessage() : file.getParent() + java.io.File.separator + e.getMessage());
        }
    }

    /**
     * A gate deciding from the data directory alone, for commands without a module chain (bundle export and import):
     * no webhook (it is asked on download), the latest go.mod being the newest stored one, no vulnerability database.
     */
    public static PolicyGate storedOnly(Path file, PolicyState state, dev.modgate.storage.Storage storage, VulnIndex vulns) throws PolicyException {
        return new PolicyGate(read(file), state, null, new StoredFacts(storage), vulns, Clock.systemUTC(), Duration.ofMinutes(1));
    }

    private PolicyGate newGate(PolicyFile f) {
        Webhook webhook = f.webhook().map(w -> new Webhook(w.url(), w.timeout(), w.allowOnError(), outbound)).orElse(null);
        return new PolicyGate(f, state, webhook, facts, vulns, clock, listTtl);
    }

    /**
     * The SPDX ids of a version's root licence files ("UNKNOWN" for one under 75% licence text), as the license lines
     * judge them: its zip fetched and stored first if need be, then read by the licence queue.
     */
    public java.util.List<String> rootLicences(ModuleVersion mv) throws dev.modgate.module.Failure {
        return facts.licences(mv).root().stream().flatMap(f -> f.ids().stream()).distinct().toList();
    }

    /** The gate of the policy in force now. */
    public PolicyGate gate() { return gate.get(); }

    /** Records a refused request for operators (`modgate policy requests`); a failure to record never fails the request. */
    public void refused(ModuleVersion mv, Decision d, String client) {
        Instant now = clock.instant();
        try {
            state.requested(PendingRequest.of(mv, d.rule(), d.reason(), now, client));
        } catch (IOException | RuntimeException e) {
            log.warn("recording the refused request for {} failed: {}", mv, e.toString());
        }
    }

    /**
     * Reads the file again if it changed; true when a new policy is in force. A broken file leaves the old one.
     */
    public synchronized boolean reload() {
        if (file == null) return false;
        Object s = stamp(file);
        if (Objects.equals(s, fileStamp)) return false;
        fileStamp = s;
        PolicyFile f;
        try {
            f = read(file);
        } catch (PolicyException e) {
            log.error("policy file not used, the previous policy stays in force: {}", e.getMessage());
            return false;
        }
        if (f.version().equals(gate().file().version())) return false;
        gate.set(newGate(f));
        log.info("policy {} reloaded (version {}): {}", file, f.version(), f.summary());
        return true;
    }

    private void approvalsChanged() {
        try {
            java.util.List<ApprovalEvent> events = state.approvalLog();
            int n = events.size();
            if (approvals >= 0 && n != approvals) {
                gate().forgetDecisions();
                // The server's log tells who let what in, beside the decisions it made.
                for (ApprovalEvent e : events.subList((int) Math.min(approvals, n), n)) {
                    log.info("policy exception: {} {} by {}{}{}", e.action(), e.mv(), e.by(), e.until() == null ? "" : " until " + e.until(),
                            e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason());
                }
            }
            approvals = n;
        } catch (IOException | RuntimeException e) {
            log.warn("reading policy approvals failed: {}", e.toString());
        }
    }

    private void watch() {
        try {
            while (!closing.await(1, TimeUnit.SECONDS)) {
                try {
                    reload();
                    approvalsChanged();
                } catch (RuntimeException e) {
                    log.error("checking the policy file failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGHUP reloads at once, as daemons do (the JVM would otherwise exit on it). Not available on every JVM. */
    @SuppressWarnings("restriction")
    private void onHangup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> Thread.ofVirtual().start(() -> {
                if (!reload()) log.info("SIGHUP: policy file {} unchanged or not usable; the policy in force stays", file);
            }));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.debug("SIGHUP cannot be handled here ({}); the policy file is still checked every second", e.toString());
        }
    }

    /** Size, modification time and file key: what changes when the file is edited or replaced. */
    private static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.List.of(a.size(), a.lastModifiedTime().toMillis(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override public void close() {
        closing.countDown();
    }
}
