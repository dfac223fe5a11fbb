package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.ModgateProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is written outside the data directory: modgate, in a JVM of its own, in a mount namespace where the whole
 * file system is read-only except the data directory (as with a read-only root file system), with HOME, user.home
 * and XDG_CONFIG_HOME in a read-only directory, fetches a module from git (list, .info, .mod, .zip). JGit's
 * settings (its user, system and file-system configs, ~/.config/jgit) must stay in memory: every write JGit tries
 * outside the data directory is traced and must not happen.
 */
class ReadOnlyHomeTest {
    static final String HOST = "git.example.test";

    @TempDir Path tmp;

    @Test
    void aGitFetchWritesNothingOutsideTheDataDirectory() throws Exception {
        GoTool.require("git");
        requireMountNamespaces();
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/ro"));
        r.write("go.mod", "module " + HOST + "/ro\n\ngo 1.17\n").write("ro.go", "package ro\n");
        r.commit("one");
        r.tag("v1.0.0");
        r.publish(served.resolve("ro"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path traces = Files.createDirectories(tmp.resolve("traces"));
        Path log = tmp.resolve("modgate.log");

        try (GitHttpServer git = new GitHttpServer(served, HOST, null)) {
            Path conf = tmp.resolve("modgate.conf");
            Files.writeString(conf, "private = " + HOST + "\nupstream = off\nsumdb = off\n"
                    + "repo " + HOST + "/ro = " + git.url() + "/ro\n");
            // Only the data directory (and where the traces go) stays writable; strace records every write attempt
            // that the read-only file system refused.
            String script = "mount --make-rprivate / && mount --bind \"$DATA\" \"$DATA\" && mount --bind \"$TRACES\" \"$TRACES\""
                    + " && mount -o remount,bind,ro / && exec " + (hasStrace() ? "strace -f -qq -e trace=%file -e status=failed -o \"$TRACES/trace\" " : "")
                    + "\"$@\"";
            List<String> wrapper = List.of("unshare", "-m", "sh", "-c", script, "modgate-ro");
            Map<String, String> env = Map.of("DATA", data.toString(), "TRACES", traces.toString(), "HOME", home.toString(),
                    "XDG_CONFIG_HOME", home.resolve(".config").toString());
            try (ModgateProcess m = ModgateProcess.start(tmp, log, wrapper,
                    List.of("-Duser.home=" + home, "-XX:-UsePerfData"), env,
                    "--data", data.toString(), "--config", conf.toString())) {
                String base = "/" + HOST + "/ro/@v/";
                assertThat(new String(m.get(base + "list").body(), StandardCharsets.UTF_8)).as(m.log()).isEqualTo("v1.0.0\n");
                assertThat(m.get(base + "v1.0.0.info").statusCode()).as(m.log()).isEqualTo(200);
                assertThat(new String(m.get(base + "v1.0.0.mod").body(), StandardCharsets.UTF_8)).isEqualTo("module " + HOST + "/ro\n\ngo 1.17\n");
                assertThat(m.get(base + "v1.0.0.zip").statusCode()).as(m.log()).isEqualTo(200);
                assertThat(m.get("/" + HOST + "/ro/@latest").statusCode()).as(m.log()).isEqualTo(200);
            }
        }
        try (Stream<Path> s = Files.walk(home)) {
            assertThat(s.filter(p -> !p.equals(home)).toList()).as("written into the home directory").isEmpty();
        }
        assertThat(Files.readString(log)).doesNotContainIgnoringCase("read-only file system");
        Path trace = traces.resolve("trace");
        if (Files.exists(trace)) {
            List<String> refused = Files.readAllLines(trace).stream().filter(l -> l.contains("EROFS")).toList();
            assertThat(refused).as("writes outside the data directory").isEmpty();
        }
    }

    private static boolean hasStrace() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "strace")));
    }

    /** A private mount namespace needs root (CAP_SYS_ADMIN); elsewhere this test cannot build a read-only file system. */
    private static void requireMountNamespaces() throws Exception {
        Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --make-rprivate / && mount -o remount,bind,ro / && true")
                .redirectErrorStream(true).start();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        String why = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ok && "true".equals(System.getenv("CI")) && "root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("cannot make a read-only mount namespace as root: " + why);
        }
        Assumptions.assumeTrue(ok, "no mount namespaces here (needs root): " + why);
    }
}
