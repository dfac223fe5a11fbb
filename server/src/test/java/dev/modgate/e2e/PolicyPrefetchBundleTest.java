package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Cli;
import dev.modgate.testing.DataDirLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy outside serve: prefetch goes through the same gate (a refused zip is a failure with the 403 reason,
 * exit 1); bundle export leaves out the zips of refused versions and carries their .info/.mod; bundle import keeps
 * refused versions and names them.
 */
class PolicyPrefetchBundleTest {
    @TempDir Path tmp;

    @Test
    void prefetchReportsRefusedVersionsAndFetchesTheRest() throws Exception {
        PolicyFixture fixture = new PolicyFixture(tmp);
        fixture.write("deny example.com/b <v1.1.0 reason \"CVE-2026-0001\"\n");
        Path data = tmp.resolve("data");
        Cli.Result r = Cli.run("prefetch", "--data", data.toString(), "--upstream", fixture.upstream(), "--sumdb", "off",
                "--policy", fixture.policy.toString(), "example.com/b@v1.0.0", "example.com/b@v1.2.0");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("example.com/b@v1.0.0").contains("denied by policy").contains("CVE-2026-0001");
        assertThat(DataDirLayout.versionFile(data, "example.com/b", "v1.2.0", "zip")).exists();
        assertThat(DataDirLayout.versionFile(data, "example.com/b", "v1.0.0", "zip")).doesNotExist();
        assertThat(DataDirLayout.versionFile(data, "example.com/b", "v1.0.0", "mod")).exists(); // the graph may need it
    }

    @Test
    void bundleExportLeavesOutRefusedZipsAndImportFlagsThem() throws Exception {
        PolicyFixture fixture = new PolicyFixture(tmp);
        Path data = tmp.resolve("data");
        Cli.Result fetched = Cli.run("prefetch", "--data", data.toString(), "--upstream", fixture.upstream(), "--sumdb", "off",
                "example.com/b@v1.0.0", "example.com/b@v1.2.0");
        assertThat(fetched.exit()).as(fetched.out() + fetched.err()).isZero();

        fixture.write("deny example.com/b <v1.1.0\n");
        Path bundle = tmp.resolve("b.tar");
        Cli.Result export = Cli.run("bundle", "export", "--data", data.toString(), "--sumdb", "off", "--policy", fixture.policy.toString(),
                "-o", bundle.toString());
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        assertThat(export.out()).contains("policy: 1 zips left out");
        Path target = tmp.resolve("target");
        Cli.Result plain = Cli.run("bundle", "import", "--data", target.toString(), "--sumdb", "off", bundle.toString());
        assertThat(plain.exit()).as(plain.out() + plain.err()).isZero();
        assertThat(DataDirLayout.versionFile(target, "example.com/b", "v1.0.0", "zip")).doesNotExist();
        assertThat(DataDirLayout.versionFile(target, "example.com/b", "v1.0.0", "mod")).exists();
        assertThat(DataDirLayout.versionFile(target, "example.com/b", "v1.2.0", "zip")).exists();

        // Exported without the policy, imported with one that refuses v1.2.0: kept, and named.
        Path all = tmp.resolve("all.tar");
        assertThat(Cli.run("bundle", "export", "--data", data.toString(), "--sumdb", "off", "-o", all.toString()).exit()).isZero();
        Path deny = tmp.resolve("deny.txt");
        Files.writeString(deny, "deny example.com/b v1.2.0\n");
        Path second = tmp.resolve("second");
        Cli.Result flagged = Cli.run("bundle", "import", "--data", second.toString(), "--sumdb", "off", "--policy", deny.toString(), all.toString());
        assertThat(flagged.exit()).as(flagged.out() + flagged.err()).isZero();
        assertThat(flagged.out()).contains("policy: 1 imported versions are refused by the policy").contains("example.com/b@v1.2.0");
        assertThat(DataDirLayout.versionFile(second, "example.com/b", "v1.2.0", "zip")).exists();
    }
}
