package dev.modgate.cli;

import dev.modgate.config.SettingSpec;
import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The declared settings ({@link Settings}) as picocli options: each command names its transformer here in its
 * {@code @Command(modelTransformer = ...)}, which adds the options of every setting that the table says the command
 * takes; {@link #values} reads them back with the environment and the config file.
 */
final class SettingOptions {
    private SettingOptions() {}

    /** Adds a command's settings; picocli makes one of each subclass below, by class, for its command. */
    private abstract static class ForCommand implements IModelTransformer {
        private final SettingSpec.Command command;

        ForCommand(SettingSpec.Command command) {
            this.command = command;
        }

        @Override public CommandSpec transform(CommandSpec spec) {
            return add(spec, command);
        }
    }

    /** serve's settings. */
    static final class Serve extends ForCommand {
        Serve() { super(SettingSpec.Command.SERVE); }
    }

    /** prefetch's settings. */
    static final class Prefetch extends ForCommand {
        Prefetch() { super(SettingSpec.Command.PREFETCH); }
    }

    /** bundle export's and bundle import's settings. */
    static final class Bundle extends ForCommand {
        Bundle() { super(SettingSpec.Command.BUNDLE); }
    }

    /** policy explain's and report's settings (prefetch's: they ask the same module chain). */
    static final class PolicyExplain extends ForCommand {
        PolicyExplain() { super(SettingSpec.Command.POLICY_EXPLAIN); }
    }

    /** policy requests', approve's, revoke's and approvals' settings. */
    static final class PolicyState extends ForCommand {
        PolicyState() { super(SettingSpec.Command.POLICY_STATE); }
    }

    /** sumdb key's settings. */
    static final class SumDbKey extends ForCommand {
        SumDbKey() { super(SettingSpec.Command.SUMDB_KEY); }
    }

    /** vulndb sync's settings. */
    static final class VulnDbSync extends ForCommand {
        VulnDbSync() { super(SettingSpec.Command.VULNDB_SYNC); }
    }

    /** vulndb import's, vulndb status's and vulndb affected's settings. */
    static final class VulnDb extends ForCommand {
        VulnDb() { super(SettingSpec.Command.VULNDB); }
    }

    static CommandSpec add(CommandSpec spec, SettingSpec.Command command) {
        for (SettingSpec s : Settings.of(command)) spec.addOption(option(s));
        return spec;
    }

    /**
     * The option of a setting. Its value stays null unless given, so that the environment, the config file and the
     * default can be asked next; a boolean is a flag alone (true), as before: Boolean, arity 0.
     */
    static OptionSpec option(SettingSpec s) {
        OptionSpec.Builder b = OptionSpec.builder(s.flag()).description(s.help(), footnote(s));
        if (s.kind() == SettingSpec.Kind.BOOLEAN) return b.type(Boolean.class).build();
        return b.type(String.class).paramLabel(s.label()).build();
    }

    /** The last line of an option's help: its default and the other places it may be set. */
    static String footnote(SettingSpec s) {
        return "Default: " + s.shownDefault() + ". Env: " + s.envName() + (s.inFile() ? "; config file: " + s.name() : "") + ".";
    }

    /** The settings the command was given: its flags, then the environment, then the config file, then the defaults. */
    static SettingValues values(CommandSpec spec, Map<String, String> env) throws IOException {
        Map<String, String> flags = new HashMap<>();
        for (SettingSpec s : Settings.ALL) {
            OptionSpec o = spec.findOption(s.flag());
            if (o != null && o.getValue() != null) flags.put(s.name(), o.getValue().toString());
        }
        return SettingValues.read(flags, env);
    }
}
