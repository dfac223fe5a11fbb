package dev.modgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.config.SettingSpec;
import dev.modgate.config.SettingSpec.Command;
import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every declared setting reaches every command that takes it the same three ways (flag, MODGATE_* variable, config
 * file key), with the same precedence and the same error messages, and --help states it with its default.
 */
class SettingOptionsTest {
    @TempDir Path tmp;

    /** The command lines that take a command's settings (bundle: export and import), each parsed on its own. */
    static List<CommandLine> commandLines(Command command) {
        return switch (command) {
            case SERVE -> List.of(new CommandLine(new ServeCommand()));
            case PREFETCH -> List.of(new CommandLine(new PrefetchCommand()));
            case BUNDLE -> List.of(new CommandLine(new BundleCommand.Export()), new CommandLine(new BundleCommand.Import()));
            case SUMDB_KEY -> List.of(new CommandLine(new SumDbCommand.Key()));
            case POLICY_EXPLAIN -> List.of(new CommandLine(new PolicyCommand.Explain()), new CommandLine(new ReportCommand()));
            case POLICY_STATE -> List.of(new CommandLine(new PolicyCommand.Requests()), new CommandLine(new PolicyCommand.Approve()),
                    new CommandLine(new PolicyCommand.Revoke()), new CommandLine(new PolicyCommand.Approvals()));
            case VULNDB_SYNC -> List.of(new CommandLine(new VulnDbCommand.Sync()));
            case VULNDB -> List.of(new CommandLine(new VulnDbCommand.Import()), new CommandLine(new VulnDbCommand.Status()),
                    new CommandLine(new VulnDbCommand.Affected()));
        };
    }

    /** What a command cannot be parsed without, besides settings. */
    static List<String> required(CommandLine cl) {
        return switch (cl.getCommandName()) {
            case "prefetch", "explain", "approve", "revoke" -> List.of("example.com/m@v1.0.0");
            case "export" -> List.of("-o", "out.tar");
            case "import" -> List.of("in.tar");
            default -> List.of();
        };
    }

    /** A value each kind accepts, and what it reads as. */
    static String good(SettingSpec s) {
        return switch (s.kind()) {
            case DURATION, DURATION_OR_ZERO -> "7s";
            case COUNT -> "7";
            case BOOLEAN -> "true";
            default -> "seven-" + s.name();
        };
    }

    /** The values given in args (flags), env and a config file holding fileLines, as the command reads them. */
    SettingValues values(CommandLine cl, Map<String, String> env, List<String> fileLines, String... args) throws Exception {
        List<String> all = new ArrayList<>(required(cl));
        all.addAll(List.of(args));
        if (!fileLines.isEmpty()) {
            Path conf = Files.write(Files.createTempFile(tmp, "modgate", ".conf"), fileLines);
            all.addAll(List.of("--config", conf.toString()));
        }
        cl.parseArgs(all.toArray(String[]::new));
        return SettingOptions.values(cl.getCommandSpec(), env);
    }

    @Test
    void everySettingIsReachedByFlagEnvironmentAndFileInThatOrder() throws Exception {
        for (Command command : Command.values()) {
            for (CommandLine cl : commandLines(command)) {
                for (SettingSpec s : Settings.of(command)) {
                    if (s == Settings.CONFIG) continue; // read before the others, below
                    String what = cl.getCommandSpec().qualifiedName() + " " + s.flag();
                    String[] flag = s.kind() == SettingSpec.Kind.BOOLEAN ? new String[] {s.flag()} : new String[] {s.flag(), good(s)};
                    String other = s.kind() == SettingSpec.Kind.BOOLEAN ? "false" : s.kind() == SettingSpec.Kind.COUNT ? "9" : s.kind().name().startsWith("DURATION") ? "9s" : "nine";
                    String third = s.kind() == SettingSpec.Kind.BOOLEAN ? "0" : s.kind() == SettingSpec.Kind.COUNT ? "11" : s.kind().name().startsWith("DURATION") ? "11s" : "eleven";
                    Map<String, String> env = Map.of(s.envName(), other);
                    List<String> file = List.of(s.name() + " = " + third);

                    SettingValues v = values(cl, env, file, flag);
                    assertThat(v.text(s)).as(what + ": the flag wins").isEqualTo(good(s));
                    assertThat(v.origin(s)).isEqualTo(s.flag());
                    v = values(cl, env, file);
                    assertThat(v.text(s)).as(what + ": then the environment").isEqualTo(other);
                    assertThat(v.origin(s)).isEqualTo(s.envName());
                    v = values(cl, Map.of(), file);
                    assertThat(v.text(s)).as(what + ": then the config file").isEqualTo(third);
                    assertThat(v.origin(s)).isEqualTo(s.name() + " in the config file");
                    v = values(cl, Map.of(), List.of());
                    assertThat(v.text(s)).as(what + ": then the default").isEqualTo(s.defaultValue());
                    assertThat(v.given(s)).isFalse();
                }
            }
        }
    }

