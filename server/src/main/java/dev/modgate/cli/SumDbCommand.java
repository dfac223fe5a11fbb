package dev.modgate.cli;

import dev.modgate.sumdb.PrivateSumDb;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "sumdb",
        mixinStandardHelpOptions = true,
        description = "modgate's private checksum database (serve --private-sumdb NAME).",
        subcommands = {SumDbCommand.Key.class})
public final class SumDbCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "key",
            mixinStandardHelpOptions = true,
            modelTransformer = SettingOptions.SumDbKey.class,
            description = "Prints the verifier key of the private checksum database in a data directory. Clients set "
                    + "GOSUMDB=\"KEY\" (with GOPROXY pointing at modgate) or GOSUMDB=\"KEY http://modgate/sumdb/NAME\".")
    static final class Key implements Callable<Integer> {
        /** Its options are the settings that Settings declares for sumdb key (SettingOptions.SumDbKey). */
        @Spec CommandSpec spec;

        @Override public Integer call() throws Exception {
            Path dir = DataDirectory.forReading(SettingOptions.values(spec, System.getenv()));
            String key = PrivateSumDb.verifierKey(dir);
            if (key == null) {
                spec.commandLine().getErr().println("modgate: " + dir + " has no private checksum database; it is made when modgate serve --private-sumdb NAME first starts");
                return 1;
            }
            spec.commandLine().getOut().println(key);
            return 0;
        }
    }
}
