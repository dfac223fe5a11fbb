package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * modgate vulndb affected: the stored versions (their .zip) that the entries new or modified in the snapshot in force
 * affect, against the kept snapshot before it or a named one; exit status 0 when none, 1 when some, 2 when it cannot
 * tell.
 */
class VulnDbAffectedTest {
    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void storeSomeVersions() throws IOException {
        data = tmp.resolve("data");
        TestVulnDb.store(data, "example.com/a", "v1.1.0", true);   // GO-2024-0001: < 1.2.0
        TestVulnDb.store(data, "example.com/a", "v1.2.0", true);   // fixed
        TestVulnDb.store(data, "example.com/a", "v1.3.5", true);   // GO-2024-0002: 1.3.0 <= v < 1.4.1
        TestVulnDb.store(data, "example.com/a", "v1.0.0", false);  // a go.mod only: not a version anyone builds with from here
        TestVulnDb.store(data, "example.com/b/v2", "v2.1.0", true); // GO-2024-0002 (no fix) and GO-2024-0004 (fixed in 2.5.0+incompatible)
        TestVulnDb.store(data, "example.com/c", "v0.0.0-20221201000000-abcdefabcdef", true); // GO-2023-1234: before the pseudo-version
        TestVulnDb.store(data, "example.com/c", "v0.0.0-20230201000000-abcdefabcdef", true); // after it
        TestVulnDb.store(data, "golang.org/toolchain", "v0.0.1-go1.21.7.linux-amd64", true); // GO-2024-0003: stdlib and toolchain < 1.21.8
        TestVulnDb.store(data, "golang.org/toolchain", "v0.0.1-go1.21.8.linux-amd64", true);
    }

    private String importDb(TestVulnDb db) throws IOException {
        Cli.Result r = Cli.run("vulndb", "import", db.zip(tmp.resolve("db-" + System.nanoTime() + ".zip")).toString(), "--data", data.toString(), "--force");
        assertThat(r.exit()).as(r.err()).isZero();
        return Files.readString(data.resolve(".modgate/vulndb/current")).strip();
    }

    private Cli.Result affected(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("vulndb", "affected", "--data", data.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theFirstSnapshotReportsEveryEntry() throws Exception {
        String first = importDb(TestVulnDb.standard());
        Cli.Result r = affected();
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).containsExactly(
                "entries new or modified in " + first + " since nothing (no earlier snapshot kept: all of them): 5; "
                        + "stored versions they affect (module-level match: govulncheck may find the vulnerable code unreachable):",
                "GO-2023-1234 (GHSA-xxxx-yyyy-zzzz)  example.com/c@v0.0.0-20221201000000-abcdefabcdef  fixed in v0.0.0-20230101000000-abcdefabcdef",
                "GO-2024-0001 (CVE-2024-0001, GHSA-aaaa-bbbb-cccc)  example.com/a@v1.1.0  fixed in v1.2.0",
                "GO-2024-0002 (CVE-2024-0002)  example.com/a@v1.3.5  fixed in v1.4.1",
                "GO-2024-0002 (CVE-2024-0002)  example.com/b/v2@v2.1.0  no fix",
                "GO-2024-0003  golang.org/toolchain@v0.0.1-go1.21.7.linux-amd64  fixed in go1.21.8",
                "GO-2024-0004 (CVE-2024-0004)  example.com/b/v2@v2.1.0  fixed in v2.5.0+incompatible",
                "5 stored module versions affected, by 5 of the 5 entries");
    }

    @Test
    void aNewSnapshotReportsOnlyItsNewAndModifiedEntries() throws Exception {
        TestVulnDb db = TestVulnDb.standard();
        String first = importDb(db);
        db.touch("GO-2024-0001", "2024-08-01T00:00:00Z");
        db.put("GO-2024-0005", "2024-08-02T00:00:00Z", List.of("CVE-2024-0005"), new TestVulnDb.Affected("example.com/a", "1.3.0", "1.3.6"),
                new TestVulnDb.Affected("example.com/notstored", "0", null));
        String second = importDb(db);

        Cli.Result r = affected();
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.outLines()).containsExactly(
                "entries new or modified in " + second + " since " + first + ": 2; "
                        + "stored versions they affect (module-level match: govulncheck may find the vulnerable code unreachable):",
                "GO-2024-0001 (CVE-2024-0001, GHSA-aaaa-bbbb-cccc)  example.com/a@v1.1.0  fixed in v1.2.0",
                "GO-2024-0005 (CVE-2024-0005)  example.com/a@v1.3.5  fixed in v1.3.6",
                "2 stored module versions affected, by 2 of the 2 entries");
        assertThat(affected("--since", first).out()).isEqualTo(r.out());

        db.touch("GO-2024-0005", "2024-08-03T00:00:00Z");
        db.put("GO-2024-0006", "2024-08-03T00:00:00Z", List.of(), new TestVulnDb.Affected("example.com/a", "1.5.0", "1.6.0"));
        String third = importDb(db);
        Cli.Result since = affected("--since", second);
        assertThat(since.exit()).as(since.err()).isEqualTo(1);
        assertThat(since.outLines()).containsExactly(
                "entries new or modified in " + third + " since " + second + ": 2; "
                        + "stored versions they affect (module-level match: govulncheck may find the vulnerable code unreachable):",
                "GO-2024-0005 (CVE-2024-0005)  example.com/a@v1.3.5  fixed in v1.3.6",
                "1 stored module versions affected, by 1 of the 2 entries");
        // Against the first: everything since.
        assertThat(affected("--since", first).outLines()).hasSize(4).last().isEqualTo("2 stored module versions affected, by 2 of the 3 entries");

        // A change that reaches no stored version: exit status 0, for scripts.
        db.put("GO-2024-0007", "2024-08-04T00:00:00Z", List.of(), new TestVulnDb.Affected("example.com/a", "1.5.0", "1.6.0"));
        importDb(db);
        Cli.Result nothing = affected();
        assertThat(nothing.exit()).as(nothing.err()).isZero();
        assertThat(nothing.outLines()).last().isEqualTo("no stored module version is affected");
    }

    @Test
    void whatCannotBeToldIsExitStatusTwo() throws Exception {
        Cli.Result noSnapshot = affected();
        assertThat(noSnapshot.exit()).isEqualTo(2);
        assertThat(noSnapshot.err()).isEqualTo("modgate: " + data + " has no vulnerability database snapshot: run modgate vulndb sync or import\n");

        String first = importDb(TestVulnDb.standard());
        Cli.Result unknown = affected("--since", "20200101T000000Z-000000000000");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("modgate: --since: 20200101T000000Z-000000000000 is not a snapshot kept in ")
                .endsWith(": give one that modgate vulndb status shows\n");
        Cli.Result itself = affected("--since", first);
        assertThat(itself.exit()).isEqualTo(2);
        assertThat(itself.err()).isEqualTo("modgate: --since: " + first + " is the snapshot in force: give an earlier one\n");
    }
}
