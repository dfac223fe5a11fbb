package dev.modgate.cli;

import dev.modgate.core.dirhash.GoSum;
import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sum",
        sortOptions = false,
        description = {
            "Prints the go.sum lines (MODULE VERSION h1:... and MODULE VERSION/go.mod h1:...) of module zips and directories.",
            "",
            "A zip is checked as the go command checks a downloaded one: every entry below MODULE@VERSION/, clean relative "
                + "file names the go command accepts, no duplicates or names equal but for case, at most 500 MiB in all, and each "
                + "entry's content exactly its declared size and CRC. MODULE and VERSION come from the first entry unless given. "
                + "The /go.mod line hashes the zip's go.mod, or \"module MODULE\" when it has none.",
            "",
            "A directory is hashed as the zip `modgate zip` would write of it; it needs --module and --version.",
            "",
            "A file that fails prints one line \"modgate: FILE: reason\" on stderr; the others are still summed, and the exit code is 1.",
            ""})
public final class SumCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--module", paramLabel = "PATH", description = "Module path the zips and directories are for (with --version).")
    String module;

    @Option(names = "--version", paramLabel = "VERSION", description = "Version they are for (with --module).")
    String version;

    @Parameters(arity = "1..*", paramLabel = "FILE.zip|DIR", description = "Module zips and module root directories.")
    List<Path> targets;

    @Override public Integer call() {
        if ((module == null) != (version == null)) throw new ParameterException(spec.commandLine(), "--module and --version must be given together");
        ModuleVersion given = module == null ? null : new ModuleVersion(module, version);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = 0;
        for (Path target : targets) {
            try {
                for (GoSum.Line line : sum(target, given)) out.println(line);
            } catch (IOException | RuntimeException e) {
                out.flush();
                err.println("modgate: " + target + ": " + oneLine(e));
                exit = 1;
            }
            out.flush();
            err.flush();
        }
        return exit;
    }

    private static List<GoSum.Line> sum(Path target, ModuleVersion given) throws IOException {
        if (Files.isDirectory(target)) {
            if (given == null) throw new IOException("is a directory: give --module and --version");
            Path zip = Files.createTempFile("modgate-sum-", ".zip");
            try {
                ModuleSums.zipDir(given, target, zip);
                return ModuleSums.ofZip(given, zip);
            } finally {
                Files.deleteIfExists(zip);
            }
        }
        if (!Files.isRegularFile(target)) throw new IOException("no such file or directory");
        return ModuleSums.ofZip(given != null ? given : ModuleSums.moduleOf(target), target);
    }

    /** Every invalid entry is one line of a ZipCheckException; on a terminal each file gets one line. */
    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.strip().replace("\n", "; ");
    }
}
