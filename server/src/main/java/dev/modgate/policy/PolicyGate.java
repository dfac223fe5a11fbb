package dev.modgate.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.semver.Semver;
import dev.modgate.module.Failure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about module versions under one version of the policy file: the file's own lines, then what needs the
 * data directory or the network. In order, the first that answers decides:
 * <ol>
 *   <li>an approval in force ({@code modgate policy approve}) allows, whatever the rules say;
 *   <li>a pin decides alone (a pinned version was reviewed: no cooldown, retraction or webhook check);
 *   <li>a deny line or {@code default deny} denies;
 *   <li>{@code retracted deny|hide}: a version its module's latest go.mod retracts is denied or hidden;
 *   <li>{@code cooldown}: a version is held until the hold has passed since it was first seen by modgate or its
 *       .info Time, whichever is later (so a back-dated commit does not shorten the hold);
 *   <li>for downloads only, the webhook: Valid false denies; an error follows on-error.
 * </ol>
 * Decisions are kept in memory for this policy version; a new policy version gets a new gate.
 */
public final class PolicyGate {
    private static final Logger log = LoggerFactory.getLogger(PolicyGate.class);

    /** What the gate needs to know about modules, from the module chain below the gate. */
    public interface Facts {
        /** The version's .info Time when the chain has it or can fetch it, else null. */
        Instant published(ModuleVersion mv) throws Failure;

        /** The version's .info Time if already stored (no fetch), else null: for lists, which must not fetch each version. */
        Instant publishedIfStored(ModuleVersion mv);

        /** When the version was first stored here (before any record of it was kept), else null. */
        Instant storedSince(ModuleVersion mv);

        /** The go.mod of the module's latest version, ignoring retractions (as modload's checkRetractions), or null. */
        byte[] latestGoMod(String module) throws Failure;
    }

    private final PolicyFile file;
    private final PolicyState state;
    private final Webhook webhook;
    private final Facts facts;
    private final Clock clock;
    /**
     * Decisions for lists and downloads without the webhook; a hold or an approval is re-decided when it ends, and
     * every decision after the list TTL (a new latest go.mod may retract the version).
     */
    private final Cache<ModuleVersion, Decision> decisions;
    /** Final download decisions, the webhook's included (the webhook keeps its own answers per policy version). */
    private final Cache<ModuleVersion, Decision> downloads;
    /** Each module's retraction intervals, from its latest go.mod; the latest changes, so they are re-read. */
    private final Cache<String, List<ModFile.Retract>> retractions;
    /** Refusals already logged under this policy version. */
    private final Cache<ModuleVersion, Boolean> logged = Caffeine.newBuilder().maximumSize(200_000).build();

    public PolicyGate(PolicyFile file, PolicyState state, Webhook webhook, Facts facts, Clock clock, Duration retractionsTtl) {
        this.file = file;
        this.state = state;
        this.webhook = webhook;
        this.facts = facts;
        this.clock = clock;
        Duration ttl = retractionsTtl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retractionsTtl;
        com.github.benmanes.caffeine.cache.Ticker ticker = () -> {
            Instant t = clock.instant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        };
        this.retractions = Caffeine.newBuilder().ticker(ticker).maximumSize(20_000).expireAfterWrite(ttl).build();
        this.decisions = Caffeine.newBuilder().ticker(ticker).maximumSize(200_000).expireAfterWrite(ttl).build();
        this.downloads = Caffeine.newBuilder().ticker(ticker).maximumSize(200_000).expireAfterWrite(ttl).build();
    }

    public PolicyFile file() { return file; }

    /** Approvals changed (another process or the CLI): every decision is made again. */
    public void forgetDecisions() {
        decisions.invalidateAll();
        downloads.invalidateAll();
    }

    /** The download decision if already made and still valid, without any I/O; else null. */
    public Decision knownDownload(ModuleVersion mv) {
        Decision d = downloads.getIfPresent(mv);
        return d != null && current(d) ? d : null;
    }

    /** The list decision if already made and still valid, without any I/O; else null. */
    public Decision knownListing(ModuleVersion mv) {
        Decision d = decisions.getIfPresent(mv);
        return d != null && current(d) ? d : null;
    }

    private boolean current(Decision d) {
        return d.until() == null || clock.instant().isBefore(d.until());
    }

    /** Whether the version may be listed: every step but the webhook. */
    public Decision forListing(ModuleVersion mv) throws Failure {
        Decision d = knownListing(mv);
        if (d != null) return d;
        d = decide(mv, false);
        decisions.put(mv, d);
        return d;
    }

    /** Whether the version's .zip may be served: every step. */
    public Decision forDownload(ModuleVersion mv, String kind, String client) throws Failure {
        Decision d = knownDownload(mv);
        if (d != null) return d;
        d = decide(mv, true);
        if (webhook != null && d.downloadable() && !approvedOrPinned(d, mv)) {
            Webhook.Answer a = webhook.check(mv.path(), mv.version(), kind, client);
            if (!a.valid()) {
                d = new Decision(Decision.Verdict.DENY, file.webhook().orElseThrow().line().where(), file.webhook().orElseThrow().line().text(),
                        a.reason() == null || a.reason().isEmpty() ? "the policy webhook refused it" : a.reason(), null);
            }
            if (a.failed()) {
                logOnce(mv, d);
                return d; // an error's outcome is not kept: the webhook is asked again once it answers
            }
        }
        downloads.put(mv, d);
        logOnce(mv, d);
        return d;
    }

