package dev.modgate.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One setting as declared in {@link Settings}: everything the command line, the environment, the config file, the
 * help and the README say about it comes from here, so that none of them can drift from the others.
 *
 * @param name         the flag without its dashes, which is also the config-file key ("list-ttl")
 * @param kind         how a value is read and checked
 * @param label        the placeholder in help ("DURATION", "HOST:PORT"); none for a boolean
 * @param defaultValue the value when nothing is given, as it would be written; null when the default is derived
 *                     (from another setting or the environment) or there is none
 * @param shownDefault the default as help and the README state it ("60s", "none", "--private", "$NETRC, else ~/.netrc")
 * @param inFile       whether the config file may set it (not so for --config itself)
 * @param commands     the commands that take it
 * @param help         what it does, every effect it has, in sentences
 */
public record SettingSpec(String name, Kind kind, String label, String defaultValue, String shownDefault, boolean inFile,
                          Set<Command> commands, String help) {

    /** How a value is read; each kind refuses a malformed value with a message naming where it came from. */
    public enum Kind {
        /** Go's time.ParseDuration, greater than zero: a zero timeout would mean "fail at once", not "none". */
        DURATION("DURATION"),
        /** Go's time.ParseDuration, zero or more (0: always ask again). */
        DURATION_OR_ZERO("DURATION"),
        /** A whole number greater than zero. */
        COUNT("N"),
        /** Go's strconv.ParseBool; a flag without a value and a config-file key alone mean true. */
        BOOLEAN(null),
        /** Comma-separated module path patterns, as GOPRIVATE. */
        PATTERNS("PATTERNS"),
        FILE("FILE"),
        DIRECTORY("DIR"),
        /** Anything else, checked by the code that reads it (addresses, GOPROXY and GOSUMDB lists, names). */
        TEXT(null);

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The commands settings are given to. */
    public enum Command {
        SERVE("serve"), PREFETCH("prefetch"), BUNDLE("bundle export, bundle import"), SUMDB_KEY("sumdb key"), POLICY_EXPLAIN("policy explain, report"),
        POLICY_STATE("policy requests, policy approve, policy revoke, policy approvals"), VULNDB_SYNC("vulndb sync"),
        VULNDB("vulndb import, vulndb status, vulndb affected");

        private final String shown;

        Command(String shown) {
            this.shown = shown;
        }

        /** The command line's words for it, as help and the README write them. */
        public String shown() {
            return shown;
        }
    }

    public SettingSpec {
        commands = Set.copyOf(commands);
        if (!name.matches("[a-z]+(-[a-z]+)*")) throw new IllegalArgumentException("setting name " + name + ": lower-case words joined by -");
        if ((label == null) != (kind == Kind.BOOLEAN)) throw new IllegalArgumentException("setting " + name + ": a value's placeholder, and none for a boolean");
    }

    /** The flag: "--list-ttl". */
    public String flag() {
        return "--" + name;
    }

    /** The environment variable: MODGATE_ and the name in upper case with _ for -. */
    public String envName() {
        return "MODGATE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Starts a declaration; {@link Builder#help} ends it. */
    static Builder named(String name, Kind kind) {
        return new Builder(name, kind);
    }

    static final class Builder {
        private final String name;
        private final Kind kind;
        private String label;
        private String defaultValue;
        private String shownDefault = "none";
        private boolean inFile = true;
        private Set<Command> commands = EnumSet.noneOf(Command.class);

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
            this.label = kind.label;
        }

        Builder label(String l) {
            label = l;
            return this;
        }

        /** A default written as a value would be: it is parsed and checked like one. */
        Builder byDefault(String value) {
            defaultValue = value;
            shownDefault = value;
            return this;
        }

        /** A default the code derives (from another setting, the environment), stated for help and the README. */
        Builder derivedDefault(String shown) {
            defaultValue = null;
            shownDefault = shown;
            return this;
        }

        Builder notInFile() {
            inFile = false;
            return this;
        }

        Builder takenBy(Command first, Command... rest) {
            commands = EnumSet.of(first, rest);
            return this;
        }

        SettingSpec help(String... sentences) {
            return new SettingSpec(name, kind, label, defaultValue, shownDefault, inFile, commands, String.join(" ", sentences));
        }
    }
}
