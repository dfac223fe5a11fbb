package dev.modgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.testing.Cli;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Mistakes an operator makes when starting modgate: each is refused at start with one line that says what is
 * wrong and what to do (no path alone, no class name, no stack trace), and a non-zero exit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a mistake not caught would start the server and wait for ever
class StartupErrorsTest {
    static final String USER = System.getProperty("user.name");

    @TempDir Path tmp;

    /** Runs the command line, expects it to fail with exactly this one line on stderr. */
    private static void refused(String message, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.errLines()).as("one line, no stack trace").containsExactly("modgate: " + message);
    }

    @Test
    void dataDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        refused("data directory " + file + " (--data) is a file, not a directory: give --data a directory the user running modgate ("
                + USER + ") can write (it is created when missing)", "serve", "--data", file.toString(), "--listen", "127.0.0.1:0");
        refused("cannot create data directory " + file.resolve("sub") + " (--data): " + file + " is a file, not a directory: give --data a directory the user running modgate ("
                + USER + ") can write", "prefetch", "--data", file.resolve("sub").toString(), "rsc.io/quote@v1.5.2");
    }

    /**
     * A directory the user cannot write. The tests run as root, whom permissions do not stop: as root the directory
     * is made immutable (chattr +i refuses even root: EPERM); as another user it is made read-only (chmod 555).
     */
    @Test
    void dataDirectoryThatCannotBeWritten() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("locked"));
        boolean root = USER.equals("root");
        String reason;
        if (root) {
            Process p = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            Assumptions.assumeTrue(p.waitFor() == 0, "chattr +i is not possible here: " + out);
            reason = "Operation not permitted";
        } else {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            reason = "permission denied";
        }
        try {
            refused("data directory " + dir + " (--data) is not writable (" + reason + "): give --data a directory the user running modgate ("
                    + USER + ") can write, or fix its permissions", "serve", "--data", dir.toString(), "--listen", "127.0.0.1:0");
        } finally {
            if (root) new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
            else Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void credentialsLineWhosePasswordFileIsMissing() throws Exception {
        Path conf = Files.writeString(tmp.resolve("modgate.conf"),
                "# the team's git server\ncredentials git.corp.example = user ci password-file " + tmp.resolve("missing-secret") + "\n");
        refused(conf + ":2: credentials git.corp.example: password-file " + tmp.resolve("missing-secret")
                + " does not exist: create it with the secret as its only line, or fix the path",
                "serve", "--config", conf.toString(), "--data", tmp.resolve("d").toString(), "--listen", "127.0.0.1:0");
    }

    @Test
    void missingNetrcAndSshDirectory() {
        Path data = tmp.resolve("d");
        refused("--netrc " + tmp.resolve("netrc") + " does not exist: create it, fix the path, or leave --netrc out",
                "serve", "--netrc", tmp.resolve("netrc").toString(), "--data", data.toString(), "--listen", "127.0.0.1:0");
        refused("--ssh-dir " + tmp.resolve("ssh") + " does not exist: create it, fix the path, or leave --ssh-dir out",
                "serve", "--ssh-dir", tmp.resolve("ssh").toString(), "--data", data.toString(), "--listen", "127.0.0.1:0");
    }

    @Test
    void upstreamListsTheGoCommandWouldFailOnEveryRequest() throws Exception {
        Path data = tmp.resolve("d");
        refused("--upstream: invalid upstream \"https://proxy.golang.org;direct\": \"proxy.golang.org;direct\" is not a host[:port]; "
                + "separate GOPROXY entries with \",\" (the next is tried after a 404 or 410) or \"|\" (after any error)",
                "serve", "--upstream", "https://proxy.golang.org;direct", "--data", data.toString(), "--listen", "127.0.0.1:0");
        // A password holding "@" (Go's url.Parse ends user information at the authority's last one): no part of it
        // is shown, here nor in the --sumdb URL.
        refused("--upstream: invalid upstream \"https://proxy.golang.org;direct\": \"proxy.golang.org;direct\" is not a host[:port]; "
                + "separate GOPROXY entries with \",\" (the next is tried after a 404 or 410) or \"|\" (after any error)",
                "serve", "--upstream", "https://alice:p@ss-hunter2@proxy.golang.org;direct", "--data", data.toString(), "--listen", "127.0.0.1:0");
        refused("--sumdb: invalid GOSUMDB URL \"https://sum.example;x\": want http(s)://host[/path]",
                "serve", "--sumdb", "sum.golang.org https://alice:p@ss-hunter2@sum.example;x", "--data", data.toString(), "--listen", "127.0.0.1:0");
        // Passwords no URL parser accepts (a space, a quote, a backslash): refused without a character of them.
        for (String[] bad : new String[][] {
                {"--upstream", "https://alice:hunter2 x@proxy.example"}, {"--upstream", "alice:hunter2 x@proxy.example"},
                {"--upstream", "https://alice:hunter2\"x@proxy.example"}, {"--upstream", "https://alice:hunter2\\x@proxy.example,direct"},
                {"--sumdb", "sum.golang.org https://alice:hunter2\"x@sum.example"}}) {
            Cli.Result r = Cli.run("serve", bad[0], bad[1], "--data", data.toString(), "--listen", "127.0.0.1:0");
            assertThat(r.exit()).as(r.err()).isNotZero();
            assertThat(r.errLines()).as("one line").hasSize(1);
            assertThat(r.err()).as(bad[1]).startsWith("modgate: " + bad[0] + ": invalid").doesNotContain("hunter2").doesNotContain("alice");
        }
        refused("--upstream: invalid upstream \"htps://proxy.golang.org\": must be an http://, https:// or file:// URL, direct or off",
                "serve", "--upstream", "htps://proxy.golang.org", "--data", data.toString(), "--listen", "127.0.0.1:0");
        Path file = Files.writeString(tmp.resolve("tree"), "");
        refused("--upstream: upstream file://" + file + " is a file, not a directory (a GOPROXY tree): fix the path",
                "serve", "--upstream", "file://" + file, "--data", data.toString(), "--listen", "127.0.0.1:0");
    }

    /** A file:// upstream that does not exist yet only warns: it is read at every request and may appear later. */
    @Test
    void missingFileUpstreamIsAWarning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The port is taken so that serve stops right after its checks; the warning comes before.
            Cli.Result r = Cli.runProcess(tmp, List.of(), "serve", "--upstream", "file://" + tmp.resolve("later") + ",direct",
                    "--data", tmp.resolve("d").toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(r.err()).contains("WARN  StartupChecks upstream file://" + tmp.resolve("later")
                    + " does not exist (yet): until it does, every module is \"not found\" there (--upstream)");
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            refused("cannot listen on 127.0.0.1:" + port + ": the port is in use by another process (another modgate?): stop it, or choose another port with --listen HOST:PORT",
                    "serve", "--listen", "127.0.0.1:" + port, "--data", tmp.resolve("d").toString(), "--sumdb", "off");
        }
        // RFC 6761: .invalid never resolves.
        refused("cannot listen on modgate.invalid:3000: host name not found: give --listen an IP address of this machine (127.0.0.1:PORT, or :PORT for all)",
                "serve", "--listen", "modgate.invalid:3000", "--data", tmp.resolve("d").toString(), "--sumdb", "off");
    }

    @Test
    void prefetchWhenTheServerIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path goMod = Files.writeString(tmp.resolve("go.mod"), "module example.com/m\n\ngo 1.19\n\nrequire rsc.io/quote v1.5.2\n");
        String down = "cannot reach --server http://127.0.0.1:" + port + ": connection refused: is modgate serve running there? Start it, or fix --server";
        refused(down, "prefetch", "--server", "http://127.0.0.1:" + port, "rsc.io/quote@v1.5.2");
        refused(down, "prefetch", "--server", "http://127.0.0.1:" + port, goMod.toString());
        refused("--server 127.0.0.1:" + port + ": not an http:// or https:// URL: give the address modgate serves at, such as http://127.0.0.1:3000",
                "prefetch", "--server", "127.0.0.1:" + port, goMod.toString());
    }

    /** A --server that answers, but not as a module proxy (a web server's page): said so, not a NullPointerException. */
    @Test
    void prefetchFromSomethingThatIsNoModuleProxy() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www/rsc.io/quote/@v"));
        Files.writeString(root.resolve("v1.5.2.info"), "<html>welcome</html>");
        try (dev.modgate.testing.StaticHttpServer web = new dev.modgate.testing.StaticHttpServer(tmp.resolve("www"))) {
            Cli.Result r = Cli.run("prefetch", "--server", web.url(), "rsc.io/quote@v1.5.2");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains(web.url() + "/rsc.io/quote/@v/v1.5.2.info: not a module proxy's answer (sent an .info the go command rejects: not valid JSON")
                    .contains("): is --server a GOPROXY such as modgate?")
                    .doesNotContain("NullPointerException").doesNotContain("\tat ");
        }
    }

    @Test
    void settingsInTheConfigFileSayWhereTheyCameFrom() throws Exception {
        Path conf = tmp.resolve("modgate.conf");
        Path data = tmp.resolve("d");
        Files.writeString(conf, "list-ttl = 5 # seconds?\n");
        refused("list-ttl in the config file: time: missing unit in duration \"5\" (durations are written as in Go: 30s, 5m, 1h30m, 500ms; a bare number only as 0)",
                "serve", "--config", conf.toString(), "--data", data.toString(), "--listen", "127.0.0.1:0");
        Files.writeString(conf, "offline = yes\n");
        refused("offline in the config file: invalid boolean \"yes\" (write true or false; 1, 0, t, f, TRUE, FALSE, True, False are accepted too)",
                "serve", "--config", conf.toString(), "--data", data.toString(), "--listen", "127.0.0.1:0");
        refused("--read-timeout: time: missing unit in duration \"30\" (durations are written as in Go: 30s, 5m, 1h30m, 500ms; a bare number only as 0)",
                "serve", "--read-timeout", "30", "--data", data.toString(), "--listen", "127.0.0.1:0");
    }

    /** The README's own config lines, as written there, give the settings they say. */
    @Test
    void readmeConfigLinesResolve() throws Exception {
        Path conf = tmp.resolve("modgate.conf");
        Files.writeString(conf, String.join("\n",
                "listen = :3000            # all interfaces",
                "data = " + tmp.resolve("data"),
                "upstream = https://proxy.golang.org,direct",
                "list-ttl = 1h30m",
                "sumdb = \"" + SumDbSpec.SUM_GOLANG_ORG_KEY + " https://sum.golang.google.cn\"",
                "offline", ""));
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--config", conf.toString());
        ServerConfig cfg = serve.resolve(Map.of());
        assertThat(cfg.listen()).isEqualTo(":3000");
        assertThat(cfg.listTtl()).isEqualTo(Duration.ofMinutes(90));
        assertThat(cfg.offline()).isTrue();
        assertThat(cfg.sumdb().publicDb().name()).isEqualTo("sum.golang.org");
        assertThat(cfg.sumdb().publicDb().url()).isEqualTo("https://sum.golang.google.cn");
    }
}