    @Test
    void theConfigFileIsNamedByFlagOrEnvironmentButNotByItself() throws Exception {
        Path conf = Files.writeString(tmp.resolve("a.conf"), "data = from-a\n");
        Path other = Files.writeString(tmp.resolve("b.conf"), "data = from-b\n");
        for (Command command : Command.values()) {
            for (CommandLine cl : commandLines(command)) {
                assertThat(values(cl, Map.of("MODGATE_CONFIG", other.toString()), List.of(), "--config", conf.toString()).text(Settings.DATA)).isEqualTo("from-a");
                values(cl, Map.of(), List.of());
                assertThat(SettingOptions.values(cl.getCommandSpec(), Map.of("MODGATE_CONFIG", other.toString())).text(Settings.DATA)).isEqualTo("from-b");
            }
        }
        Files.writeString(conf, "config = " + other + "\n");
        CommandLine serve = commandLines(Command.SERVE).get(0);
        serve.parseArgs("--config", conf.toString());
        assertThatThrownBy(() -> SettingOptions.values(serve.getCommandSpec(), Map.of())).hasMessageContaining(":1: unknown key \"config\"");
    }

    @Test
    void malformedValuesAreRefusedNamingWhereTheyCameFrom() throws Exception {
        CommandLine serve = commandLines(Command.SERVE).get(0);
        for (SettingSpec s : Settings.of(Command.SERVE)) {
            String bad = switch (s.kind()) {
                case DURATION, DURATION_OR_ZERO -> "-1s";
                case COUNT -> "0";
                case BOOLEAN -> "yes";
                default -> null;
            };
            if (bad == null) continue;
            List<SettingValues> ways = new ArrayList<>();
            if (s.kind() != SettingSpec.Kind.BOOLEAN) ways.add(values(serve, Map.of(), List.of(), s.flag(), bad));
            ways.add(values(serve, Map.of(s.envName(), bad), List.of()));
            ways.add(values(serve, Map.of(), List.of(s.name() + " = " + bad)));
            for (SettingValues v : ways) {
                String origin = v.origin(s);
                String want = switch (s.kind()) {
                    case DURATION -> origin + " must be a positive duration such as 30s, got \"-1s\"";
                    case DURATION_OR_ZERO -> origin + " must not be negative, got \"-1s\"";
                    case COUNT -> origin + " must be a positive whole number, got \"0\"";
                    default -> origin + ": invalid boolean \"yes\" (write true or false; 1, 0, t, f, TRUE, FALSE, True, False are accepted too)";
                };
                assertThatThrownBy(() -> v.value(s)).as(s.flag() + " from " + origin).hasMessage(want);
            }
            if (s.kind() == SettingSpec.Kind.DURATION || s.kind() == SettingSpec.Kind.DURATION_OR_ZERO) {
                SettingValues v = values(serve, Map.of(s.envName(), "5"), List.of());
                assertThatThrownBy(() -> v.value(s)).hasMessage(s.envName() + ": time: missing unit in duration \"5\""
                        + " (durations are written as in Go: 30s, 5m, 1h30m, 500ms; a bare number only as 0)");
            }
        }
    }

