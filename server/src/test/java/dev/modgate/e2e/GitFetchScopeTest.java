package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.testing.GitHost;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a git source fetches, compared with the go command: a version list or latest comes from the remote's refs
 * alone (git ls-remote), a tag is fetched alone and shallow, history only when a pseudo-version needs it. So a
 * repository whose old history is damaged lists and serves its tags as the go command does, and a list of a large
 * repository costs one ls-remote. Served by git's own smart HTTP server on loopback, compared with the real go
 * command in direct mode ({@link GitHost}).
 */
class GitFetchScopeTest {
    static final String HOST = "git.example.test";
    @TempDir static Path tmp;
    static GitHost host;
    static GoTool go;
    static Path work;

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        Path served = Files.createDirectories(tmp.resolve("served"));

        GitRepoBuilder scope = new GitRepoBuilder(tmp.resolve("work/scope"));
        scope.write("go.mod", "module " + HOST + "/scope\n\ngo 1.19\n");
        for (int i = 1; i <= 12; i++) {
            scope.write("history.txt", ("commit " + i + "\n").repeat(50 * i)).write("s.go", "package scope\n\nconst N = " + i + "\n");
            scope.commit("commit " + i);
            if (i == 4) scope.tag("v1.0.0");
            if (i == 8) scope.annotatedTag("v1.1.0");
        }
        scope.publish(served.resolve("scope.git"));

        // Damaged history: the blob of a file only the first release had is gone from the served repository.
        GitRepoBuilder damaged = new GitRepoBuilder(tmp.resolve("work/damaged"));
        damaged.write("go.mod", "module " + HOST + "/damaged\n\ngo 1.19\n").write("old.txt", "only in v1.0.0\n").write("d.go", "package damaged\n");
        damaged.commit("one");
        damaged.tag("v1.0.0");
        String lost = damaged.git("rev-parse", "v1.0.0:old.txt").strip();
        damaged.delete("old.txt").write("new.txt", "since v1.1.0\n");
        damaged.commit("two");
        damaged.tag("v1.1.0");
        Path damagedGit = damaged.publish(served.resolve("damaged.git"));
        Path loose = damagedGit.resolve("objects").resolve(lost.substring(0, 2)).resolve(lost.substring(2));
        assertThat(loose).as("the pushed objects are loose (fewer than transfer.unpackLimit)").exists();
        Files.delete(loose);

