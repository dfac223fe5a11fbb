package dev.modgate.report;

import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.modfile.ModFileException;
import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.prefetch.ModuleFetcher;
import dev.modgate.prefetch.PrefetchInputs;
import dev.modgate.prefetch.PrefetchPlanner;
import dev.modgate.prefetch.PrefetchRunner;
import dev.modgate.vuln.Affects;
import dev.modgate.vuln.OsvEntry;
import dev.modgate.vuln.VulnIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Finds out, for each module of a build list, what the report shows. What cannot be found out for one module (its
 * list, its latest go.mod, the policy's answer) is noted in its row; the other rows and columns stand.
 */
public final class ReportBuilder {
    private final ModuleFetcher fetcher;
    private final VulnIndex vulns;
    private final Decisions decisions;
    private final Licences licences;
    private final int concurrency;

    public ReportBuilder(ModuleFetcher fetcher, VulnIndex vulns, Decisions decisions, Licences licences, int concurrency) {
        this.fetcher = fetcher;
        this.vulns = vulns;
        this.decisions = decisions;
        this.licences = licences;
        this.concurrency = Math.max(1, concurrency);
    }

    /**
     * The build list as prefetch computes it ({@link PrefetchPlanner}): the module versions whose zips
     * {@code go mod download all} fetches, sorted by path and version.
     */
    public static List<ModuleVersion> buildList(ModuleFetcher fetcher, PrefetchInputs in) throws IOException {
        return new PrefetchPlanner(fetcher).plan(in).stream().filter(PrefetchRunner.Job::zip)
                .map(j -> new ModuleVersion(j.path(), j.version())).toList();
    }

    /** One row per module version, in the order given; a few modules at a time (each row is a few requests). */
    public List<ModuleReport> rows(List<ModuleVersion> buildList) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<Future<ModuleReport>> rows = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ModuleVersion mv : buildList) {
                slots.acquire();
                rows.add(pool.submit(() -> {
                    try {
                        return row(mv);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<ModuleReport> out = new ArrayList<>(rows.size());
        for (Future<ModuleReport> f : rows) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("report on a module failed: " + e.getCause(), e.getCause()); // row() catches what it expects
            }
        }
        return out;
    }

    /** The row of one module version. */
    public ModuleReport row(ModuleVersion mv) {
        List<String> errors = new ArrayList<>();
        String newest = newest(mv.path(), errors);
        String retraction = null, deprecated = null;
        if (newest != null) {
            try {
                // As modload's checkRetractions and checkDeprecations: the go.mod of the latest version, retractions ignored.
                ModFile latest = ModFile.parseLax("go.mod", fetcher.goMod(mv.path(), newest));
                for (ModFile.Retract r : latest.retracts()) {
                    if (Semver.compare(r.interval().low(), mv.version()) <= 0 && Semver.compare(mv.version(), r.interval().high()) <= 0) {
                        retraction = r.rationale();
                        break;
                    }
                }
                if (!latest.deprecated().isEmpty()) deprecated = latest.deprecated();
            } catch (IOException | ModFileException e) {
                errors.add("go.mod of " + mv.path() + "@" + newest + " (for retractions and deprecation): " + e.getMessage());
            }
        }
        List<ModuleReport.Vulnerability> found = new ArrayList<>();
        try {
            for (OsvEntry e : vulns.affecting(mv)) {
                found.add(new ModuleReport.Vulnerability(e.id(), e.aliases(), e.shortSummary(), Affects.fixedIn(e, mv).orElse(null)));
            }
        } catch (RuntimeException e) {
            errors.add("vulnerability database: " + message(e));
        }
        PolicyVerdict policy;
        try {
            policy = decisions.decide(mv);
        } catch (IOException | RuntimeException e) {
            errors.add("policy: " + message(e));
            policy = new PolicyVerdict("unknown", "", message(e), true);
        }
        List<String> licence = null;
        try {
            licence = licences.of(mv);
        } catch (Exception e) {
            errors.add("licences: " + message(e));
        }
        return new ModuleReport(mv.path(), mv.version(), newest, retraction, deprecated, found, policy, licence, errors);
    }

    /**
     * The newest version listed, as the go command picks {@code @latest} from a list (the highest release, else the
     * highest pre-release); only when the list is empty, the proxy's {@code @latest} (a pseudo-version). Null when
     * neither answers.
     */
    private String newest(String path, List<String> errors) {
        try {
            var listed = LatestVersion.tagged(fetcher.versions(path));
            if (listed.isPresent()) return listed.get();
        } catch (IOException e) {
            errors.add("version list: " + e.getMessage());
            return null;
        }
        try {
            return fetcher.latest(path);
        } catch (ModuleFetcher.PermanentException e) {
            return null; // nothing listed and no @latest: nothing newer to say
        } catch (IOException e) {
            errors.add("@latest: " + e.getMessage());
            return null;
        }
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
