package dev.modgate.cli;

import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Failure;
import dev.modgate.policy.Decision;
import dev.modgate.policy.PolicyFile;
import dev.modgate.policy.PolicyGate;
import dev.modgate.prefetch.LocalFetcher;
import dev.modgate.prefetch.PrefetchInputs;
import dev.modgate.prefetch.RemoteFetcher;
import dev.modgate.report.Decisions;
import dev.modgate.report.JsonReport;
import dev.modgate.report.ModuleReport;
import dev.modgate.report.PolicyVerdict;
import dev.modgate.report.Report;
import dev.modgate.report.ReportBuilder;
import dev.modgate.report.SarifReport;
import dev.modgate.report.ServerDecisions;
import dev.modgate.report.ServerHttp;
import dev.modgate.report.ServerVulnDb;
import dev.modgate.report.TextReport;
import dev.modgate.vuln.Snapshot;
import dev.modgate.vuln.VulnIndex;
import dev.modgate.wiring.Pipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report",
        mixinStandardHelpOptions = true,
        modelTransformer = SettingOptions.PolicyExplain.class,
        sortOptions = false,
        description = {
            "Reports on every module of a project's build list (computed as prefetch computes it: minimal version selection "
                + "over the go.mod files, with replace, exclude and graph pruning): the version used, the newest version the "
                + "proxy lists (a modgate with a policy lists only allowed ones), whether the module's latest go.mod retracts "
                + "the version or deprecates the module, the vulnerability database's entries affecting the version (a "
                + "module-level match: govulncheck may find the vulnerable symbols unused), and the policy's decision on its "
                + ".zip, and the SPDX ids of the version's root licence files as pkg.go.dev finds them (with --data only: the "
                + "zip is fetched through the module chain and read; UNKNOWN for a file under 75% licence text).",
            "",
            "With --data (default) it asks the module chain of this process, as policy explain does (the data directory, "
                + "then the upstreams; the policy of --policy; the vulnerability database snapshot in force). With --server "
                + "it asks a running modgate over HTTP: @v/list, the latest .mod, /vulndb/, and a HEAD on each .zip for the "
                + "decision (its X-Modgate-Policy header and status).",
            "",
            "--format json writes one object: report_version (1), source, policy (null when none or not known), vulndb "
                + "(null when none), vuln_match (\"module-level\"), modules (each: path, version, "
                + "newest, outdated, retracted, retraction (the rationale, or null), deprecated (the notice, or null), "
                + "vulnerabilities (each: id, aliases, summary, fixed (or null)), policy (verdict: allow, hide, hold, deny or "
                + "none; rule; text; enforced: false in dry-run mode), denied, licences (SPDX ids; null through --server), errors), summary (modules, denied, vulnerable, "
                + "retracted, deprecated, outdated, errors). --format sarif writes SARIF 2.1.0: one result per finding, ruleId "
                + "the vulnerability's ID or policy, retracted, deprecated; level error for denied, warning otherwise.",
            "",
            "Exit status: 0, or 1 when a module is denied (or held) by the policy in force, or its decision could not be "
                + "had (so CI fails closed); 2 on a usage error.",
            ""})
