package dev.modgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "modgate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A self-hosted Go module proxy: pull-through cache of GOPROXY upstreams, byte-exact with the go command.",
        subcommands = {ServeCommand.class, PrefetchCommand.class, BundleCommand.class, PolicyCommand.class, ReportCommand.class, ZipCommand.class, SumCommand.class, SumDbCommand.class, VulnDbCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("modgate: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"modgate " + (v == null ? "dev" : v)};
        }
    }
}
