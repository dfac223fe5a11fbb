package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.ModgateProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git mirror fetch that runs out of space is modgate's own failure, 507 (insufficient storage) with a reason
 * that says the data directory is full, not a 502 blaming the repository. The data directory is a 2 MB tmpfs,
 * mounted in a private mount namespace around a modgate JVM of its own; the repository holds 4 MB of random
 * (incompressible) data. A small module from the same server still works once the big one failed.
 */
class GitDiskFullTest {
    static final String HOST = "git.example.test";

    @TempDir Path tmp;

    @Test
    void aMirrorFetchThatFillsTheDiskIs507() throws Exception {
        GoTool.require("git");
        requireTmpfsInNamespace();
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder big = new GitRepoBuilder(tmp.resolve("work/big"));
        big.write("go.mod", "module " + HOST + "/big\n\ngo 1.17\n");
        byte[] noise = new byte[4 << 20];
        new Random(42).nextBytes(noise);
        Files.write(big.dir().resolve("noise.bin"), noise);
        big.commit("big");
        big.tag("v1.0.0");
        big.publish(served.resolve("big"));
        GitRepoBuilder small = new GitRepoBuilder(tmp.resolve("work/small"));
        small.write("go.mod", "module " + HOST + "/small\n\ngo 1.17\n");
        small.commit("small");
        small.tag("v1.0.0");
        small.publish(served.resolve("small"));

        Path data = Files.createDirectories(tmp.resolve("data"));
        try (GitHttpServer git = new GitHttpServer(served, HOST, null)) {
            Path conf = tmp.resolve("modgate.conf");
            Files.writeString(conf, "private = " + HOST + "\nupstream = off\nsumdb = off\n"
                    + "repo " + HOST + "/big = " + git.url() + "/big\nrepo " + HOST + "/small = " + git.url() + "/small\n");
            String script = "mount --make-rprivate / && mount -t tmpfs -o size=2m modgate-full \"$DATA\" && exec \"$@\"";
            try (ModgateProcess m = ModgateProcess.start(tmp, tmp.resolve("modgate.log"), List.of("unshare", "-m", "sh", "-c", script, "modgate-full"),
                    List.of(), Map.of("DATA", data.toString()), "--data", data.toString(), "--config", conf.toString())) {
                // A list reads the remote's refs only: no objects, no space needed.
                HttpResponse<byte[]> list = m.get("/" + HOST + "/big/@v/list");
                assertThat(list.statusCode()).as("%s\n%s", new String(list.body(), StandardCharsets.UTF_8), m.log()).isEqualTo(200);
                for (String p : List.of("/@v/v1.0.0.info", "/@v/v1.0.0.mod", "/@latest")) {
                    HttpResponse<byte[]> r = m.get("/" + HOST + "/big" + p);
                    String body = new String(r.body(), StandardCharsets.UTF_8);
                    assertThat(r.statusCode()).as("%s: %s\n%s", p, body, m.log()).isEqualTo(507);
                    assertThat(body).contains("full").doesNotContain(data.toString());
                }
                // The failed fetch left nothing that keeps the disk full.
                HttpResponse<byte[]> ok = m.get("/" + HOST + "/small/@v/v1.0.0.mod");
                assertThat(ok.statusCode()).as("%s\n%s", new String(ok.body(), StandardCharsets.UTF_8), m.log()).isEqualTo(200);
            }
        }
    }

    /** A private mount namespace with a tmpfs needs root (CAP_SYS_ADMIN); without it this test cannot fill a disk. */
    private static void requireTmpfsInNamespace() throws Exception {
        Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --make-rprivate / && mount -t tmpfs -o size=1m t /mnt && true")
                .redirectErrorStream(true).start();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        String why = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ok && "true".equals(System.getenv("CI")) && "root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("cannot mount a tmpfs in a mount namespace as root: " + why);
        }
        Assumptions.assumeTrue(ok, "no mount namespaces here (needs root): " + why);
    }
}