        host = new GitHost(HOST, served, tmp.resolve("home")).announce("scope").announce("damaged");
        work = Files.createDirectories(tmp.resolve("mod"));
        Files.writeString(work.resolve("go.mod"), "module example.test/scope\n\ngo 1.19\n");
        go.set("GIT_TERMINAL_PROMPT", "0").set("GIT_CONFIG_NOSYSTEM", "1").set("GOSUMDB", "off").set("GOFLAGS", "-mod=mod");
    }

    @AfterAll static void stop() throws Exception {
        if (host != null) host.close();
    }

    private static TestModgate modgate(String data) throws Exception {
        return new TestModgate(TestModgate.config(tmp.resolve(data), "off").direct(host.direct()), host.modgateEnv());
    }

    private static String text(java.net.http.HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    private static JsonNode goJson(String cache, String... args) throws Exception {
        GoTool.Result r = host.direct(go, cache).run(work, args);
        assertThat(r.exit()).as("go %s: %s", String.join(" ", args), r.all()).isZero();
        return new ObjectMapper().readTree(r.stdout());
    }

    /** The one mirror under the data directory. */
    private static Path mirror(String data) throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve(data).resolve(".modgate/git"))) {
            List<Path> all = s.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static long objectFiles(Path mirror) throws Exception {
        try (Stream<Path> s = Files.walk(mirror.resolve("objects"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("info")).count();
        }
    }

    /** Commits reachable from every ref of the mirror. */
    private static int commits(Path mirror) throws Exception {
        try (FileRepository repo = new FileRepository(mirror.toFile()); RevWalk walk = new RevWalk(repo)) {
            for (Ref r : repo.getRefDatabase().getRefsByPrefix("refs/")) walk.markStart(walk.parseCommit(r.getObjectId()));
            int n = 0;
            while (walk.next() != null) n++;
            return n;
        }
    }

    @Test
    void aListFetchesNoObjectsAndLatestOnlyItsTag() throws Exception {
        try (TestModgate m = modgate("data-list")) {
            var list = m.get("/" + HOST + "/scope/@v/list");
            assertThat(list.statusCode()).as(text(list)).isEqualTo(200);
            assertThat(text(list)).isEqualTo("v1.0.0\nv1.1.0\n");
            assertThat(objectFiles(mirror("data-list"))).as("objects in the mirror after a list").isZero();
            // @latest needs the tag's commit time: that commit alone is fetched, as the go command does.
            var latest = m.get("/" + HOST + "/scope/@latest");
            assertThat(latest.statusCode()).as(text(latest)).isEqualTo(200);
            assertThat(text(latest)).contains("\"Version\":\"v1.1.0\"");
            assertThat(commits(mirror("data-list"))).as("commits fetched for a tagged latest").isEqualTo(1);
        }
        JsonNode d = goJson("list", "list", "-m", "-json", "-versions", HOST + "/scope");
        assertThat(d.path("Versions").toString()).isEqualTo("[\"v1.0.0\",\"v1.1.0\"]");
    }

    @Test
    void aTagIsFetchedAloneAndHistoryOnlyForPseudoVersions() throws Exception {
        try (TestModgate m = modgate("data-tag")) {
            var zip = m.get("/" + HOST + "/scope/@v/v1.1.0.zip");
            assertThat(zip.statusCode()).as(text(zip)).isEqualTo(200);
            Path mirror = mirror("data-tag");
            assertThat(mirror.resolve("shallow")).as("a tag is fetched with depth 1").exists();
            assertThat(commits(mirror)).as("commits fetched for one tag").isEqualTo(1);

            // A branch needs a pseudo-version, which needs history: everything is fetched, and the answer is the go
            // command's.
            var main = m.get("/" + HOST + "/scope/@v/main.info");
            assertThat(main.statusCode()).as(text(main)).isEqualTo(200);
            String expected = goJson("branch", "list", "-m", "-json", HOST + "/scope@main").path("Version").asText();
            assertThat(expected).startsWith("v1.1.1-0.");
            assertThat(new ObjectMapper().readTree(main.body()).path("Version").asText()).isEqualTo(expected);
            assertThat(commits(mirror)).isEqualTo(12);
            assertThat(mirror.resolve("shallow")).doesNotExist();

        }
    }

    /**
     * A tag fetched alone into a mirror that had everything makes it shallow again (JGit's walks see that commit
     * without parents); a pseudo-version asked for after that must still see the tag's history, or its base version
     * would be wrong and stored for good: the full refresh it needs also unshallows (and is never skipped as "done
     * moments ago" after a shallow fetch).
     */
    @Test
    void aPseudoVersionJustAfterATagFetchedAloneSeesTheHistory() throws Exception {
        Path served = tmp.resolve("served");
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/later"));
        r.write("go.mod", "module " + HOST + "/later\n\ngo 1.19\n").write("l.go", "package later\n");
        r.commit("one");
        r.tag("v1.0.0");
        r.git("branch", "side");
        r.publish(served.resolve("later.git"));
        host.announce("later");
        try (TestModgate m = modgate("data-later")) {
            assertThat(m.get("/" + HOST + "/later/@v/side.info").statusCode()).isEqualTo(200); // everything, with history
            r.write("l.go", "package later // 2\n");
            r.commit("two");
            r.tag("v1.2.0");
            r.write("l.go", "package later // 3\n");
            r.commit("three");
            r.publish(served.resolve("later.git"));
            Thread.sleep(2_100); // past the reuse of the last look at the remote, so that the new tag is seen
            assertThat(m.get("/" + HOST + "/later/@v/v1.2.0.info").statusCode()).isEqualTo(200); // the tag alone, shallow
            var main = m.get("/" + HOST + "/later/@v/main.info");
            assertThat(main.statusCode()).as(text(main)).isEqualTo(200);
            String expected = goJson("later", "list", "-m", "-json", HOST + "/later@main").path("Version").asText();
            assertThat(expected).startsWith("v1.2.1-0.");
            assertThat(new ObjectMapper().readTree(main.body()).path("Version").asText()).isEqualTo(expected);
        }
    }

    /** A commit pushed moments after a full refresh (which later requests reuse for 2 s) is found, not a 404. */
    @Test
    void aCommitPushedMomentsAfterARefreshIsFound() throws Exception {
        Path served = tmp.resolve("served");
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/quick"));
        r.write("go.mod", "module " + HOST + "/quick\n\ngo 1.19\n").write("q.go", "package quick\n");
        r.commit("one");
        r.tag("v1.0.0");
        r.git("branch", "side");
        r.publish(served.resolve("quick.git"));
        host.announce("quick");
        try (TestModgate m = modgate("data-quick")) {
            assertThat(m.get("/" + HOST + "/quick/@v/side.info").statusCode()).isEqualTo(200); // a full refresh
            r.write("q.go", "package quick // 2\n");
            String hash = r.commit("two");
            r.publish(served.resolve("quick.git"));
            var info = m.get("/" + HOST + "/quick/@v/" + hash.substring(0, 12) + ".info");
            assertThat(info.statusCode()).as(text(info)).isEqualTo(200);
            assertThat(text(info)).contains(hash);
        }
    }

    /**
     * A hostile or odd repository: a tag naming a tree, not a commit. The go command finds no such revision; modgate
     * answers 404 too, and takes it neither for a failed fetch nor for a damaged mirror to rebuild.
     */
    @Test
    void aTagOnATreeIsAnUnknownRevisionAsForTheGoCommand() throws Exception {
        Path served = tmp.resolve("served");
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/odd"));
        r.write("go.mod", "module " + HOST + "/odd\n\ngo 1.19\n").write("o.go", "package odd\n");
        r.commit("one");
        r.git("tag", "v1.0.0", "HEAD^{tree}");
        r.tag("v1.1.0");
        r.publish(served.resolve("odd.git"));
        host.announce("odd");
        GoTool.Result direct = host.direct(go, "odd").run(work, "mod", "download", "-json", HOST + "/odd@v1.0.0");
        assertThat(direct.exit()).as(direct.all()).isNotZero();
        try (TestModgate m = modgate("data-odd")) {
            for (String kind : List.of("info", "mod", "zip")) {
                var r1 = m.get("/" + HOST + "/odd/@v/v1.0.0." + kind);
                assertThat(r1.statusCode()).as(text(r1)).isEqualTo(404);
                assertThat(text(r1)).contains("unknown revision v1.0.0");
            }
            Path mirror = mirror("data-odd");
            var ok = m.get("/" + HOST + "/odd/@v/v1.1.0.info");
            assertThat(ok.statusCode()).as(text(ok)).isEqualTo(200);
            assertThat(mirror("data-odd")).as("the mirror was not rebuilt").isEqualTo(mirror);
            assertThat(mirror.resolve("config")).exists();
        }
    }

    @Test
    void damagedHistoryListsAndServesTagsAsTheGoCommandDoes() throws Exception {
        JsonNode d = goJson("damaged-list", "list", "-m", "-json", "-versions", HOST + "/damaged");
        assertThat(d.path("Versions").toString()).isEqualTo("[\"v1.0.0\",\"v1.1.0\"]");
        JsonNode dl = goJson("damaged-dl", "mod", "download", "-json", HOST + "/damaged@v1.1.0");
        try (TestModgate m = modgate("data-damaged")) {
            var list = m.get("/" + HOST + "/damaged/@v/list");
            assertThat(list.statusCode()).as(text(list)).isEqualTo(200);
            assertThat(text(list)).isEqualTo("v1.0.0\nv1.1.0\n");
            GoTool.Result via = host.via(go, m.url(), "damaged-via").run(work, "mod", "download", "-json", HOST + "/damaged@v1.1.0");
            assertThat(via.exit()).as(via.all()).isZero();
            assertThat(new ObjectMapper().readTree(via.stdout()).path("Sum").asText()).isEqualTo(dl.path("Sum").asText());
        }
    }
}
