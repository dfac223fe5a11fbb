package dev.modgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the report that need no server: a server's policy header read, the summary's length, SARIF's shape. */
class ReportFormatsTest {
    private static final PolicyVerdict ALLOW = new PolicyVerdict("allow", "default", "allowed by default", true);

    @Test
    void aServersPolicyHeaderIsReadAsTheVerdictAndRule() {
        PolicyVerdict hold = ServerDecisions.parse("hold policy.txt:5 until 2026-01-01T00:00:00Z", true);
        assertThat(List.of(hold.verdict(), hold.rule())).containsExactly("hold", "policy.txt:5");
        assertThat(hold.refused()).isTrue();
        PolicyVerdict warn = ServerDecisions.parse("allow default; vuln warn policy.txt:3: GO-2024-0001", true);
        assertThat(List.of(warn.verdict(), warn.rule())).containsExactly("allow", "default");
        assertThat(warn.refused()).isFalse();
        PolicyVerdict dryRun = ServerDecisions.parse("deny policy.txt:2", false);
        assertThat(dryRun.refused()).isFalse();
        assertThat(dryRun.wouldRefuse()).isTrue();
        assertThat(dryRun.cell()).isEqualTo("deny (dry-run) policy.txt:2");
        PolicyVerdict other = ServerDecisions.parse("latest allowed version", true);
        assertThat(List.of(other.verdict(), other.rule())).containsExactly("allow", "");
    }

    @Test
    void theSummaryFitsOnAScreenWhateverTheNumberOfFindings() {
        List<ModuleReport> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new ModuleReport("example.com/m" + i, "v1.0.0", "v1.1.0", "", "use another", List.of(
                    new ModuleReport.Vulnerability("GO-2024-00" + (10 + i), List.of("CVE-2024-1"), "s", null)),
                    new PolicyVerdict("deny", "p.txt:1", "denied", true), null, List.of("version list: 500")));
        }
        StringWriter s = new StringWriter();
        TextReport.summary(new Report("data d", null, null, rows), new PrintWriter(s, true));
        List<String> lines = s.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("40 modules: 40 denied, 40 vulnerable (module-level match), 40 retracted, 40 deprecated, 40 outdated, 40 with errors");
        assertThat(lines).hasSizeLessThanOrEqualTo(45).contains("  ... and 35 more (--format json lists all)");
        assertThat(lines.getLast()).contains("vulnerability database: none").contains("licences: not known here (report with --data)");
    }

    @Test
    void sarifHasOneResultPerFindingEachWithItsRule() throws Exception {
        ModuleReport two = new ModuleReport("example.com/a", "v1.0.0", "v1.0.0", null, null, List.of(
                new ModuleReport.Vulnerability("GO-2024-0001", List.of(), "one", "v1.0.1"),
                new ModuleReport.Vulnerability("GO-2024-0002", List.of(), "two", null)), ALLOW, List.of("MIT"), List.of());
        ModuleReport clean = new ModuleReport("example.com/b", "v1.0.0", "v1.0.0", null, null, List.of(), ALLOW, List.of(), List.of());
        StringWriter out = new StringWriter();
        SarifReport.write(new Report("data d", "snapshot x", null, List.of(two, clean)), null, new PrintWriter(out, true));
        JsonNode run = new ObjectMapper().readTree(out.toString()).get("runs").get(0);
        assertThat(run.get("results")).extracting(r -> r.get("ruleId").asText() + " " + r.get("level").asText())
                .containsExactly("GO-2024-0001 warning", "GO-2024-0002 warning");
        assertThat(run.get("results").get(0).has("locations")).isFalse();
        assertThat(run.get("tool").get("driver").get("rules")).extracting(r -> r.get("id").asText()).containsExactly("GO-2024-0001", "GO-2024-0002");
    }
}
