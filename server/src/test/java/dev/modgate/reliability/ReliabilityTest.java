package dev.modgate.reliability;

import dev.modgate.testing.DataDirLayout;
import dev.modgate.testing.Tmpfs;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.reliability.FaultyUpstream.Fault;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The reliability suite: faulty upstreams, kill -9 during cold fetches, hostile requests, idle and slow
 * connections, a full disk. Each scenario ends by auditing the data directory against the upstream's true
 * checksums: nothing partial, nothing wrong, nothing outside it.
 *
 * <p>Inside the test command it runs at smoke scale (well under a minute). {@code reliability/run} runs it at full
 * scale ({@code -Dreliability.scale=full}: 20 kills during 100 concurrent fetches, 100,000 hostile requests, 1,000
 * idle or slow connections) against the built jar, and writes the table of results ({@code -Dreliability.report}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityTest {
    /** How hard each scenario pushes. */
    record Scale(String name, int crashRounds, int crashFetches, int crashMaxBytes, int hostileRequests, int slowConnections) {
        static Scale get() {
            return "full".equals(System.getProperty("reliability.scale"))
                    ? new Scale("full", 20, 100, 1 << 20, 100_000, 1_000)
                    : new Scale("smoke", 2, 25, 256 << 10, 2_500, 150);
        }
    }

    record Row(String scenario, boolean ok, String detail) {}

    static final Scale SCALE = Scale.get();
    static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());
    @TempDir static Path tmp;

    @BeforeAll static void announce() {
        System.out.println("reliability suite at " + SCALE.name() + " scale: " + SCALE);
    }

    @AfterAll static void report() throws IOException {
        StringBuilder b = new StringBuilder("| scenario | result | details |\n|---|---|---|\n");
        for (Row r : ROWS) b.append("| ").append(r.scenario()).append(" | ").append(r.ok() ? "pass" : "**FAIL**").append(" | ")
                .append(r.detail().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        System.out.println("\nReliability suite (" + SCALE.name() + " scale):\n\n" + b);
        String out = System.getProperty("reliability.report", "");
        if (!out.isEmpty()) Files.writeString(Path.of(out), b.toString());
    }

    static void row(String scenario, boolean ok, String detail) {
        ROWS.add(new Row(scenario, ok, detail));
    }

    static ServerConfig.Builder config(Path data, String upstream) {
        return ServerConfig.builder().listen("127.0.0.1:0").dataDir(data).upstream(upstream).listTtl(Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(1)).fetchTimeout(Duration.ofSeconds(3))
                .lockWait(Duration.ofSeconds(3)).shutdownTimeout(Duration.ofSeconds(5)).direct(DirectConfig.none()).sumdb(SumDbConfig.off());
    }

    // ------------------------------------------------------------------------------------------ faulty upstreams

    record Case(String name, String kind, Fault fault, byte[] replacement, Set<Integer> expected) {}

    @Test @Order(1)
    void faultyUpstreams() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String kind : List.of("info", "mod", "zip")) {
            cases.add(new Case("500", kind, Fault.STATUS_500, null, Set.of(502)));
            cases.add(new Case("reset before answering", kind, Fault.RESET, null, Set.of(502)));
            cases.add(new Case("reset mid-body", kind, Fault.RESET_MID_BODY, null, Set.of(502)));
            cases.add(new Case("stall (no answer)", kind, Fault.STALL, null, Set.of(504)));
            cases.add(new Case("slow-loris body", kind, Fault.SLOW_LORIS, null, Set.of(504)));
            cases.add(new Case("truncated body", kind, Fault.TRUNCATE, null, Set.of(502)));
            cases.add(new Case("Content-Length too long", kind, Fault.LENGTH_TOO_LONG, null, Set.of(502)));
            // A body cut short by a lying length still looks like an answer: the module zip check or the checksum
            // database must catch it.
            cases.add(new Case("Content-Length too short", kind, Fault.LENGTH_TOO_SHORT, null, kind.equals("mod") ? Set.of(403, 502) : Set.of(502)));
            cases.add(new Case("corrupted bytes", kind, Fault.CORRUPT, null, kind.equals("mod") ? Set.of(403, 502) : Set.of(502)));
        }
        cases.add(new Case("list: 500", "list", Fault.STATUS_500, null, Set.of(502)));
        cases.add(new Case("list: stall", "list", Fault.STALL, null, Set.of(504)));
        cases.add(new Case("zip with other files than its checksum says", "zip", Fault.REPLACE, null, Set.of(403)));
        cases.add(new Case("go.mod changed (module line) against its checksum", "mod", Fault.REPLACE, null, Set.of(403)));
        cases.add(new Case(".info for a different version", "info", Fault.REPLACE, "{\"Version\":\"v1.2.3\",\"Time\":\"2024-01-02T03:04:05Z\"}".getBytes(StandardCharsets.UTF_8), Set.of(502)));

        Path root = tmp.resolve("faults");
        ReliabilityTree tree = ReliabilityTree.generate(root.resolve("tree"), "f", cases.size(), 20_000, 60_000, 1);
        // An impostor zip: valid, for the right module and version, other content.
        Path impostorDir = root.resolve("impostor");
        ReliabilityTree impostor = ReliabilityTree.generate(impostorDir, "f", cases.size(), 1000, 2000, 99);
        List<ModuleVersion> mods = tree.modules();
        ModuleVersion fork = mods.get(mods.size() - 1);
        Path data = root.resolve("data");
        try (FaultyUpstream up = new FaultyUpstream(tree.root()); TestSumDb db = new TestSumDb("sum.reliability.test")) {
            tree.addTo(db);
            ServerConfig.Builder cfg = config(data, up.url()).sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(db.gosumdb())).build());
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    ModuleVersion mv = mods.get(i);
                    String url = ReliabilityTree.url(mv, c.kind());
                    if (c.fault() != Fault.REPLACE) up.fault(url, c.fault());
                    else if (c.replacement() != null) up.replace(url, c.replacement());
                    else if (c.kind().equals("zip")) up.replace(url, impostor.bytes(mv, "zip"));
                    else up.replace(url, ("module example.com/rel/somethingelse\n\ngo 1.17\n").getBytes(StandardCharsets.UTF_8));
                }
                // All faults at once, as a flaky network would have them.
                List<Future<RawClient.Reply>> replies = new ArrayList<>();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < cases.size(); i++) {
                        String url = ReliabilityTree.url(mods.get(i), cases.get(i).kind());
                        replies.add(pool.submit(() -> {
                            try (RawClient http = new RawClient(m.port(), 30_000)) {
                                return http.get("GET", url);
                            }
                        }));
                    }
                }
                List<String> failures = new ArrayList<>();
                Map<String, String> seen = new TreeMap<>();
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    ModuleVersion mv = mods.get(i);
                    RawClient.Reply r = replies.get(i).get();
                    String what = c.kind() + " " + c.name();
                    if (r == null) {
                        failures.add(what + ": no answer");
                        continue;
                    }
                    String first = r.text().lines().findFirst().orElse("");
                    seen.put(what, r.status() + " " + first);
                    if (!c.expected().contains(r.status())) failures.add(what + ": " + r.status() + " (want " + c.expected() + ") " + first);
                    if (!String.valueOf(r.header("Content-Type")).startsWith("text/plain") || first.isBlank()) failures.add(what + ": no text/plain reason");
                    if (!c.kind().equals("list") && !r.text().contains(mv.path())) failures.add(what + ": reason does not name the module: " + first);
                    if (!c.kind().equals("list") && Files.exists(DataDirLayout.versionFile(m.server().pipeline().store(), mv.path(), mv.version(), c.kind()))) {
                        failures.add(what + ": STORED");
                    }
                }
                // A fork's go.mod declares another module path: served as it is, not refused.
                RawClient.Reply forkMod;
                try (RawClient http = new RawClient(m.port(), 30_000)) {
                    forkMod = http.get("GET", ReliabilityTree.url(fork, "mod"));
                }
                boolean forkOk = forkMod != null && forkMod.status() == 200 && Arrays.equals(forkMod.body(), tree.bytes(fork, "mod"));
                if (!forkOk) failures.add("fork go.mod (module example.com/rel/original): " + (forkMod == null ? "no answer" : forkMod.status() + " " + forkMod.text()));

                // Faults stop: every artifact is served, and is the true one.
                up.clearFaults();
                Thread.sleep(1100); // list failures are remembered for a backoff of min(list TTL, 30 s) = 1 s here
                int served = 0;
                try (RawClient http = new RawClient(m.port(), 30_000)) {
                    for (ModuleVersion mv : mods) {
                        for (String kind : List.of("info", "mod", "zip")) {
                            RawClient.Reply r = http.get("GET", ReliabilityTree.url(mv, kind));
                            if (r == null || r.status() != 200 || !Arrays.equals(r.body(), tree.bytes(mv, kind))) {
                                failures.add("after the faults, " + mv + " ." + kind + ": " + (r == null ? "no answer" : r.status() + " " + r.text().strip()));
                            } else {
                                served++;
                            }
                        }
                        RawClient.Reply l = http.get("GET", ReliabilityTree.url(mv, "list"));
                        if (l == null || l.status() != 200 || !l.text().contains(mv.version())) failures.add("after the faults, list of " + mv.path() + ": " + (l == null ? "none" : l.status()));
                    }
                }
                ReliabilityTree.Audit audit = tree.audit(data);
                if (!audit.ok()) failures.add("audit: " + audit);
                if (audit.tempFiles() > 0) failures.add(audit.tempFiles() + " temporary files left");
                System.out.println("faulty upstreams, answers while faulty:");
                seen.forEach((k, v) -> System.out.println("  " + k + " -> " + v));
                row("faulty upstreams: " + cases.size() + " faults (500, reset, stall, slow-loris, truncation, Content-Length lies, corruption, checksum mismatch, wrong .info) on .info/.mod/.zip/list",
                        failures.isEmpty(), failures.isEmpty()
                                ? "each answered with its status (502 upstream failed or invalid, 504 timed out, 403 SECURITY ERROR), nothing stored; a fork's go.mod served as is; afterwards "
                                        + served + " artifacts served and " + audit
                                : String.join("; ", failures));
                assertThat(failures).isEmpty();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ crashes

    @Test @Order(2)
    void killDashNineDuringColdFetches() throws Exception {
        int rounds = SCALE.crashRounds(), per = SCALE.crashFetches();
        Path root = tmp.resolve("crash");
        ReliabilityTree tree = ReliabilityTree.generate(root.resolve("tree"), "c", rounds * per, 16 << 10, SCALE.crashMaxBytes(), 2);
        Path data = root.resolve("data");
        Path log = root.resolve("modgate.log");
        Random random = new Random(7);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        int maxTempsAfterKill = 0;
        AtomicInteger completed = new AtomicInteger(), interrupted = new AtomicInteger();
        List<ModuleVersion> mods = tree.modules();
        try (FaultyUpstream up = new FaultyUpstream(tree.root())) {
            up.throttle(4L << 20);
            up.latency(20);
            String[] args = {"--data", data.toString(), "--upstream", up.url(), "--sumdb", "off", "--read-timeout", "10s"};
            for (int round = 0; round < rounds; round++) {
                ModgateChild child = ModgateChild.start(log, args);
                // After a restart: abandoned temporary files are gone, everything stored is complete and true.
                ReliabilityTree.Audit afterRestart = tree.audit(data);
                if (!afterRestart.ok()) failures.add("round " + round + " after restart: " + afterRestart);
                if (afterRestart.tempFiles() > 0) failures.add("round " + round + ": " + afterRestart.tempFiles() + " temporary files survived the restart");
                List<ModuleVersion> batch = mods.subList(round * per, (round + 1) * per);
                long killAfter = 50 + random.nextInt(1500);
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (ModuleVersion mv : batch) {
                        pool.submit(() -> {
                            try (RawClient http = new RawClient(child.port(), 30_000)) {
                                for (String kind : List.of("info", "mod", "zip")) {
                                    RawClient.Reply r = http.get("GET", ReliabilityTree.url(mv, kind));
                                    if (r == null) {
                                        interrupted.incrementAndGet();
                                        return null;
                                    }
                                    completed.incrementAndGet();
                                }
                            } catch (IOException e) {
                                interrupted.incrementAndGet();
                            }
                            return null;
                        });
                    }
                    Thread.sleep(killAfter);
                    child.kill9();
                }
                ReliabilityTree.Audit afterKill = tree.audit(data);
                maxTempsAfterKill = Math.max(maxTempsAfterKill, afterKill.tempFiles());
                if (!afterKill.ok()) failures.add("round " + round + " right after kill -9: " + afterKill);
            }
            // A last restart: everything of every round is fetched and served whole.
            int served = 0;
            try (ModgateChild child = ModgateChild.start(log, args)) {
                ReliabilityTree.Audit a = tree.audit(data);
                if (a.tempFiles() > 0) failures.add("final restart: " + a.tempFiles() + " temporary files survived");
                List<Future<Integer>> counts = new ArrayList<>();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (List<ModuleVersion> part : partition(mods, 16)) {
                        counts.add(pool.submit(() -> {
                            int ok = 0;
                            try (RawClient http = new RawClient(child.port(), 60_000)) {
                                for (ModuleVersion mv : part) {
                                    for (String kind : List.of("info", "mod", "zip")) {
                                        RawClient.Reply r = http.get("GET", ReliabilityTree.url(mv, kind));
                                        if (r != null && r.status() == 200 && Arrays.equals(r.body(), tree.bytes(mv, kind))) ok++;
                                        else failures.add("after the crashes, " + mv + " ." + kind + ": " + (r == null ? "no answer" : r.status() + " " + r.text().strip()));
                                    }
                                }
                            }
                            return ok;
                        }));
                    }
                }
                for (Future<Integer> f : counts) served += f.get();
            }
            ReliabilityTree.Audit last = tree.audit(data);
            if (!last.ok()) failures.add("final audit: " + last);
            row("kill -9 at random moments during " + per + " concurrent cold fetches (.info, .mod, .zip of 16 KB-" + (SCALE.crashMaxBytes() >> 10) + " KB), "
                    + rounds + " times, restart each time (separate process" + (System.getProperty("reliability.jar", "").isEmpty() ? ", test classpath" : ", built jar") + ")",
                    failures.isEmpty(), failures.isEmpty()
                            ? rounds + " kills; " + completed.get() + " answers completed and " + interrupted.get() + " cut by the kills; up to " + maxTempsAfterKill
                                    + " partial temporary files after a kill, none after each restart; every file complete and true after every kill; finally "
                                    + served + " artifacts served, " + last
                            : String.join("; ", failures.subList(0, Math.min(8, failures.size()))));
            assertThat(failures).isEmpty();
        }
    }

    static <T> List<List<T>> partition(List<T> all, int parts) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) out.add(new ArrayList<>());
        for (int i = 0; i < all.size(); i++) out.get(i % parts).add(all.get(i));
        return out;
    }

    // ------------------------------------------------------------------------------------------ hostile input

    static final String SECRET = "secret-outside-the-data-directory";

    @Test @Order(3)
    void hostileRequests() throws Exception {
        Path root = tmp.resolve("hostile");
        ReliabilityTree tree = ReliabilityTree.generate(root.resolve("tree"), "h", 4, 1000, 3000, 3);
        // The data directory sits in a box beside things a traversal would find.
        Path box = Files.createDirectories(root.resolve("box"));
        Path data = box.resolve("data");
        Files.writeString(box.resolve("secret.txt"), SECRET);
        Files.createDirectories(box.resolve("x.com/m/@v"));
        Files.writeString(box.resolve("x.com/m/@v/v1.0.0.info"), SECRET);
        Files.writeString(box.resolve("x.com/m/@v/list"), SECRET);
        Files.writeString(box.resolve("x.com/m/@v/v1.0.0.mod"), SECRET);
        List<Path> canaries;
        try (Stream<Path> s = Files.walk(box)) {
            canaries = s.filter(Files::isRegularFile).toList();
        }
        // Reads are seen by access time: set it two days back (relatime then updates it on any read).
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        for (Path c : canaries) Files.getFileAttributeView(c, BasicFileAttributeView.class).setTimes(null, old, null);
        boolean atimeWorks = atimeWorks(root);

        List<String> bases = new ArrayList<>();
        for (ModuleVersion mv : tree.modules()) {
            for (String kind : List.of("info", "mod", "zip", "list")) bases.add(ReliabilityTree.url(mv, kind));
        }
        bases.addAll(List.of("/example.com/rel/h000/@latest", "/", "/healthz", "/x.com/m/@v/list", "/x.com/m/@v/v1.0.0.info",
                "/sumdb/sum.golang.org/supported", "/sumdb/sum.golang.org/lookup/example.com/rel/h000@v1.0.0", "/sumdb/x/tile/8/0/000",
                "/github.com/!azure/azure-sdk-for-go/@v/v1.0.0.info", "/example.com/rel/h000/@v/v1.0.0-0.20231010101010-abcdefabcdef.info",
                "/example.com/rel/h000/@v/master.info", "/example.com/rel/h000/v2/@v/v2.0.0+incompatible.zip"));

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> fivexx = Collections.synchronizedList(new ArrayList<>());
        List<String> leaks = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger noAnswer = new AtomicInteger(), sent = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        int total = SCALE.hostileRequests(), workers = 8;
        try (FaultyUpstream up = new FaultyUpstream(tree.root()); TestModgate m = new TestModgate(config(data, up.url()), Map.of())) {
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    pool.submit(() -> {
                        HostileRequests gen = new HostileRequests(1000 + worker, bases);
                        RawClient http = new RawClient(m.port(), 20_000);
                        try {
                            for (int i = worker; i < total; i += workers) {
                                HostileRequests.Request req = gen.next();
                                long s = System.nanoTime();
                                RawClient.Reply r;
                                try {
                                    r = http.send(req.method(), req.bytes(), req.head());
                                } catch (IOException e) {
                                    r = null;
                                }
                                sent.incrementAndGet();
                                if (req.dirty()) http.abort();
                                if (r == null) {
                                    // Refused by closing, or an incomplete request the server still waits on (until the
                                    // client's 20 s timeout): neither is an answer, so neither counts as the slowest.
                                    noAnswer.incrementAndGet();
                                    continue;
                                }
                                slowest.accumulateAndGet((System.nanoTime() - s) / 1_000_000, Math::max);
                                statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                                if (r.status() >= 500 && fivexx.size() < 20) fivexx.add(r.status() + " for " + req.summary() + ": " + r.text().strip());
                                if (r.text().contains(SECRET) && leaks.size() < 20) leaks.add(req.summary());
                            }
                        } finally {
                            http.close();
                        }
                        return null;
                    });
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            // Still serving, and serving the right thing.
            RawClient.Reply after;
            try (RawClient http = new RawClient(m.port(), 10_000)) {
                after = http.get("GET", ReliabilityTree.url(tree.modules().get(0), "zip"));
            }
            boolean stillServing = after != null && after.status() == 200 && Arrays.equals(after.body(), tree.bytes(tree.modules().get(0), "zip"));
            List<String> outside = new ArrayList<>();
            try (Stream<Path> s = Files.walk(box)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    if (!p.startsWith(data) && !canaries.contains(p)) outside.add("created " + box.relativize(p));
                }
            }
            for (Path c : canaries) {
                // Access time first: checking the content reads the file.
                FileTime atime = Files.readAttributes(c, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime();
                if (atimeWorks && atime.compareTo(old) > 0) outside.add("read " + box.relativize(c));
                if (!Files.readString(c).equals(SECRET)) outside.add("changed " + box.relativize(c));
            }
            ReliabilityTree.Audit audit = tree.audit(data);
            int n5 = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(e -> e.getValue().get()).sum();
            boolean ok = n5 == 0 && leaks.isEmpty() && outside.isEmpty() && stillServing && audit.ok();
            Map<Integer, Integer> hist = new TreeMap<>();
            statuses.forEach((k, v) -> hist.put(k, v.get()));
            String detail = String.format("%,d requests in %.0f s; statuses %s; %d without an answer (refused by closing the connection, or incomplete requests left waiting until the client gave up);"
                    + " slowest answer %d ms; zero 5xx: %s; nothing read or created outside the data directory: %s%s; secrets in bodies: %d; still serving: %s; %s",
                    sent.get(), secs, hist, noAnswer.get(), slowest.get(), n5 == 0 ? "yes" : "NO " + fivexx, outside.isEmpty() ? "yes" : "NO " + outside,
                    atimeWorks ? " (checked by access time)" : " (access times not kept by this file system: checked by listing and content only)",
                    leaks.size(), stillServing, audit);
            row(String.format("hostile input: %,d generated/mutated requests (traversal, encodings, NUL, invalid UTF-8, huge paths, bad escapes, odd methods and versions, giant/many/malformed headers, ranges)", total), ok, detail);
            assertThat(fivexx).isEmpty();
            assertThat(leaks).isEmpty();
            assertThat(outside).isEmpty();
            assertThat(stillServing).isTrue();
            assertThat(audit.problems()).isEmpty();
        }
    }

    private static boolean atimeWorks(Path dir) throws IOException {
        Path probe = Files.writeString(dir.resolve("atime-probe"), "x");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.getFileAttributeView(probe, BasicFileAttributeView.class).setTimes(null, old, null);
        Files.readString(probe);
        boolean works = Files.readAttributes(probe, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime().compareTo(old) > 0;
        Files.delete(probe);
        return works;
    }

    // ------------------------------------------------------------------------------------------ idle and slow connections

    @Test @Order(4)
    void idleAndSlowConnectionsDoNotStopServing() throws Exception {
        int n = SCALE.slowConnections();
        Path root = tmp.resolve("slow");
        ReliabilityTree tree = ReliabilityTree.generate(root.resolve("tree"), "s", 3, 2 << 20, (2 << 20) + 1, 4);
        ModuleVersion big = tree.modules().get(0);
        List<Socket> sockets = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (FaultyUpstream up = new FaultyUpstream(tree.root()); TestModgate m = new TestModgate(config(root.resolve("data"), up.url()), Map.of())) {
            try (RawClient warm = new RawClient(m.port(), 10_000)) {
                for (ModuleVersion mv : tree.modules()) warm.get("GET", ReliabilityTree.url(mv, "zip"));
            }
            int idle = n * 2 / 5, slowHeaders = n * 2 / 5, slowReaders = n - idle - slowHeaders;
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", m.port()), 10_000);
                if (i >= idle && i < idle + slowHeaders) {
                    s.getOutputStream().write(("GET " + ReliabilityTree.url(big, "list") + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").getBytes(StandardCharsets.ISO_8859_1));
                } else if (i >= idle + slowHeaders) {
                    // Asks for 2 MB and never reads: the server's socket buffer fills and stays full.
                    s.setReceiveBufferSize(4096);
                    s.getOutputStream().write(("GET " + ReliabilityTree.url(big, "zip") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                sockets.add(s);
            }
            // Slow-loris: one more header byte per second on each slow connection, while normal clients are served.
            Thread drip = Thread.ofVirtual().start(() -> {
                try {
                    for (int k = 0; k < 30; k++) {
                        for (int i = idle; i < idle + slowHeaders; i++) {
                            try {
                                OutputStream o = sockets.get(i).getOutputStream();
                                o.write('a');
                                o.flush();
                            } catch (IOException e) {
                                // the server may close it
                            }
                        }
                        Thread.sleep(1000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Long> latencies = new ArrayList<>();
            int ok = 0, normal = SCALE.name().equals("full") ? 500 : 100;
            long t0 = System.nanoTime();
            for (int i = 0; i < normal; i++) {
                ModuleVersion mv = tree.modules().get(1 + i % 2);
                String kind = List.of("info", "mod", "zip", "list").get(i % 4);
                long s = System.nanoTime();
                try (RawClient http = new RawClient(m.port(), 10_000)) {
                    RawClient.Reply r = http.get("GET", ReliabilityTree.url(mv, kind));
                    if (r != null && r.status() == 200) ok++;
                    else failures.add(kind + ": " + (r == null ? "no answer" : r.status()));
                } catch (IOException e) {
                    failures.add(kind + ": " + e);
                }
                latencies.add((System.nanoTime() - s) / 1_000_000);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            drip.interrupt();
            Collections.sort(latencies);
            long p50 = latencies.get(latencies.size() / 2), p99 = latencies.get(latencies.size() * 99 / 100), max = latencies.get(latencies.size() - 1);
            if (p99 > 2000) failures.add("p99 " + p99 + " ms");
            row(String.format("%,d idle or slow connections held open (%d idle, %d slow-loris headers, %d not reading the answer to a %d KB zip)", n, idle, slowHeaders, slowReaders,
                            tree.bytes(big, "zip").length >> 10),
                    failures.isEmpty(), String.format("meanwhile %d/%d normal requests answered 200 in %.1f s (each on a new connection): p50 %d ms, p99 %d ms, max %d ms%s",
                            ok, normal, secs, p50, p99, max, failures.isEmpty() ? "" : "; " + failures.subList(0, Math.min(5, failures.size()))));
            assertThat(failures).isEmpty();
        } finally {
            for (Socket s : sockets) {
                try {
                    s.setSoLinger(true, 0);
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ disk full

    @Test @Order(5)
    void diskFull() throws Exception {
        Path root = tmp.resolve("full");
        Path mnt = Files.createDirectories(root.resolve("mnt"));
        String mountError = Tmpfs.mount(mnt, "6m");
        if (mountError != null) {
            row("disk full", true, "NOT RUN: cannot mount a small tmpfs here (" + mountError + "); needs root (CAP_SYS_ADMIN)");
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("cannot mount a tmpfs in CI (root): " + mountError);
            Assumptions.abort("cannot mount a tmpfs: " + mountError);
        }
        ch.qos.logback.classic.Logger rootLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        rootLogger.addAppender(logs);
        List<String> failures = new ArrayList<>();
        try {
            ReliabilityTree tree = ReliabilityTree.generate(root.resolve("tree"), "d", 4, 2000, 4000, 5);
            Random r = new Random(6);
            tree.add("example.com/rel/huge", "v1.0.0", "module example.com/rel/huge\n\ngo 1.17\n", 24 << 20, r);
            List<ModuleVersion> mods = tree.modules();
            ModuleVersion cached = mods.get(0), later = mods.get(1), huge = new ModuleVersion("example.com/rel/huge", "v1.0.0");
            Path data = mnt.resolve("data");
            try (FaultyUpstream up = new FaultyUpstream(tree.root()); TestModgate m = new TestModgate(config(data, up.url()), Map.of());
                 RawClient http = new RawClient(m.port(), 30_000)) {
                for (String kind : List.of("info", "mod", "zip")) expect(http, cached, kind, 200, failures, "before: ");
                // A zip larger than the free space.
                RawClient.Reply z = http.get("GET", ReliabilityTree.url(huge, "zip"));
                String zipAnswer = z == null ? "no answer" : z.status() + " " + z.text().lines().findFirst().orElse("");
                if (z == null || z.status() != 507) failures.add("zip larger than the free space: " + zipAnswer);
                // Then the disk fills up completely.
                fill(mnt.resolve("filler"));
                Map<String, String> whenFull = new LinkedHashMap<>();
                for (String kind : List.of("info", "mod", "zip")) {
                    RawClient.Reply a = http.get("GET", ReliabilityTree.url(later, kind));
                    whenFull.put(kind, a == null ? "no answer" : a.status() + " " + a.text().lines().findFirst().orElse(""));
                    if (a == null || a.status() != 507) failures.add("disk full, ." + kind + ": " + whenFull.get(kind));
                    if (Files.exists(DataDirLayout.versionFile(m.server().pipeline().store(), later.path(), later.version(), kind))) failures.add("disk full, ." + kind + " STORED");
                }
                if (Files.exists(DataDirLayout.versionFile(m.server().pipeline().store(), huge.path(), huge.version(), "zip"))) failures.add("huge zip STORED");
                // What is cached is still served.
                for (String kind : List.of("info", "mod", "zip")) expect(http, cached, kind, 200, failures, "cached, disk full: ");
                boolean logged = logs.list.stream().anyMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                        && (e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).matches("(?s).*(full|No space).*"));
                if (!logged) failures.add("no error logged");
                ReliabilityTree.Audit duringFull = tree.audit(data);
                if (!duringFull.ok() || duringFull.tempFiles() > 0) failures.add("while full: " + duringFull);
                // Space comes back: the same fetches work.
                Files.delete(mnt.resolve("filler"));
                for (String kind : List.of("info", "mod", "zip")) expect(http, later, kind, 200, failures, "after freeing space: ");
                ReliabilityTree.Audit audit = tree.audit(data);
                if (!audit.ok() || audit.tempFiles() > 0) failures.add("audit: " + audit);
                row("disk full: data directory on a 6 MB tmpfs; a 7 MB zip, then every fetch with the disk filled up",
                        failures.isEmpty(), failures.isEmpty()
                                ? "zip too large: " + zipAnswer + "; when full: .info/.mod/.zip " + whenFull.values().stream().map(s -> s.split(" ")[0]).toList()
                                        + " (\"" + whenFull.get("info").substring(4) + "\"), error logged, nothing partial stored, cached artifacts still served; "
                                        + "after freeing space the same fetches succeed; " + audit
                                : String.join("; ", failures));
                assertThat(failures).isEmpty();
            }
        } finally {
            rootLogger.detachAppender(logs);
            Tmpfs.umount(mnt);
        }
    }

    private static void expect(RawClient http, ModuleVersion mv, String kind, int status, List<String> failures, String when) throws IOException {
        RawClient.Reply r = http.get("GET", ReliabilityTree.url(mv, kind));
        if (r == null || r.status() != status) failures.add(when + mv + " ." + kind + ": " + (r == null ? "no answer" : r.status() + " " + r.text().strip()));
    }

    private static void fill(Path filler) {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 100_000; i++) out.write(block);
        } catch (IOException e) {
            // No space left: that was the point.
        }
    }
}
