package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Verifiers;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Records;
import dev.modgate.core.sumdb.tlog.Tile;
import dev.modgate.core.sumdb.tlog.TileHashReader;
import dev.modgate.core.sumdb.tlog.TileReader;
import dev.modgate.core.sumdb.tlog.Tlog;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.testing.Cli;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.ModgateProcess;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a modgate that is logging new modules in its private checksum database, three times: after each
 * restart every tree head it had signed is a prefix of its new tree (no fork), and the go command, which remembers
 * the newest tree it saw, still verifies everything.
 */
class PrivateSumDbCrashTest {
    static final String NAME = "crash.modgate.test";
    @TempDir Path tmp;

    record Seen(long n, Hash hash) {}

    @Test
    void killedWhileLoggingItRestartsWithoutForkingItsLog() throws Exception {
        Path tree = tmp.resolve("tree");
        Path project = tmp.resolve("project");
        SyntheticGraph.write(tree, project);
        List<ModuleVersion> versions = new ArrayList<>(GoproxyTree.scan(tree));
        Collections.shuffle(versions, new Random(7));
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("modgate.log");
        GoTool go = new GoTool(tmp.resolve("home")); // one GOPATH throughout: it remembers the newest tree seen

        try (StaticHttpServer upstream = new StaticHttpServer(tree)) {
            String[] args = {"--data", data.toString(), "--upstream", upstream.url(), "--sumdb", "off", "--private-sumdb", NAME};
            ModgateProcess m = ModgateProcess.start(tmp, log, args);
            String key = Cli.run("sumdb", "key", "--data", data.toString()).out().strip();
            assertThat(key).startsWith(NAME + "+");
            go.set("GOSUMDB", key).set("GOPROXY", m.url()).freshModCache("start");
            GoTool.Result first = go.run(tmp, "mod", "download", "example.com/lib0@v1.0.0", "example.com/big/v3@v3.1.0");
            assertThat(first.exit()).as(first.all()).isZero();

            List<Seen> seen = new ArrayList<>();
            int groups = 3;
            for (int cycle = 0; cycle < groups; cycle++) {
                List<ModuleVersion> group = versions.subList(cycle * versions.size() / groups, (cycle + 1) * versions.size() / groups);
                seen.addAll(lookUpUntilKilled(m, group));
                m = ModgateProcess.start(tmp, log, args);
                assertNoFork(m, key, seen);

                // The go command, with the newest tree it saw before the crash, verifies modules logged before it.
                go.set("GOPROXY", m.url()).freshModCache("cycle" + cycle);
                List<String> cmd = new ArrayList<>(List.of("mod", "download"));
                for (ModuleVersion mv : group.subList(0, 3)) cmd.add(mv.path() + "@" + mv.version());
                GoTool.Result r = go.run(tmp, cmd.toArray(String[]::new));
                assertThat(r.exit()).as("cycle %d: %s\n%s", cycle, r.all(), m.log()).isZero();
            }
            assertThat(seen).isNotEmpty();
            go.set("GOPROXY", m.url()).freshModCache("end");
            GoTool.Result all = go.run(project, "mod", "download", "all");
            assertThat(all.exit()).as(all.all()).isZero();
            GoTool.Result verify = go.run(project, "mod", "verify");
            assertThat(verify.exit()).as(verify.all()).isZero();
            m.close();
        }
    }

    /** Looks the group's versions up, 8 at a time; kills modgate when half have answered. Returns the trees seen. */
    private static List<Seen> lookUpUntilKilled(ModgateProcess m, List<ModuleVersion> group) throws Exception {
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch half = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (ModuleVersion mv : group) {
            pool.submit(() -> {
                try {
                    HttpResponse<byte[]> r = m.get("/sumdb/" + NAME + "/lookup/" + mv.path() + "@" + mv.version());
                    if (r.statusCode() == 200) {
                        Records.Parsed p = Records.parse(r.body());
                        String note = new String(p.rest(), StandardCharsets.UTF_8);
                        Tree t = Tree.parse(note.substring(0, note.indexOf("\n\n") + 1).getBytes(StandardCharsets.UTF_8));
                        seen.add(new Seen(t.n(), t.hash()));
                    }
                } catch (IOException | InterruptedException e) {
                    // Killed under it: expected.
                }
                if (answered.incrementAndGet() >= group.size() / 2) half.countDown();
                return null;
            });
        }
        half.await(2, TimeUnit.MINUTES);
        m.kill9();
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        return new ArrayList<>(seen);
    }

    /** Every tree seen is the new tree's prefix: its hash recomputed from the new tree's tiles (which are verified). */
    private static void assertNoFork(ModgateProcess m, String key, List<Seen> seen) throws Exception {
        byte[] latest = m.get("/sumdb/" + NAME + "/latest").body();
        Note note = Note.open(latest, Verifiers.of(NoteKeys.newVerifier(key)));
        Tree now = Tree.parse(note.text().getBytes(StandardCharsets.UTF_8));
        TileHashReader tiles = new TileHashReader(now, new TileReader() {
            @Override public int height() { return 8; }

            @Override public List<byte[]> readTiles(List<Tile> ts) throws IOException {
                List<byte[]> out = new ArrayList<>();
                for (Tile t : ts) {
                    try {
                        HttpResponse<byte[]> r = m.get("/sumdb/" + NAME + "/" + t.path());
                        if (r.statusCode() != 200) throw new IOException(t.path() + ": " + r.statusCode());
                        out.add(r.body());
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return out;
            }

            @Override public void saveTiles(List<Tile> ts, List<byte[]> data) {}
        });
        for (Seen s : seen) {
            assertThat(s.n()).as("a signed tree of %d records was served; the log now has %d", s.n(), now.n()).isLessThanOrEqualTo(now.n());
            assertThat(Tlog.treeHash(s.n(), tiles)).as("tree of %d records", s.n()).isEqualTo(s.hash());
        }
    }
}
