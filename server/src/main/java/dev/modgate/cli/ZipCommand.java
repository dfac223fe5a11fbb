package dev.modgate.cli;

import dev.modgate.core.dirhash.GoSum;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "zip",
        sortOptions = false,
        description = {
            "Writes the module zip of DIR, as the go command would make it for PATH@VERSION, and prints its two go.sum lines.",
            "",
            "Files are chosen as the go command's zip.CreateFromDir chooses them: VCS directories (.git, .hg, .svn, .bzr), "
                + "nested modules (directories with their own go.mod), vendored packages and symbolic links are left out; "
                + "a file name the go command rejects, two names equal but for case, or a tree over 500 MiB fails the command. "
                + "From \"go 1.24\" on in DIR/go.mod, vendor/modules.txt is left out too.",
            "",
            "The second go.sum line hashes DIR/go.mod, or \"module PATH\" when DIR has none (what the go command serves as .mod then).",
            "",
            "OUT.zip defaults to PATH@VERSION.zip in the current directory, with PATH case-encoded as in proxy URLs "
                + "(upper-case letters as ! and the lower-case letter) and each / as _, for example:",
            "  example.com/Foo/bar v1.0.0 -> example.com_!foo_bar@v1.0.0.zip",
            ""})
public final class ZipCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--module", required = true, paramLabel = "PATH", description = "Module path, e.g. example.com/m/v2.")
    String module;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "Canonical semantic version, e.g. v2.1.0.")
    String version;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.zip",
            description = "Zip file to write (default: see above). Replaced only once complete; left out of the zip if inside DIR.")
    Path output;

    @Parameters(index = "0", paramLabel = "DIR", description = "The module's root directory.")
    Path dir;

    @Override public Integer call() throws IOException {
        ModuleVersion mv = new ModuleVersion(module, version);
        Path out = output != null ? output : Path.of(ModuleSums.defaultZipName(mv));
        ModuleSums.zipDir(mv, dir, out);
        PrintWriter err = spec.commandLine().getErr();
        warnOnModuleLine(mv, err);
        err.println("modgate: wrote " + out);
        err.flush();
        PrintWriter stdout = spec.commandLine().getOut();
        for (GoSum.Line line : ModuleSums.ofZip(mv, out)) stdout.println(line);
        stdout.flush();
        return 0;
    }

    /** A go.mod naming another module makes the go command refuse the version; worth saying before it is published. */
    private void warnOnModuleLine(ModuleVersion mv, PrintWriter err) throws IOException {
        Path goMod = dir.resolve("go.mod");
        if (!Files.isRegularFile(goMod)) return;
        String declared = ModFile.scanModulePath(Files.readAllBytes(goMod));
        if (!declared.equals(mv.path())) {
            err.println("modgate: warning: " + goMod + " declares module \"" + declared + "\", not " + mv.path()
                    + "; the go command will refuse " + mv + " unless it is used through a replace directive");
        }
    }
}