    private boolean approvedOrPinned(Decision d, ModuleVersion mv) {
        return d.rule().equals("approval") || file.pinned(mv.path());
    }

    /**
     * @param download true for a download: the .info Time is fetched if need be; for a list only a stored one counts
     *     (fetching every listed version's .info would cost a request each)
     */
    private Decision decide(ModuleVersion mv, boolean download) throws Failure {
        Instant now = clock.instant();
        Optional<Approval> approval;
        try {
            approval = state.approval(mv, now);
        } catch (IOException e) {
            log.warn("reading policy approvals failed; deciding {} without them: {}", mv, e.toString());
            approval = Optional.empty();
        }
        if (approval.isPresent()) {
            Approval a = approval.get();
            return new Decision(Decision.Verdict.ALLOW, "approval", "approved by " + a.by() + " at " + a.at()
                    + (a.until() == null ? "" : " until " + a.until()), a.reason(), a.until());
        }
        Decision d = file.decide(mv.path(), mv.version());
        if (file.pinned(mv.path()) || !d.downloadable()) return d;
        if (file.retracted() != PolicyFile.Retracted.ALLOW && retracted(mv)) {
            d = new Decision(file.retracted() == PolicyFile.Retracted.DENY ? Decision.Verdict.DENY : Decision.Verdict.HIDE,
                    file.retractedRule(), file.retractedText(), "retracted by the module's authors", null);
            if (!d.downloadable()) return d;
        }
        Optional<PolicyFile.Cooldown> cooldown = file.cooldown(mv.path());
        if (cooldown.isPresent()) {
            Instant until = heldUntil(mv, cooldown.get().hold(), now, download);
            if (now.isBefore(until)) {
                return new Decision(Decision.Verdict.HOLD, cooldown.get().line().where(), cooldown.get().line().text(),
                        "new versions wait " + cooldown.get().line().words().get(2) + " before use", until);
            }
        }
        return d;
    }

    /** max(first seen here, .info Time) + hold. */
    private Instant heldUntil(ModuleVersion mv, Duration hold, Instant now, boolean download) throws Failure {
        Instant stored = facts.storedSince(mv);
        Instant seenAt = stored != null && stored.isBefore(now) ? stored : now;
        Instant first;
        try {
            first = state.firstSeen(mv.path(), List.of(mv.version()), seenAt).getOrDefault(mv.version(), seenAt);
        } catch (IOException e) {
            log.warn("recording when {} was first seen failed; holding it from now: {}", mv, e.toString());
            first = now;
        }
        Instant published = download ? facts.published(mv) : facts.publishedIfStored(mv);
        Instant since = published != null && published.isAfter(first) ? published : first;
        return since.plus(hold);
    }

    /** Records a list's versions as seen (one write for the list) before their decisions are made one by one. */
    public void seen(String module, List<String> all) {
        if (file.cooldown(module).isEmpty() || all.isEmpty()) return;
        // Versions already decided were recorded when they were.
        List<String> versions = all.stream().filter(v -> knownListing(new ModuleVersion(module, v)) == null).toList();
        if (versions.isEmpty()) return;
        try {
            Instant now = clock.instant();
            // Versions already stored count from when they were stored: a cooldown added today must not hold
            // versions builds have used for months.
            for (String v : versions) {
                Instant stored = facts.storedSince(new ModuleVersion(module, v));
                if (stored != null && stored.isBefore(now)) state.firstSeen(module, List.of(v), stored);
            }
            state.firstSeen(module, versions, now);
        } catch (IOException e) {
            log.warn("recording when versions of {} were first seen failed: {}", module, e.toString());
        }
    }

    private boolean retracted(ModuleVersion mv) throws Failure {
        List<ModFile.Retract> rs = retractions.getIfPresent(mv.path());
        if (rs == null) {
            rs = List.of();
            byte[] gomod = facts.latestGoMod(mv.path());
            if (gomod != null) {
                try {
                    rs = ModFile.parseLax("go.mod", gomod).retracts();
                } catch (RuntimeException e) {
                    log.warn("the latest go.mod of {} does not parse; its retractions are not applied: {}", mv.path(), e.getMessage());
                }
            }
            retractions.put(mv.path(), rs);
        }
        for (ModFile.Retract r : rs) {
            if (Semver.compare(r.interval().low(), mv.version()) <= 0 && Semver.compare(mv.version(), r.interval().high()) <= 0) return true;
        }
        return false;
    }

    private void logOnce(ModuleVersion mv, Decision d) {
        if (d.listed() || logged.asMap().putIfAbsent(mv, Boolean.TRUE) != null) return;
        String mode = file.mode() == PolicyFile.Mode.DRY_RUN ? "dry-run, served anyway: " : "";
        log.info("policy {}: {} {}", file.version(), mv, mode + d.explain());
    }
}
