package dev.modgate.cli;

import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Failure;
import dev.modgate.policy.Decision;
import dev.modgate.policy.DirPolicyState;
import dev.modgate.policy.LivePolicy;
import dev.modgate.policy.PolicyException;
import dev.modgate.policy.PolicyFile;
import dev.modgate.policy.PolicyGate;
import dev.modgate.policy.Approval;
import dev.modgate.policy.ApprovalEvent;
import dev.modgate.policy.PendingRequest;
import dev.modgate.wiring.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "policy",
        mixinStandardHelpOptions = true,
        description = "The policy gate (serve --policy FILE): check a policy file, explain a decision, review refused requests and grant exceptions.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Explain.class, PolicyCommand.Requests.class, PolicyCommand.Approve.class,
                PolicyCommand.Revoke.class, PolicyCommand.Approvals.class})
public final class PolicyCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** MODULE@VERSION as given on the command line, checked as the go command checks it. */
    static ModuleVersion moduleVersion(String arg) {
        int at = arg.lastIndexOf('@');
        if (at <= 0 || at == arg.length() - 1) throw new IllegalArgumentException("\"" + arg + "\" is not MODULE@VERSION (e.g. golang.org/x/net@v0.30.0)");
        String path = arg.substring(0, at), version = arg.substring(at + 1);
        try {
            ModulePath.check(path, version);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"" + arg + "\": " + e.getMessage());
        }
        if (!ModulePath.isCanonicalVersionOf(path, version)) {
            throw new IllegalArgumentException("\"" + arg + "\": " + version + " is not a canonical version of " + path + " (write it as the go command lists it, e.g. v1.2.0)");
        }
        return new ModuleVersion(path, version);
    }

    /** Who grants or ends an exception, and why: kept in the approvals log. */
    static final class WhoAndWhy {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the approvals log).")
        String reason;

        @Option(names = "--by", paramLabel = "WHO", description = "Who decides (default: the user running this command).")
        String by;

        String who() {
            return by != null && !by.isBlank() ? by.strip() : System.getProperty("user.name", "unknown");
        }

        String why() {
            return reason == null ? "" : reason;
        }
    }

    private static DirPolicyState state(CommandSpec spec) throws java.io.IOException {
        Path dir = DataDirectory.forReading(SettingOptions.values(spec, System.getenv()));
        if (!Files.isDirectory(dir)) throw new java.io.IOException("data directory " + dir.toAbsolutePath() + " does not exist: give --data the directory modgate serve uses");
        return new DirPolicyState(dev.modgate.storage.StateDir.policyIn(dir));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks a policy file: prints what it holds, or the first line that cannot be used (exit 1).")
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The policy file.")
        Path file;

        @Override public Integer call() {
            try {
                PolicyFile f = LivePolicy.read(file);
                spec.commandLine().getOut().println(file + ": ok (version " + f.version() + "): " + f.summary());
                return 0;
            } catch (PolicyException e) {
                spec.commandLine().getErr().println("modgate: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.PolicyExplain.class, sortOptions = false,
            description = {"Prints what the policy decides for MODULE@VERSION and the rule that decided it, as a server with the same settings "
                    + "would: it asks the same module chain (the data directory, then the upstreams) for what the decision needs "
                    + "(the latest go.mod for retractions, the .info Time for cooldown, the webhook).",
                    "Exit status: 0 allowed, 3 refused or held, 1 error."})
    static final class Explain implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "MODULE@VERSION", description = "e.g. golang.org/x/net@v0.30.0")
        String target;

        @Override public Integer call() throws Exception {
            ModuleVersion mv = moduleVersion(target);
            Map<String, String> env = System.getenv();
            SettingValues s = SettingOptions.values(spec, env);
            PrintWriter out = spec.commandLine().getOut();
            if (!s.given(Settings.POLICY)) {
                out.println(mv + ": allowed: no policy file (give --policy FILE, MODGATE_POLICY or policy in the config file)");
                return 0;
            }
            try (Pipeline pipeline = new Pipeline(ServerSettings.config(s, null).listen("127.0.0.1:0").shutdownTimeout(Duration.ZERO).build(), env)) {
                PolicyGate gate = pipeline.policy().gate();
                PolicyFile f = gate.file();
                Decision listing = gate.forListing(mv);
                Decision download = gate.forDownload(mv, "zip", "modgate policy explain");
                boolean dryRun = f.mode() == PolicyFile.Mode.DRY_RUN;
                out.println(mv + ": " + download.explain());
                out.println("  .zip:           " + (download.downloadable() ? "served" : dryRun ? "served (dry-run: would be refused with 403)" : "refused with 403"));
                out.println("  @v/list/@latest: " + (listing.listed() ? "listed" : dryRun ? "listed (dry-run: would be left out)" : "left out"));
                out.println("  .info and .mod: served (the module graph needs them)");
                out.println("  policy " + f.name() + " version " + f.version() + (dryRun ? " (mode dry-run)" : ""));
                return download.downloadable() ? 0 : 3;
            } catch (Failure e) {
                spec.commandLine().getErr().println("modgate: cannot decide about " + mv + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "requests", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.PolicyState.class,
            description = "Lists refused requests that have no approval in force: module@version, the rule, when, how often, which clients.")
    static final class Requests implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (DirPolicyState state = state(spec)) {
                List<PendingRequest> pending = state.pending(Instant.now());
                if (pending.isEmpty()) out.println("no pending requests");
                for (PendingRequest r : pending) {
                    out.printf("%s  %s%s  %d request(s), first %s, last %s, from %s%n", r.mv(), r.rule(),
                            r.reason().isEmpty() ? "" : " (" + r.reason() + ")", r.count(), r.first(), r.last(), String.join(", ", r.clients()));
                }
            }
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.PolicyState.class, sortOptions = false,
            description = "Grants an exception: MODULE@VERSION is allowed whatever the policy says, until revoked or --until. Running "
                    + "servers on the data directory apply it within a second; it is logged with who, when and why.")
    static final class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "MODULE@VERSION") String target;

        @Option(names = "--until", paramLabel = "TIME", description = "When the exception ends: an RFC 3339 time (2027-01-31T00:00:00Z) or a duration from now (7d, 36h).")
        String until;

        @Mixin WhoAndWhy who;

        @Override public Integer call() throws Exception {
            ModuleVersion mv = moduleVersion(target);
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Instant end = until == null ? null : time(until, now);
            try (DirPolicyState state = state(spec)) {
                state.approve(new Approval(mv, end, who.why(), who.who(), now));
            }
            spec.commandLine().getOut().println("approved " + mv + (end == null ? "" : " until " + end) + " by " + who.who()
                    + " (servers on this data directory apply it within a second)");
            return 0;
        }

        static Instant time(String s, Instant now) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                // not a time: a duration from now
            }
            Duration d;
            try {
                d = PolicyFile.duration(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--until " + s + ": give an RFC 3339 time (2027-01-31T00:00:00Z) or a duration such as 7d or 36h");
            }
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("--until " + s + ": the exception would end before it starts");
            return now.plus(d);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.PolicyState.class, sortOptions = false,
            description = "Ends an exception granted by approve; the policy decides MODULE@VERSION again (within a second in running servers).")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "MODULE@VERSION") String target;

        @Mixin WhoAndWhy who;

        @Override public Integer call() throws Exception {
            ModuleVersion mv = moduleVersion(target);
            try (DirPolicyState state = state(spec)) {
                if (state.approval(mv, Instant.now()).isEmpty()) {
                    spec.commandLine().getErr().println("modgate: " + mv + " has no approval in force; nothing to revoke (see modgate policy approvals)");
                    return 1;
                }
                state.revoke(mv, who.who(), who.why(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            }
            spec.commandLine().getOut().println("revoked the approval of " + mv + " by " + who.who());
            return 0;
        }
    }

    @Command(name = "approvals", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.PolicyState.class,
            description = "Prints the approvals log, oldest first: every approve and revoke with who, when, why and until when.")
    static final class Approvals implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (DirPolicyState state = state(spec)) {
                List<ApprovalEvent> log = state.approvalLog();
                if (log.isEmpty()) out.println("no approvals");
                for (ApprovalEvent e : log) {
                    out.printf("%s  %s %s by %s%s%s%n", e.at(), e.action(), e.mv(), e.by(), e.until() == null ? "" : " until " + e.until(),
                            e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason());
                }
            }
            return 0;
        }
    }
}