public final class ReportCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    @Option(names = "--server", paramLabel = "URL", description = "Ask a running modgate at URL instead of this process's module chain (no --data, no --policy then).")
    String server;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (a table and a summary), json or sarif (default text).")
    Format format = Format.text;

    @Option(names = {"-j", "--concurrency"}, paramLabel = "N", description = "Modules looked into at once (default 8).")
    int concurrency = 8;

    /** Its options include policy explain's settings (SettingOptions.PolicyExplain): it asks the same module chain. */
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "go.mod, go.work, go.sum, a directory (searched for them), or module@version; default: the current directory.")
    List<String> inputs;

    @Override public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<String> args = inputs == null || inputs.isEmpty() ? List.of(".") : inputs;
        PrefetchInputs in;
        try {
            in = PrefetchInputs.of(args);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (in.isEmpty()) return usage(String.join(" ", args) + ": no go.mod, go.work or go.sum found: give the project's directory or go.mod");
        if (server != null) {
            for (String flag : List.of(Settings.DATA.flag(), Settings.POLICY.flag())) {
                if (spec.findOption(flag).getValue() != null) return usage(flag + " with --server: the server's own data and policy are the ones asked; give one or the other");
            }
        }
        Report report;
        try {
            report = server != null ? fromServer(in) : fromData(in);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case text -> TextReport.write(report, out);
            case json -> JsonReport.write(report, out);
            case sarif -> SarifReport.write(report, location(in), out);
        }
        out.flush();
        boolean undecided = report.modules().stream().anyMatch(m -> m.policy().verdict().equals("unknown"));
        if (undecided) err.println("modgate: the policy's decision on some modules could not be had (see their errors): failing, as a denial would");
        return report.denied() > 0 || undecided ? 1 : 0;
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("modgate report: " + message);
        return 2;
    }

    private Report fromServer(PrefetchInputs in) throws Exception {
        try (RemoteFetcher remote = new RemoteFetcher(server, Duration.ofMinutes(10)); ServerHttp http = new ServerHttp(server, Duration.ofMinutes(10))) {
            remote.checkReachable();
            ServerVulnDb db = ServerVulnDb.read(http);
            VulnIndex index = db == null ? VulnIndex.none() : db.index(http);
            List<ModuleVersion> buildList = ReportBuilder.buildList(remote, in);
            List<ModuleReport> rows = new ReportBuilder(remote, index, new ServerDecisions(http), dev.modgate.report.Licences.UNKNOWN, concurrency).rows(buildList);
            return new Report("server " + http.base(), db == null ? null : db.describe(), null, rows);
        }
    }

    private Report fromData(PrefetchInputs in) throws Exception {
        Map<String, String> env = System.getenv();
        SettingValues s = SettingOptions.values(spec, env);
        Pipeline pipeline = new Pipeline(ServerSettings.config(s, null).listen("127.0.0.1:0").shutdownTimeout(Duration.ZERO).build(), env);
        try (LocalFetcher fetcher = new LocalFetcher(pipeline.modules(), pipeline)) {
            Decisions decisions = Decisions.NONE;
            String policy = null;
            if (s.given(Settings.POLICY)) {
                PolicyGate gate = pipeline.policy().gate(); // one policy version for the whole report
                PolicyFile f = gate.file();
                boolean enforced = f.mode() == PolicyFile.Mode.ENFORCE;
                policy = f.name() + " version " + f.version() + (enforced ? "" : " (mode dry-run)");
                decisions = mv -> verdict(gate, mv, enforced);
            }
            Snapshot snapshot = pipeline.vulnDb().inForce();
            VulnIndex index = pipeline.vulnDb().index();
            List<ModuleVersion> buildList = ReportBuilder.buildList(fetcher, in);
            List<ModuleReport> rows = new ReportBuilder(fetcher, index, decisions, pipeline.policy()::rootLicences, concurrency).rows(buildList);
            return new Report("data " + DataDirectory.forReading(s).toAbsolutePath(), snapshot == null ? null : "snapshot " + snapshot.name(), policy, rows);
        }
    }

    /** The gate's decision on the .zip, as policy explain makes it. */
    private static PolicyVerdict verdict(PolicyGate gate, ModuleVersion mv, boolean enforced) throws IOException {
        Decision d;
        try {
            d = gate.forDownload(mv, "zip", "modgate report");
        } catch (Failure e) {
            throw new IOException(e.getMessage(), e);
        }
        return new PolicyVerdict(d.verdict().name().toLowerCase(java.util.Locale.ROOT), d.rule(), d.explain(), enforced);
    }

    /** The first file the build list was read from, relative to here when below it: where SARIF results point. */
    static String location(PrefetchInputs in) {
        return Stream.of(in.goMods(), in.goWorks(), in.goSums()).flatMap(List::stream).findFirst().map(p -> {
            Path abs = p.toAbsolutePath().normalize(), here = Path.of("").toAbsolutePath();
            return abs.startsWith(here) ? here.relativize(abs).toString().replace('\\', '/') : abs.toUri().toString();
        }).orElse(null);
    }
}
