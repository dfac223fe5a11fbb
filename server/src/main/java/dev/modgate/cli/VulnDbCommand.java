package dev.modgate.cli;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.Netrc;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.net.Outbound;
import dev.modgate.net.Userinfo;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.StateDir;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.vuln.Affects;
import dev.modgate.vuln.OsvEntry;
import dev.modgate.vuln.Snapshot;
import dev.modgate.vuln.VulnDbSnapshots;
import dev.modgate.vuln.VulnDbSync;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "vulndb",
        mixinStandardHelpOptions = true,
        description = "The Go vulnerability database in the data directory, served to govulncheck at /vulndb/ "
                + "(govulncheck -db http://MODGATE/vulndb): sync it from a server, import the bulk vulndb.zip, show the snapshots, "
                + "list the stored module versions that new entries affect.",
        subcommands = {VulnDbCommand.Sync.class, VulnDbCommand.Import.class, VulnDbCommand.Status.class, VulnDbCommand.Affected.class})
public final class VulnDbCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static VulnDbSnapshots snapshots(Path dataDir) {
        return new VulnDbSnapshots(StateDir.vulndbIn(dataDir), DirStorage.DEFAULT_LOCK_WAIT);
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.VulnDbSync.class, sortOptions = false,
            description = "Brings the data directory's snapshot up to a vulnerability database (https://, http:// or file://): reads "
                    + "index/db.json, and when it changed both indexes and only the entries whose modified time changed; checks the whole "
                    + "and switches to it. Prints what it did.")
    static final class Sync implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--from", paramLabel = "URL", description = "The database to sync from. Default: --vulndb-url (https://vuln.go.dev).")
        String from;

        @Option(names = "--force", description = "Switch even to a database older than the snapshot in force.")
        boolean force;

        @Override public Integer call() throws Exception {
            Map<String, String> env = System.getenv();
            SettingValues s = SettingOptions.values(spec, env);
            Path dir = DataDirectory.forWriting(s);
            String url = from != null ? from : s.text(Settings.VULNDB_URL);
            var base = VulnDbSync.parse(url);
            if (s.given(Settings.NETRC)) StartupChecks.named(s.path(Settings.NETRC), s.origin(Settings.NETRC), false);
            Path netrc = s.given(Settings.NETRC) ? s.path(Settings.NETRC) : DirectConfig.defaultNetrc(s.env());
            Credentials credentials = new Credentials(DirectConfig.builder().tables(s.tables()).build().credentials(),
                    netrc == null ? Map.of() : Netrc.read(netrc));
            try (Outbound outbound = new Outbound(s.duration(Settings.CONNECT_TIMEOUT), s.duration(Settings.READ_TIMEOUT),
                    s.duration(Settings.FETCH_TIMEOUT), 8, env, VulnDbSync.credentialsFor(url, credentials))) {
                VulnDbSync.Result r = new VulnDbSync(snapshots(dir), outbound).sync(base, force);
                spec.commandLine().getOut().println("vulndb sync from " + Userinfo.redactUrl(url) + ": " + r.summary());
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.VulnDb.class, sortOptions = false,
            description = "Makes a snapshot of the bulk vulnerability database (https://vuln.go.dev/vulndb.zip, carried across an air gap) "
                    + "and switches to it, once every member passed the checks.")
    static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "FILE.zip", description = "The vulndb.zip.")
        Path zip;

        @Option(names = "--force", description = "Switch even to a database older than the snapshot in force.")
        boolean force;

        @Override public Integer call() throws Exception {
            Path dir = DataDirectory.forWriting(SettingOptions.values(spec, System.getenv()));
            VulnDbSync.Result r = new VulnDbSync(snapshots(dir), null).importZip(zip, force);
            spec.commandLine().getOut().println("vulndb import " + zip.getFileName() + ": " + r.summary());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.VulnDb.class, sortOptions = false,
            description = "Shows the snapshot in force (its database's modified time, entries, modules) and the previous ones kept. "
                    + "Exit status 1 when there is none.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override public Integer call() throws Exception {
            Path dir = DataDirectory.forReading(SettingOptions.values(spec, System.getenv()));
            PrintWriter out = spec.commandLine().getOut();
            VulnDbSnapshots snapshots = snapshots(dir);
            Snapshot current = Files.isDirectory(dir) ? snapshots.current().orElse(null) : null;
            if (current == null) {
                spec.commandLine().getErr().println("modgate: " + dir + " has no vulnerability database snapshot: run modgate vulndb sync or import");
                return 1;
            }
            out.println("in force: " + line(current));
            List<Snapshot> all = snapshots.all();
            for (Snapshot s : all) if (!s.name().equals(current.name())) out.println("kept:     " + line(s));
            out.println("served at /vulndb/ by modgate serve on this data directory (" + snapshots.root() + ")");
            return 0;
        }

        private static String line(Snapshot s) {
            return s.name() + "  modified " + s.modified() + ", " + s.entryCount() + " entries, " + s.moduleCount() + " modules";
        }
    }

    @Command(name = "affected", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.VulnDb.class, sortOptions = false,
            description = "Lists the module versions stored in the data directory (those whose .zip is) that the entries new or modified in "
                    + "the snapshot in force affect, compared with the kept snapshot before it (or --since SNAPSHOT): one line each, "
                    + "GO-ID (aliases)  module@version  fixed in vX, then a summary. A module-level match, as the policy's vuln rules make it: "
                    + "govulncheck, which looks at the code called, may find a version unaffected. "
                    + "Exit status 0 when none is affected, 1 when some are, 2 when it cannot tell (no snapshot, an unknown --since).")
    static final class Affected implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--since", paramLabel = "SNAPSHOT", description = "Compare with this kept snapshot (a name modgate vulndb status shows). "
                + "Default: the kept snapshot before the one in force; every entry when there is none.")
        String since;

        @Override public Integer call() {
            try {
                return list();
            } catch (Exception e) {
                spec.commandLine().getErr().println("modgate: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                return 2;
            }
        }

        private int list() throws Exception {
            Path dir = DataDirectory.forReading(SettingOptions.values(spec, System.getenv()));
            PrintWriter out = spec.commandLine().getOut();
            VulnDbSnapshots snapshots = snapshots(dir);
            Snapshot current = Files.isDirectory(dir) ? snapshots.current().orElse(null) : null;
            if (current == null) throw new IllegalStateException(dir + " has no vulnerability database snapshot: run modgate vulndb sync or import");
            Snapshot earlier;
            if (since != null) {
                earlier = snapshots.named(since).orElseThrow(() -> new IllegalArgumentException("--since: " + since + " is not a snapshot kept in "
                        + snapshots.root() + ": give one that modgate vulndb status shows"));
                if (earlier.name().equals(current.name())) throw new IllegalArgumentException("--since: " + since + " is the snapshot in force: give an earlier one");
            } else {
                earlier = snapshots.before(current).orElse(null);
            }
            Snapshot.Changes changes = current.changesSince(earlier);
            out.println("entries new or modified in " + current.name() + " since " + (earlier == null ? "nothing (no earlier snapshot kept: all of them)" : earlier.name())
                    + ": " + changes.entries().size() + "; stored versions they affect (module-level match: govulncheck may find the vulnerable code unreachable):");
            for (var bad : changes.unreadable().entrySet()) spec.commandLine().getErr().println("modgate: " + bad.getKey() + " not read: " + bad.getValue());

            DirStorage store = new DirStorage(dir);
            Set<String> stored = new HashSet<>(store.modules());
            Set<ModuleVersion> affected = new HashSet<>();
            Set<String> entries = new HashSet<>();
            for (OsvEntry e : changes.entries()) {
                Set<String> seen = new HashSet<>();
                for (OsvEntry.Affected a : e.affected()) {
                    String p = a.module().path();
                    String module = p.equals(Affects.STDLIB) || p.equals(Affects.TOOLCHAIN) ? Affects.TOOLCHAIN_MODULE : p;
                    if (!stored.contains(module) || !seen.add(module)) continue;
                    for (String v : store.versions(module, ArtifactKind.ZIP)) {
                        ModuleVersion mv = new ModuleVersion(module, v);
                        if (!Affects.affects(e, mv)) continue;
                        String aliases = e.aliases().isEmpty() ? "" : " (" + String.join(", ", e.aliases()) + ")";
                        out.println(e.id() + aliases + "  " + mv + "  " + Affects.fixedIn(e, mv).map(f -> "fixed in " + f).orElse("no fix"));
                        affected.add(mv);
                        entries.add(e.id());
                    }
                }
            }
            out.println(affected.isEmpty() ? "no stored module version is affected"
                    : affected.size() + " stored module versions affected, by " + entries.size() + " of the " + changes.entries().size() + " entries");
            return affected.isEmpty() ? 0 : 1;
        }
    }
}