    /** Each of serve's settings lands in its own place of the ServerConfig: no two share a value by mistake. */
    @Test
    void serveResolvesEachSettingIntoItsOwnPlace() throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--listen", "127.0.0.1:0", "--data", tmp.resolve("d").toString(), "--upstream", "off",
                "--list-ttl", "1s", "--negative-ttl", "2s", "--connect-timeout", "3s", "--read-timeout", "4s", "--fetch-timeout", "5s",
                "--lock-wait", "6s", "--max-fetches", "7", "--shutdown-timeout", "8s", "--offline", "--private", "p.example",
                "--noproxy", "n.example", "--insecure", "i.example", "--sumdb", "off", "--nosumdb", "s.example", "--sumdb-required",
                "--private-sumdb", "log.example", "--vulndb-url", "file:///v", "--vulndb-sync", "9s");
        var cfg = serve.resolve(Map.of());
        assertThat(cfg.listen()).isEqualTo("127.0.0.1:0");
        assertThat(cfg.dataDir()).isEqualTo(tmp.resolve("d"));
        assertThat(cfg.upstream()).isEqualTo("off");
        assertThat(List.of(cfg.listTtl(), cfg.negativeTtl(), cfg.connectTimeout(), cfg.readTimeout(), cfg.fetchTimeout(), cfg.lockWait()))
                .extracting(java.time.Duration::toSeconds).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(cfg.maxFetches()).isEqualTo(7);
        assertThat(cfg.shutdownTimeout()).hasSeconds(8);
        assertThat(cfg.offline()).isTrue();
        assertThat(cfg.direct().privateModules().matches("p.example/x")).isTrue();
        assertThat(cfg.direct().noproxy().matches("n.example/x")).isTrue();
        assertThat(cfg.direct().noproxy().matches("p.example/x")).isFalse();
        assertThat(cfg.direct().insecure().matches("i.example/x")).isTrue();
        assertThat(cfg.sumdb().publicDb()).isNull();
        assertThat(cfg.sumdb().noSumDb()).isEqualTo("s.example");
        assertThat(cfg.sumdb().required()).isTrue();
        assertThat(cfg.sumdb().privateName()).isEqualTo("log.example");
        assertThat(cfg.vulndbUrl()).isEqualTo("file:///v");
        assertThat(cfg.vulndbSync()).hasSeconds(9);

        // Nothing given: the declared defaults, and the derived ones (noproxy and nosumdb follow private).
        serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--data", tmp.resolve("d").toString());
        cfg = serve.resolve(Map.of("MODGATE_PRIVATE", "p.example"));
        assertThat(cfg.listen()).isEqualTo(Settings.LISTEN.defaultValue());
        assertThat(cfg.lockWait()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(cfg.fetchTimeout()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(cfg.direct().noproxy().matches("p.example/x")).isTrue();
        assertThat(cfg.sumdb().noSumDb()).isEqualTo("p.example");
        assertThat(cfg.sumdb().publicDb().name()).isEqualTo("sum.golang.org");
        assertThat(cfg.sumdb().privateName()).isNull();
        assertThat(cfg.vulndbUrl()).isEqualTo("https://vuln.go.dev");
        assertThat(cfg.vulndbSync()).isZero();
    }

    @Test
    void everyDefaultIsAValidValue() {
        SettingValues defaults = new SettingValues(Map.of(), Map.of(), dev.modgate.config.ConfigFile.Contents.EMPTY);
        for (SettingSpec s : Settings.ALL) {
            if (s.defaultValue() != null) assertThat(defaults.value(s)).as(s.flag()).isNotNull();
            else assertThat(s.shownDefault()).as(s.flag() + ": a derived default is stated").isNotBlank();
        }
    }

    @Test
    void helpListsEverySettingOfTheCommandWithItsDefaultAndWhereElseToSetIt() {
        for (Command command : Command.values()) {
            for (CommandLine cl : commandLines(command)) {
                // Compared without white space: help wraps lines, also inside a URL.
                String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", "");
                for (SettingSpec s : Settings.ALL) {
                    String what = cl.getCommandSpec().qualifiedName() + " --help, " + s.flag();
                    if (!s.commands().contains(command)) {
                        // bundle export has an --offline of its own (the checksum database's tiles), not the setting
                        assertThat(help).as(what + " is not this command's").doesNotContain(SettingOptions.footnote(s).replaceAll("\\s+", ""));
                        continue;
                    }
                    assertThat(help).as(what).contains(s.flag() + (s.label() == null ? "" : "=" + s.label()))
                            .contains(s.help().replaceAll("\\s+", ""))
                            .contains(SettingOptions.footnote(s).replaceAll("\\s+", ""));
                    assertThat(SettingOptions.footnote(s)).contains("Default: " + s.shownDefault() + ".").contains(s.envName());
                }
            }
        }
    }

    @Test
    void namesAreUniqueAndTheConfigFileKnowsExactlyTheFileSettings() {
        assertThat(Settings.ALL.stream().map(SettingSpec::name)).doesNotHaveDuplicates();
        assertThat(Settings.KEYS).doesNotContain("config").hasSize(Settings.ALL.size() - 1);
        assertThat(Settings.BOOLEANS).containsExactly("sumdb-required", "offline");
    }
}
