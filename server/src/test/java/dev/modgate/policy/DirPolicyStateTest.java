package dev.modgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.storage.StateDir;
import dev.modgate.testing.ExpectedErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two DirPolicyState instances on one directory stand for two processes (a server and the policy commands). */
class DirPolicyStateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final ModuleVersion QUOTE = new ModuleVersion("rsc.io/quote", "v1.5.2");
    private static final ModuleVersion SAMPLER = new ModuleVersion("rsc.io/sampler", "v1.99.99");

    @TempDir Path data;

    private Path dir() { return StateDir.policyIn(data); }

    @Test
    void firstSeenRecordsAndKeepsTheEarliestAcrossProcesses() throws IOException {
        try (DirPolicyState a = new DirPolicyState(dir()); DirPolicyState b = new DirPolicyState(dir())) {
            assertThat(a.firstSeen("rsc.io/quote", List.of("v1.5.1", "v1.5.2"), T0))
                    .containsExactly(Map.entry("v1.5.1", T0), Map.entry("v1.5.2", T0));
            // b sees a's times, and a version new to both is recorded at b's time.
            Instant later = T0.plus(Duration.ofDays(3));
            assertThat(b.firstSeen("rsc.io/quote", List.of("v1.5.2", "v1.6.0"), later))
                    .containsExactly(Map.entry("v1.5.2", T0), Map.entry("v1.6.0", later));
            assertThat(a.firstSeen("rsc.io/quote", List.of("v1.6.0"), later.plusSeconds(60))).containsEntry("v1.6.0", later);
            // A non-canonical version is answered but not recorded.
            assertThat(a.firstSeen("rsc.io/quote", List.of("v1.6"), later.plusSeconds(1))).containsEntry("v1.6", later.plusSeconds(1));
            assertThat(b.firstSeen("rsc.io/quote", List.of("v1.6"), later.plusSeconds(2))).containsEntry("v1.6", later.plusSeconds(2));
        }
        // Two processes that both appended a version: the earliest line wins on read, whatever the order.
        Path file = dir().resolve("seen").resolve(FirstSeenFiles.fileName("rsc.io/quote"));
        Files.writeString(file, "v1.7.0 " + T0.plusSeconds(50).toEpochMilli() + "\nv1.7.0 " + T0.plusSeconds(10).toEpochMilli() + "\n", StandardOpenOption.APPEND);
        try (DirPolicyState c = new DirPolicyState(dir())) {
            assertThat(c.firstSeen("rsc.io/quote", List.of("v1.7.0"), T0.plusSeconds(99))).containsEntry("v1.7.0", T0.plusSeconds(10));
        }
        assertThat(Files.readString(file)).startsWith("module rsc.io/quote\n");
    }

    @Test
    void anApprovalIsSeenByAnotherProcessAtOnceUntilItExpiresOrIsRevoked() throws IOException {
        try (DirPolicyState server = new DirPolicyState(dir()); DirPolicyState cli = new DirPolicyState(dir())) {
            assertThat(server.approval(QUOTE, T0)).isEmpty(); // read (and cached) before the approval
            Approval a = new Approval(QUOTE, T0.plus(Duration.ofDays(7)), "reviewed by security", "alice", T0);
            cli.approve(a);
            assertThat(server.approval(QUOTE, T0.plusSeconds(1))).contains(a);
            assertThat(server.approval(QUOTE, T0.plus(Duration.ofDays(7)))).as("until is exclusive").isEmpty();
            assertThat(server.approval(SAMPLER, T0.plusSeconds(1))).isEmpty();

            Approval forever = new Approval(SAMPLER, null, "vendored", "bob", T0.plusSeconds(5));
            cli.approve(forever);
            assertThat(server.approval(SAMPLER, T0.plus(Duration.ofDays(3650)))).contains(forever);
            cli.revoke(SAMPLER, "carol", "CVE-2026-0001", T0.plusSeconds(9));
            assertThat(server.approval(SAMPLER, T0.plusSeconds(10))).isEmpty();
            assertThat(server.approval(QUOTE, T0.plusSeconds(10))).contains(a);
        }
    }

    @Test
    void theApprovalLogKeepsEveryEventOldestFirst() throws IOException {
        try (DirPolicyState s = new DirPolicyState(dir())) {
            s.approve(new Approval(QUOTE, null, "ok", "alice", T0));
            s.revoke(QUOTE, "bob", "changed my mind", T0.plusSeconds(1));
            s.approve(new Approval(QUOTE, T0.plusSeconds(100), "\"quoted\"\nnewline", "alice", T0.plusSeconds(2)));
            assertThat(new DirPolicyState(dir()).approvalLog()).containsExactly(
                    new ApprovalEvent("approve", QUOTE, null, "ok", "alice", T0),
                    new ApprovalEvent("revoke", QUOTE, null, "changed my mind", "bob", T0.plusSeconds(1)),
                    new ApprovalEvent("approve", QUOTE, T0.plusSeconds(100), "\"quoted\"\nnewline", "alice", T0.plusSeconds(2)));
            assertThat(Files.readAllLines(dir().resolve("approvals.log"))).hasSize(3);
        }
    }

    @Test
    void tornAndGarbageLinesAreSkippedAndALaterAppendIsStillRead() throws IOException {
        Path log = dir().resolve("approvals.log");
        try (DirPolicyState s = new DirPolicyState(dir())) {
            s.approve(new Approval(QUOTE, null, "ok", "alice", T0));
            Files.writeString(log, "garbage\n{\"action\":\"approve\",\"module\":\"../../etc\",\"version\":\"v1.0.0\",\"at\":\"2026-12-01T10:00:00Z\"}\n"
                    + "[1,2]\n{\"action\":\"approve\",\"module\":\"rsc.io/sampler\",\"version\":\"v1.99.99\",\"at\":\"yesterday\"}\n"
                    + "{\"action\":\"approve\",\"module\":\"rsc.io/sam", StandardOpenOption.APPEND); // torn by a crash
            assertThat(s.approvalLog()).hasSize(1);
            assertThat(s.approval(SAMPLER, T0)).isEmpty();
            assertThat(ExpectedErrors.seen()).anySatisfy(l -> assertThat(l).contains("skipped 4 unreadable line(s) of " + log));

            s.approve(new Approval(SAMPLER, null, "after the crash", "bob", T0.plusSeconds(1)));
            assertThat(new DirPolicyState(dir()).approval(SAMPLER, T0.plusSeconds(2))).isPresent();
            assertThat(s.approvalLog()).extracting(ApprovalEvent::mv).containsExactly(QUOTE, SAMPLER);

            // Cut just after its last brace, a line is whole but its writer never returned: it stays unread.
            ModuleVersion other = new ModuleVersion("rsc.io/other", "v1.0.0");
            Files.writeString(log, PolicyJson.line(ApprovalEvent.approved(new Approval(other, null, "", "", T0))), StandardOpenOption.APPEND);
            s.revoke(QUOTE, "bob", "", T0.plusSeconds(3));
            assertThat(s.approvalLog()).extracting(ApprovalEvent::mv).containsExactly(QUOTE, SAMPLER, QUOTE);
        }
        // Same for first-seen files and the request log.
        Path seen = dir().resolve("seen").resolve(FirstSeenFiles.fileName("rsc.io/quote"));
        Files.createDirectories(seen.getParent());
        Files.writeString(seen, "module rsc.io/quote\nv1.0.0 notatime\nnot-a-version 5\nv1.0.0 99999999999999999999\n\0\0\nv1.1.0 1000\nv1.2.0 12");
        try (DirPolicyState s = new DirPolicyState(dir())) {
            assertThat(s.firstSeen("rsc.io/quote", List.of("v1.0.0", "v1.1.0", "v1.2.0"), T0)).containsExactly(
                    Map.entry("v1.0.0", T0), Map.entry("v1.1.0", Instant.ofEpochMilli(1000)), Map.entry("v1.2.0", T0));
            // The torn line stays unreadable after the append (a time cut short would be earlier: it must never count).
            assertThat(new DirPolicyState(dir()).firstSeen("rsc.io/quote", List.of("v1.2.0"), T0.plusSeconds(5))).containsEntry("v1.2.0", T0);
            assertThat(Files.readAllLines(seen)).contains("v1.2.0 " + T0.toEpochMilli()).doesNotContain("v1.2.0 12");
            Files.writeString(dir().resolve("requests.log"), "{\"module\":\"rsc.io/quote\"}\n{\"count\":-1}\n{", StandardOpenOption.CREATE);
            s.requested(PendingRequest.of(QUOTE, "policy:3", "denied", T0, "10.0.0.1"));
            assertThat(s.pending(T0)).extracting(PendingRequest::mv).containsExactly(QUOTE);
        }
    }

    @Test
    void hostileModuleStringsNeverNameAFileOutsideTheDirectory() throws IOException {
        List<String> hostile = List.of("../../etc", "..", "/etc/passwd", "a/../../b", "rsc.io/\0quote", "C:\\windows", "rsc.io/quote\nv1.0.0 0", "");
        try (DirPolicyState s = new DirPolicyState(dir())) {
            for (String m : hostile) {
                assertThatThrownBy(() -> s.firstSeen(m, List.of("v1.0.0"), T0)).isInstanceOf(IllegalArgumentException.class);
                ModuleVersion mv = new ModuleVersion(m, "v1.0.0");
                assertThatThrownBy(() -> s.approve(new Approval(mv, null, "", "", T0))).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> s.requested(PendingRequest.of(mv, "r", "", T0, "c"))).isInstanceOf(IllegalArgumentException.class);
            }
            // A valid but very long path (Go sets no limit) is a file named by its hash.
            String longPath = "example.com/" + "x".repeat(10_000);
            assertThat(s.firstSeen(longPath, List.of("v1.0.0"), T0)).containsEntry("v1.0.0", T0);
            assertThat(new DirPolicyState(dir()).firstSeen(longPath, List.of("v1.0.0"), T0.plusSeconds(1))).containsEntry("v1.0.0", T0);
            s.approve(new Approval(new ModuleVersion(longPath, "v1.0.0"), null, "../../x", "../..", T0));
        }
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.filter(Files::isRegularFile)).allSatisfy(p -> assertThat(p.startsWith(dir())).as(p.toString()).isTrue())
                    .extracting(p -> dir().relativize(p).toString())
                    .containsExactlyInAnyOrder("approvals.log", "approvals.log.lock", "seen.lock", "seen/" + FirstSeenFiles.fileName("example.com/" + "x".repeat(10_000)));
        }
    }

    @Test
    void aRefusalIsWrittenOnceAnHourAndPendingMergesProcessesAndHidesApprovedOnes() throws IOException {
        Path log = dir().resolve("requests.log");
        try (DirPolicyState a = new DirPolicyState(dir()); DirPolicyState b = new DirPolicyState(dir())) {
            a.requested(PendingRequest.of(QUOTE, "policy:3", "denied", T0, "10.0.0.1"));
            a.requested(PendingRequest.of(QUOTE, "policy:3", "denied", T0.plusSeconds(60), "10.0.0.2"));
            a.requested(PendingRequest.of(QUOTE, "policy:3", "denied", T0.plusSeconds(120), "10.0.0.1"));
            assertThat(Files.readAllLines(log)).as("once within the hour").hasSize(1);
            // This process counts what it has not written; another sees only what was written.
            assertThat(a.pending(T0.plusSeconds(130))).singleElement().satisfies(p -> {
                assertThat(p.count()).isEqualTo(3);
                assertThat(p.first()).isEqualTo(T0);
                assertThat(p.last()).isEqualTo(T0.plusSeconds(120));
                assertThat(p.clients()).containsExactly("10.0.0.2", "10.0.0.1");
            });
            assertThat(b.pending(T0.plusSeconds(130))).singleElement().extracting(PendingRequest::count).isEqualTo(1L);

            b.requested(PendingRequest.of(QUOTE, "policy:3", "denied", T0.plusSeconds(200), "10.0.0.3"));
            b.requested(PendingRequest.of(SAMPLER, "policy:9", "held", T0.plusSeconds(300), "10.0.0.3"));
            a.requested(PendingRequest.of(QUOTE, "policy:3", "denied", T0.plus(Duration.ofMinutes(61)), "10.0.0.4"));
            assertThat(Files.readAllLines(log)).as("the hour passed: a's counts are written").hasSize(4);

            List<PendingRequest> pending = b.pending(T0.plus(Duration.ofMinutes(62)));
            assertThat(pending).extracting(PendingRequest::mv).containsExactly(QUOTE, SAMPLER); // newest first
            assertThat(pending.get(0).count()).isEqualTo(5);
            // Most recent last, at the granularity of the lines: a's line of minute 61 holds 10.0.0.2, 10.0.0.1 and 10.0.0.4.
            assertThat(pending.get(0).clients()).containsExactly("10.0.0.3", "10.0.0.2", "10.0.0.1", "10.0.0.4");

            b.approve(new Approval(QUOTE, null, "fine", "alice", T0.plus(Duration.ofMinutes(63))));
            assertThat(a.pending(T0.plus(Duration.ofMinutes(64)))).extracting(PendingRequest::mv).containsExactly(SAMPLER);

            for (int i = 0; i < 20; i++) a.requested(PendingRequest.of(SAMPLER, "policy:9", "held", T0.plus(Duration.ofMinutes(70 + i)), "client-" + i));
        }
        // Closing wrote what was counted; clients stay at the 8 most recent.
        PendingRequest sampler = new DirPolicyState(dir()).pending(T0.plus(Duration.ofDays(1))).get(0);
        assertThat(sampler.mv()).isEqualTo(SAMPLER);
        assertThat(sampler.count()).isEqualTo(21);
        assertThat(sampler.clients()).hasSize(8).endsWith("client-19").doesNotContain("client-11");
    }

    @Test
    void theRequestLogIsCompactedToOneLinePerKeyPastItsBound() throws IOException {
        Path log = dir().resolve("requests.log");
        Files.createDirectories(dir());
        String line = PolicyJson.line(PendingRequest.of(QUOTE, "policy:3", "x".repeat(1000), T0, "10.0.0.1")) + "\n";
        int copies = (int) (RequestLog.LIMIT / line.length()) + 1;
        Files.writeString(log, line.repeat(copies));
        try (DirPolicyState s = new DirPolicyState(dir())) {
            s.requested(PendingRequest.of(SAMPLER, "policy:9", "held", T0.plusSeconds(1), "10.0.0.2"));
            assertThat(Files.size(log)).isLessThan(RequestLog.LIMIT / 2);
            assertThat(Files.getPosixFilePermissions(log)).as("the umask's, not a temporary file's owner-only mode")
                    .isEqualTo(Files.getPosixFilePermissions(dir().resolve("requests.log.lock")));
            assertThat(Files.readAllLines(log)).hasSize(2);
            List<PendingRequest> pending = s.pending(T0.plusSeconds(2));
            assertThat(pending).extracting(PendingRequest::mv).containsExactly(SAMPLER, QUOTE);
            assertThat(pending.get(1).count()).isEqualTo(copies);
        }
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("requests.log", "requests.log.lock");
        }
    }

    /** Run in a JVM of its own by {@link #realProcessesShareTheDirectoryThroughTheirFileLocks}: DIR NAME COUNT. */
    public static void main(String[] args) throws Exception {
        try (DirPolicyState s = new DirPolicyState(Path.of(args[0]))) {
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                ModuleVersion mv = new ModuleVersion("example.com/" + args[1], "v1.0." + i);
                s.approve(new Approval(mv, null, "r", args[1], T0.plusSeconds(i)));
                s.requested(PendingRequest.of(mv, "policy:1", "denied", T0.plusSeconds(i), args[1]));
                s.firstSeen("example.com/shared", List.of("v1.0." + i), T0.plusSeconds(i));
            }
        }
    }

    @Test
    void realProcessesShareTheDirectoryThroughTheirFileLocks() throws Exception {
        int each = 150;
        List<Process> children = new ArrayList<>();
        for (String name : List.of("p1", "p2")) {
            children.add(new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), DirPolicyStateTest.class.getName(), dir().toString(), name, String.valueOf(each))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        main(new String[] {dir().toString(), "p0", String.valueOf(each)}); // this process takes part too
        for (Process p : children) assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        try (DirPolicyState s = new DirPolicyState(dir())) {
            assertThat(s.approvalLog()).hasSize(3 * each);
            assertThat(s.pending(T0.plus(Duration.ofDays(1)))).isEmpty(); // all approved
            assertThat(Files.readAllLines(dir().resolve("requests.log"))).hasSize(3 * each);
            List<String> seen = Files.readAllLines(dir().resolve("seen").resolve(FirstSeenFiles.fileName("example.com/shared")));
            assertThat(seen).as("the header, then each version once: whoever came second found it there").hasSize(1 + each);
        }
    }

    @Test
    void concurrentAppendsFromEightThreadsOfTwoInstancesLoseNothing() throws Exception {
        int threads = 8, each = 25;
        try (DirPolicyState a = new DirPolicyState(dir()); DirPolicyState b = new DirPolicyState(dir());
             ExecutorService pool = Executors.newFixedThreadPool(threads * 2)) {
            List<Future<?>> done = new ArrayList<>();
            for (DirPolicyState s : List.of(a, b)) {
                for (int t = 0; t < threads; t++) {
                    String who = (s == a ? "a" : "b") + t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            ModuleVersion mv = new ModuleVersion("example.com/" + who, "v1.0." + i);
                            Instant at = T0.plusSeconds(i);
                            s.approve(new Approval(mv, null, "r", who, at));
                            s.requested(PendingRequest.of(mv, "policy:1", "denied", at, who));
                            s.firstSeen("example.com/shared", List.of("v1.0." + i, "v2.0.0+incompatible"), at);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) f.get();
            assertThat(a.approvalLog()).hasSize(2 * threads * each);
            assertThat(Files.readAllLines(dir().resolve("requests.log"))).hasSize(2 * threads * each);
            Map<String, Instant> seenA = a.firstSeen("example.com/shared", List.of("v1.0.0", "v1.0.24"), T0.plusSeconds(999));
            assertThat(b.firstSeen("example.com/shared", List.of("v1.0.0", "v1.0.24"), T0.plusSeconds(999))).isEqualTo(seenA);
            assertThat(seenA.values()).allSatisfy(t -> assertThat(t).isBefore(T0.plusSeconds(each)));
            List<String> lines = Files.readAllLines(dir().resolve("seen").resolve(FirstSeenFiles.fileName("example.com/shared")));
            assertThat(lines).as("each version recorded once: the header, 25 versions, one +incompatible").hasSize(1 + each + 1);
        }
    }
}
