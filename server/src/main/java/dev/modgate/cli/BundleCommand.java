package dev.modgate.cli;

import dev.modgate.bundle.BundleExporter;
import dev.modgate.bundle.BundleImporter;
import dev.modgate.core.module.PathPatterns;
import dev.modgate.storage.ModuleStore;
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
import picocli.CommandLine.Mixin;
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

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {
                "Writes the .info, .mod and .zip files of a data directory into one tar file (gzip-compressed when FILE ends in .gz or .tgz), "
                    + "with a manifest of every file's SHA-256 and every module version's go.sum hashes.",
                ""})
    static final class Export implements Callable<Integer> {
        @Mixin DataDirOptions dataDir;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Bundle file to write.")
        Path output;

        @Option(names = "--since", paramLabel = "BUNDLE|TIME",
                description = "Only what is new: files not carried by an earlier bundle FILE, or modified after TIME (2026-11-21 or 2026-11-21T10:00:00Z).")
        String since;

        @Parameters(paramLabel = "PATTERN", arity = "0..*",
                description = "Only modules matching these path patterns (GOPRIVATE syntax: example.com/team,*.corp.example). Default: all.")
        List<String> patterns = List.of();

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override public Integer call() throws Exception {
            Instant newerThan = null;
            Set<String> carried = Set.of();
            if (since != null) {
                if (Files.isRegularFile(Path.of(since))) carried = BundleExporter.carriedBy(Path.of(since));
                else newerThan = parseTime(since);
            }
            Path dir = dataDir.dataDir(System.getenv());
            var r = new BundleExporter(dir, PathPatterns.of(String.join(",", patterns)), newerThan, carried).export(output);
            spec.commandLine().getOut().printf("wrote %s: %d module versions, %d files, %d bytes%n", output, r.modules(), r.files(), r.bytes());
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

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {
                "Checks every file of a bundle (SHA-256, module zip rules, go.sum hashes) and, only if all pass, adds them to the data directory. "
                    + "Files already present with the same bytes are skipped; a file present with different bytes is reported as a conflict and kept. "
                    + "Safe to interrupt and run again.",
                ""})
    static final class Import implements Callable<Integer> {
        @Mixin DataDirOptions dataDir;

        @Parameters(paramLabel = "FILE", description = "Bundle file.")
        Path bundle;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override public Integer call() throws Exception {
            if (!Files.isRegularFile(bundle)) throw new IllegalArgumentException("bundle " + bundle + " does not exist");
            ModuleStore store = new ModuleStore(dataDir.dataDir(System.getenv()));
            BundleImporter.Result r;
            try {
                r = new BundleImporter(store).importBundle(bundle);
            } catch (BundleImporter.RefusedException e) {
                spec.commandLine().getErr().println("modgate: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().printf("imported %d files, %d already present, %d conflicts%n", r.imported(), r.unchanged(), r.conflicts().size());
            for (String c : r.conflicts()) spec.commandLine().getErr().println("conflict: " + c);
            return r.conflicts().isEmpty() ? 0 : 1;
        }
    }
}
