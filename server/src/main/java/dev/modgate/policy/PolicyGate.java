package dev.modgate.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.semver.Semver;
import dev.modgate.module.Failure;
import dev.modgate.vuln.Affects;
import dev.modgate.vuln.OsvEntry;
import dev.modgate.vuln.VulnIndex;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about module versions under one version of the policy file: the file's own lines, then what needs the
 * data directory or the network. In order, the first that answers decides:
 * <ol>
 *   <li>an approval in force ({@code modgate policy approve}) allows, whatever the rules say;
 *   <li>a pin decides alone (a pinned version was reviewed: no cooldown, retraction or webhook check);
 *   <li>a deny line or {@code default deny} denies;
 *   <li>{@code vuln deny|warn}: when entries of the vulnerability database affect the version (those the line
 *       excepts left out; with {@code fixed-available} only those with a fixed version above it), deny refuses with
 *       each entry's ID, aliases, summary and fixed version; warn allows it with a note (the X-Modgate-Policy header,
 *       the log) and the steps below still apply. A module-level match, which the refusal says: govulncheck may find
 *       the vulnerable symbols are never called;
 *   <li>{@code retracted deny|hide}: a version its module's latest go.mod retracts is denied or hidden;
 *   <li>{@code cooldown}: a version is held until the hold has passed since it was first seen by modgate or its
 *       .info Time, whichever is later (so a back-dated commit does not shorten the hold);
 *   <li>for downloads only, the license lines, on the root licence files of the zip ({@link LicenceRules});
 *   <li>for downloads only, the webhook: Valid false denies; an error follows on-error.
 * </ol>
 * Decisions are kept in memory for this policy version and vulnerability snapshot: a new policy version gets a new
 * gate, and when the index names another snapshot every kept decision is dropped at the next lookup.
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

        /**
         * The licence files of the version's zip (fetched and stored first if need be), as pkg.go.dev finds them; for
         * downloads only, and only when the policy has license lines.
         */
        dev.modgate.licence.ModuleLicences licences(ModuleVersion mv) throws Failure;
    }

    private final PolicyFile file;
    private final PolicyState state;
    private final Webhook webhook;
    private final Facts facts;
    private final VulnIndex vulns;
    /** The snapshot the kept decisions were made with (only followed when the file has vuln lines). */
    private final AtomicReference<String> vulnSnapshot;
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

    /** @param vulns the vulnerability database for the vuln lines ({@link VulnIndex#none()} for none) */
    public PolicyGate(PolicyFile file, PolicyState state, Webhook webhook, Facts facts, VulnIndex vulns, Clock clock, Duration retractionsTtl) {
        this.file = file;
        this.state = state;
        this.webhook = webhook;
        this.facts = facts;
        this.vulns = vulns;
        this.vulnSnapshot = new AtomicReference<>(file.hasVulnRules() ? vulns.snapshot() : "");
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
        generation.incrementAndGet(); // first: a decision being made now is not kept after the drop
        decisions.invalidateAll();
        downloads.invalidateAll();
    }

    /** Counts forgetDecisions(): a decision made across one (an approval arriving meanwhile) is used once, not kept. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    /** A new vulnerability snapshot: the decisions made with the previous one are dropped (and logged again). */
    private void followSnapshot() {
        if (!file.hasVulnRules()) return;
        String was = vulnSnapshot.get();
        String now = vulns.snapshot();
        if (!now.equals(was) && vulnSnapshot.compareAndSet(was, now)) {
            forgetDecisions();
            logged.invalidateAll();
            log.info("policy {}: vulnerability database snapshot {} (was {}): decisions are made again", file.version(), now, was);
        }
    }

    /**
     * Keeps a decision unless the snapshot changed while it was made (it would be dropped at once anyway; this
     * keeps one made with the old data from outliving the drop). A change between this check and the put is caught
     * by the list TTL.
     */
    private void keep(Cache<ModuleVersion, Decision> cache, ModuleVersion mv, Decision d, String snapshot, long madeIn) {
        if (snapshot.equals(vulnSnapshot.get()) && madeIn == generation.get()) cache.put(mv, d);
    }

    /** The download decision if already made and still valid, without any I/O; else null. */
    public Decision knownDownload(ModuleVersion mv) {
        followSnapshot();
        Decision d = downloads.getIfPresent(mv);
        return d != null && current(d) ? d : null;
    }

    /** The list decision if already made and still valid, without any I/O; else null. */
    public Decision knownListing(ModuleVersion mv) {
        followSnapshot();
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
        String snapshot = vulnSnapshot.get();
        long madeIn = generation.get();
        d = decide(mv, false);
        keep(decisions, mv, d, snapshot, madeIn);
        return d;
    }

    /** Whether the version's .zip may be served: every step. */
    public Decision forDownload(ModuleVersion mv, String kind, String client) throws Failure {
        Decision d = knownDownload(mv);
        if (d != null) return d;
        String snapshot = vulnSnapshot.get();
        long madeIn = generation.get();
        d = decide(mv, true);
        if (file.hasLicenceRules() && d.downloadable() && !approvedOrPinned(d, mv)) {
            d = file.licences(facts.licences(mv), d);
        }
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
        keep(downloads, mv, d, snapshot, madeIn);
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
        Optional<PolicyFile.Vuln> vuln = file.vuln(mv.path());
        if (vuln.isPresent()) {
            List<Finding> found = findings(mv, vuln.get());
            if (!found.isEmpty()) {
                PolicyLine line = vuln.get().line();
                if (vuln.get().deny()) return new Decision(Decision.Verdict.DENY, line.where(), line.text(), refusal(found), null);
                d = d.withNote(warning(line, found));
            }
        }
        if (file.retracted() != PolicyFile.Retracted.ALLOW && retracted(mv)) {
            d = new Decision(file.retracted() == PolicyFile.Retracted.DENY ? Decision.Verdict.DENY : Decision.Verdict.HIDE,
                    file.retractedRule(), file.retractedText(), "retracted by the module's authors", null, d.note());
            if (!d.downloadable()) return d;
        }
        Optional<PolicyFile.Cooldown> cooldown = file.cooldown(mv.path());
        if (cooldown.isPresent()) {
            Instant until = heldUntil(mv, cooldown.get().hold(), now, download);
            if (now.isBefore(until)) {
                return new Decision(Decision.Verdict.HOLD, cooldown.get().line().where(), cooldown.get().line().text(),
                        "new versions wait " + cooldown.get().line().words().get(2) + " before use", until, d.note());
            }
        }
        return d;
    }

    /** An entry that counts for a vuln line, with the fixed version to name. */
    private record Finding(OsvEntry entry, Optional<String> fixed) {}

    /** The most entries named in a refusal or a warning; the rest are counted. */
    private static final int NAMED = 10;

    private static final String MODULE_LEVEL = "module-level match: govulncheck may find your code does not call the vulnerable symbols;"
            + " ask for an exception if so";

    private List<Finding> findings(ModuleVersion mv, PolicyFile.Vuln rule) {
        List<OsvEntry> entries;
        try {
            entries = vulns.affecting(mv);
        } catch (RuntimeException e) {
            // A database that cannot be read stops no build; the operator sees why vuln lines did not apply.
            log.warn("reading the vulnerability database failed; deciding {} without it: {}", mv, e.toString());
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (OsvEntry e : entries) {
            if (rule.excepts(e.ids())) continue;
            Optional<String> fixed = Affects.fixedIn(e, mv);
            if (rule.fixedAvailable() && fixed.isEmpty()) continue;
            found.add(new Finding(e, fixed));
        }
        return found;
    }

    /** "GO-2024-1234 (CVE-2024-5678): summary; fixed in v1.2.3 | ... | module-level match: ...". */
    private static String refusal(List<Finding> found) {
        StringBuilder b = new StringBuilder();
        for (Finding f : found.subList(0, Math.min(NAMED, found.size()))) {
            OsvEntry e = f.entry();
            b.append(e.id());
            if (!e.aliases().isEmpty()) b.append(" (").append(String.join(", ", e.aliases())).append(')');
            if (!e.summary().isEmpty()) b.append(": ").append(e.shortSummary());
            b.append("; ").append(f.fixed().map(v -> "fixed in " + v).orElse("no fixed version")).append(" | ");
        }
        if (found.size() > NAMED) b.append("and ").append(found.size() - NAMED).append(" more | ");
        return b.append(MODULE_LEVEL).toString();
    }

    /** "vuln warn policy.txt:3: GO-2024-1234 (CVE-2024-5678) fixed in v1.2.3, ... (module-level match)": short, for a header. */
    private static String warning(PolicyLine line, List<Finding> found) {
        StringBuilder b = new StringBuilder("vuln warn ").append(line.where()).append(": ");
        for (int i = 0; i < Math.min(NAMED, found.size()); i++) {
            Finding f = found.get(i);
            if (i > 0) b.append(", ");
            b.append(f.entry().id());
            if (!f.entry().aliases().isEmpty()) b.append(" (").append(String.join(", ", f.entry().aliases())).append(')');
            b.append(f.fixed().map(v -> " fixed in " + v).orElse(" not fixed"));
        }
        if (found.size() > NAMED) b.append(" and ").append(found.size() - NAMED).append(" more");
        return b.append(" (module-level match)").toString();
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
        if (d.listed() && d.note().isEmpty() || logged.asMap().putIfAbsent(mv, Boolean.TRUE) != null) return;
        String mode = file.mode() == PolicyFile.Mode.DRY_RUN && !d.listed() ? "dry-run, served anyway: " : "";
        log.info("policy {}: {} {}", file.version(), mv, mode + d.explain());
    }
}
