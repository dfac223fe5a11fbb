package dev.modgate.cli;

import dev.modgate.bundle.BundleExporter;
import dev.modgate.bundle.BundleImporter;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.config.SumDbSpec;
import dev.modgate.net.Outbound;
import java.time.Duration;
import dev.modgate.sumdb.SumDbExport;
import dev.modgate.core.module.PathPatterns;
import dev.modgate.storage.DirStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bundle",
        mixinStandardHelpOptions = true,
        description = "Carries modules between networks: export a data directory (or part of it) to one file, import it elsewhere.",
        subcommands = {BundleCommand.Export.class, BundleCommand.Import.class})
public final class BundleCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "export", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.Bundle.class,
            description = {
                "Writes the .info, .mod and .zip files of a data directory into one tar file (gzip-compressed when FILE ends in .gz or .tgz), "
                    + "with a manifest of every file's SHA-256 and every module version's go.sum hashes, and the checksum database's data for them "
                    + "(their lookups, the newest verified tree head, the tiles proving the records in it), so that the other side can answer the go command's /sumdb/ requests; "
                    + "and the vulnerability database snapshot in force (modgate vulndb status), whole, unless the --since bundle carried the same one.",
                ""})
    static final class Export implements Callable<Integer> {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Bundle file to write.")
        Path output;

        @Option(names = "--since", paramLabel = "BUNDLE|TIME",
                description = "Only what is new: files not carried by an earlier bundle FILE, or modified after TIME (2026-11-21 or 2026-11-21T10:00:00Z).")
        String since;

        @Option(names = "--offline", description = "Never contact the checksum database. Default: tiles the data directory lacks (to prove a record in the newest tree head) are fetched from it when it can be reached.")
        boolean offline;

        @Parameters(paramLabel = "PATTERN", arity = "0..*",
                description = "Only modules matching these path patterns (GOPRIVATE syntax: example.com/team,*.corp.example). Default: all.")
        List<String> patterns = List.of();

        /** Its options include the settings that Settings declares for bundle (SettingOptions.Bundle). */
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override public Integer call() throws Exception {
            Instant newerThan = null;
            Set<String> carried = Set.of();
            SettingValues settings = SettingOptions.values(spec, System.getenv());
            SumDbSpec db = SumDbSpec.parse(settings.text(Settings.SUMDB));
            byte[] earlierHead = null;
            if (since != null) {
                if (Files.isRegularFile(Path.of(since))) {
                    carried = BundleExporter.carriedBy(Path.of(since));
                    if (db != null) earlierHead = BundleExporter.treeHeadOf(Path.of(since), db.name());
                } else {
                    newerThan = parseTime(since);
                }
            }
            Path dir = DataDirectory.forReading(settings);
            BundleExporter.Result r;
            PolicyCheck policy = PolicyCheck.of(settings, dir);
            // Timeouts as serve's defaults; the environment's proxy settings apply.
            ServerConfig defaults = ServerConfig.builder().build();
            try (Outbound outbound = offline || db == null ? null : new Outbound(defaults.connectTimeout(), defaults.readTimeout(), defaults.fetchTimeout(), 8, System.getenv(),
                    db.addCredentialsTo(dev.modgate.auth.Credentials.NONE))) {
                r = new BundleExporter(dir, PathPatterns.of(String.join(",", patterns)), newerThan, carried).withSumDb(db, earlierHead, outbound)
                        .withPolicy(policy::refusesEnforced).export(output);
            } finally {
                policy.close();
            }
            var out = spec.commandLine().getOut();
            out.printf("wrote %s: %d module versions, %d files, %d bytes%n", output, r.modules(), r.files(), r.bytes());
            if (r.zipsLeftOut() > 0) {
                out.printf("policy: %d zips left out (versions the policy refuses; their .info and .mod are carried, as the server serves them)%n", r.zipsLeftOut());
            }
            if (r.vulndb() != null) {
                out.printf("vulnerability database: snapshot %s (modified %s, %d entries, %d modules)%n", r.vulndb().name(), r.vulndb().modified(),
                        r.vulndb().entries(), r.vulndb().modules());
            } else if (r.vulndbCarriedBefore()) {
                out.printf("vulnerability database: not carried, the --since bundle carried the snapshot in force%n");
            }
            SumDbExport.Result s = r.sumdb();
            if (s != null && s.latest() == null && r.modules() > 0) {
                out.printf("checksum database %s: no data in %s; %d module versions without records (fetched with --sumdb off or the database unreachable)%n",
                        s.name(), dir, s.missing());
            } else if (s != null && s.latest() != null) {
                out.printf("checksum database %s: %d records, %d tiles, tree head of %d records", s.name(), s.records(), s.files().size() - s.records(), s.treeSize());
                if (s.missing() > 0) out.printf("; %d module versions without records (never looked up: --nosumdb, or the database unreachable)", s.missing());
                out.println();
                if (s.unproven() > 0) {
                    out.printf("checksum database %s: the cached tiles do not prove this tree extends %d earlier tree heads; a data directory that remembers one of them will refuse this bundle%n",
                            s.name(), s.unproven());
                }
            }
            return 0;
        }

        private static Instant parseTime(String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw new IllegalArgumentException("--since: \"" + s + "\" is neither an existing bundle file nor a time (2026-11-21 or 2026-11-21T10:00:00Z)");
                }
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.Bundle.class,
            description = {
                "Checks every file of a bundle (SHA-256, module zip rules, go.sum hashes; the checksum database's tree head signature, each record's inclusion, "
                    + "the go.sum hashes against the records, consistency with the tree head the data directory remembers; the vulnerability database snapshot as "
                    + "vulndb import checks a database) and, only if all pass, adds them to the data directory, then switches to the snapshot. "
                    + "Files already present with the same bytes are skipped; a file present with different bytes is reported as a conflict and kept. "
                    + "Safe to interrupt and run again.",
                ""})
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Bundle file.")
        Path bundle;

        @Option(names = "--force-vulndb", description = "Switch to the bundle's vulnerability database snapshot even when it is older than the one in force.")
        boolean forceVulnDb;

        /** Its options include the settings that Settings declares for bundle (SettingOptions.Bundle). */
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override public Integer call() throws Exception {
            if (!Files.isRegularFile(bundle)) throw new IllegalArgumentException("bundle " + bundle + " does not exist");
            SettingValues settings = SettingOptions.values(spec, System.getenv());
            Path dir = DataDirectory.forWriting(settings);
            DirStorage store = new DirStorage(dir);
            BundleImporter.Result r;
            try {
                r = new BundleImporter(store, SumDbSpec.parse(settings.text(Settings.SUMDB))).withForceVulnDb(forceVulnDb).importBundle(bundle);
            } catch (BundleImporter.RefusedException e) {
                spec.commandLine().getErr().println("modgate: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().printf("imported %d files, %d already present, %d conflicts%n", r.imported(), r.unchanged(), r.conflicts().size());
            if (r.sumdb() != null) {
                spec.commandLine().getOut().printf("checksum database %s: %d records and %d tiles verified, tree head of %d records%n",
                        r.sumdb().name(), r.sumdb().records(), r.sumdb().tiles(), r.sumdb().treeSize());
            }
            if (r.sumdbSkipped() != null) {
                spec.commandLine().getOut().printf("checksum database %s: the bundle's data was not imported (--sumdb off)%n", r.sumdbSkipped());
            }
            for (String c : r.conflicts()) spec.commandLine().getErr().println("conflict: " + c);
            boolean older = vulnDb(r.vulndb());
            flagRefused(settings, dir, spec.commandLine().getOut());
            return r.conflicts().isEmpty() && !older ? 0 : 1;
        }

        /** Says what became of the bundle's vulnerability database snapshot; true when it is older and was not switched to. */
        private boolean vulnDb(BundleImporter.VulnDbImport v) {
            if (v == null) return false;
            var c = v.carried();
            if (v.olderThan() != null) {
                spec.commandLine().getErr().printf("modgate: vulnerability database: the bundle's snapshot %s (modified %s) is older than the one in force, %s (modified %s): "
                        + "not switched; give --force-vulndb to go back to it%n", c.name(), c.modified(), v.olderThan().name(), v.olderThan().modified());
                return true;
            }
            if (v.switched()) {
                spec.commandLine().getOut().printf("vulnerability database: switched to %s (modified %s, %d entries, %d modules)%n", c.name(), c.modified(), c.entries(), c.modules());
            } else {
                spec.commandLine().getOut().printf("vulnerability database: %s is in force already%n", c.name());
            }
            return false;
        }

        /**
         * Imported versions the policy refuses are kept and flagged, not refused: they were verified like any other,
         * the server refuses their .zip on every request (stored or not) and still serves their go.mod to the module
         * graph, and an approval or a policy change later makes them usable without importing again.
         */
        private void flagRefused(SettingValues settings, Path dir, java.io.PrintWriter out) throws Exception {
            if (!settings.given(Settings.POLICY)) return;
            List<String> refused = new java.util.ArrayList<>();
            try (PolicyCheck policy = PolicyCheck.of(settings, dir)) {
                for (String name : BundleExporter.carriedBy(bundle)) {
                    var f = dev.modgate.bundle.DataFile.parse(name.substring(0, name.lastIndexOf(' '))).orElse(null);
                    if (f == null || !f.ext().equals("zip")) continue;
                    var mv = new dev.modgate.core.module.ModuleVersion(f.module(), f.version());
                    if (policy.refuses(mv)) refused.add(mv.toString());
                }
            }
            if (refused.isEmpty()) return;
            out.printf("policy: %d imported versions are refused by the policy (kept; the server refuses their .zip until approved or allowed): %s%n",
                    refused.size(), String.join(", ", refused.subList(0, Math.min(20, refused.size()))) + (refused.size() > 20 ? ", ..." : ""));
        }
    }
}
