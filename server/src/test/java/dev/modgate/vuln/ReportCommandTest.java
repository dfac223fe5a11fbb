package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.testing.Cli;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 8, {@code modgate report}, from outside: a main module requiring four modules of a file:// upstream
 * (one affected by the test vulnerability database, one retracted, one deprecated, one that the policy denies), the
 * database imported into the data directory; the report through this process's chain (--data) and through a running
 * modgate over loopback HTTP (--server). Here, in the vuln package, for {@link TestVulnDb}.
 */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private Path tree, project, policy;

    @BeforeEach
    void upstreamProjectAndPolicy() throws Exception {
        tree = tmp.resolve("tree");
        Map<String, List<String>> lists = new LinkedHashMap<>();
        // GO-2024-0001 affects example.com/a below 1.2.0; GO-2024-0002 from 1.3.0 to below 1.4.1.
        for (String v : List.of("v1.1.0", "v1.2.0", "v1.3.0", "v1.4.1")) module(lists, "example.com/a", v, "module example.com/a\n\ngo 1.16\n");
        for (String v : List.of("v1.0.0", "v1.1.0")) module(lists, "example.com/b", v, "module example.com/b\n\ngo 1.16\n");
        for (String v : List.of("v1.2.0", "v1.3.0")) module(lists, "example.com/lib", v, "module example.com/lib\n\ngo 1.16\n");
        module(lists, "example.com/lib", "v1.4.0", "module example.com/lib\n\ngo 1.16\n\nretract v1.3.0 // broken release\n");
        module(lists, "example.com/old", "v1.0.0", "module example.com/old\n\ngo 1.16\n");
        module(lists, "example.com/old", "v1.1.0", "// Deprecated: use example.com/new instead.\nmodule example.com/old\n\ngo 1.16\n");
        for (var e : lists.entrySet()) {
            Files.writeString(GoproxyTree.moduleDir(tree, e.getKey()).resolve("@v").resolve("list"), String.join("\n", e.getValue()) + "\n");
        }
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("go.mod"), """
                module example.com/main

                go 1.21

                require (
                	example.com/a v1.1.0
                	example.com/b v1.0.0
                	example.com/lib v1.3.0
                	example.com/old v1.0.0
                )
                """);
        policy = tmp.resolve("policy.txt");
        Files.writeString(policy, "deny example.com/b v1.0.0 reason \"not reviewed\"\n");
    }

    private void module(Map<String, List<String>> lists, String path, String version, String goMod) throws Exception {
        Path dir = Files.createDirectories(GoproxyTree.moduleDir(tree, path).resolve("@v"));
        Files.writeString(dir.resolve(version + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        Files.writeString(dir.resolve(version + ".mod"), goMod);
        String pkg = path.substring(path.lastIndexOf('/') + 1);
        List<ModuleFile> files = new ArrayList<>(List.of(ModuleFile.of("go.mod", goMod.getBytes(StandardCharsets.UTF_8)),
                ModuleFile.of(pkg + ".go", ("package " + pkg + "\n").getBytes(StandardCharsets.UTF_8))));
        if (path.equals("example.com/a")) { // one module with a licence: the report's last column names it
            try (var in = ReportCommandTest.class.getResourceAsStream("/dev/modgate/licence/texts/MIT.txt")) {
                files.add(ModuleFile.of("LICENSE", ("Copyright (c) 2024 Example\n\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
            }
        }
        ModuleZip.create(new ModuleVersion(path, version), files, dir.resolve(version + ".zip"));
        lists.computeIfAbsent(path, k -> new ArrayList<>()).add(version);
    }

    private Path dataWithVulnDb(String name) throws Exception {
        Path data = tmp.resolve(name);
        Cli.Result imported = Cli.run("vulndb", "import", "--data", data.toString(), TestVulnDb.standard().zip(tmp.resolve(name + "-vulndb.zip")).toString());
        assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
        return data;
    }

    private Cli.Result report(Path data, String format, boolean withPolicy) {
        List<String> args = new ArrayList<>(List.of("report", "--data", data.toString(), "--upstream", tree.toUri().toString(), "--sumdb", "off",
                "--format", format));
        if (withPolicy) args.addAll(List.of("--policy", policy.toString()));
        args.add(project.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    /** The rows of the text table, by module path, split into their columns. */
    private static Map<String, List<String>> table(String out) {
        Map<String, List<String>> rows = new TreeMap<>();
        List<String> lines = out.lines().toList();
        assertThat(lines.getFirst()).startsWith("MODULE").contains("VERSION", "NEWEST", "POLICY", "RETRACTED", "DEPRECATED", "VULNERABILITIES");
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) break;
            List<String> cells = List.of(l.split(" {2,}"));
            rows.put(cells.getFirst(), cells);
        }
        return rows;
    }

    @Test
    void textTableJsonAndSarifWithTheDeniedOneFailing() throws Exception {
        Path data = dataWithVulnDb("data");

        Cli.Result text = report(data, "text", true);
        assertThat(text.exit()).as(text.out() + text.err()).isEqualTo(1);
        Map<String, List<String>> rows = table(text.out());
        assertThat(rows.keySet()).containsExactly("example.com/a", "example.com/b", "example.com/lib", "example.com/old");
        // MODULE VERSION NEWEST POLICY RETRACTED DEPRECATED VULNERABILITIES LICENCES (the test's zips have no licence file)
        assertThat(rows.get("example.com/a")).containsExactly("example.com/a", "v1.1.0", "v1.4.1", "allow default", "-", "-", "GO-2024-0001 (fixed v1.2.0)", "MIT");
        assertThat(rows.get("example.com/b")).containsExactly("example.com/b", "v1.0.0", "v1.1.0", "deny " + policy.getFileName() + ":1", "-", "-", "-", "none");
        assertThat(rows.get("example.com/lib")).containsExactly("example.com/lib", "v1.3.0", "v1.4.0", "allow default", "yes", "-", "-", "none");
        assertThat(rows.get("example.com/old")).containsExactly("example.com/old", "v1.0.0", "v1.1.0", "allow default", "-", "yes", "-", "none");
        assertThat(text.out())
                .contains("4 modules: 1 denied, 1 vulnerable (module-level match), 1 retracted, 1 deprecated, 4 outdated")
                .contains("example.com/b@v1.0.0: denied by").contains("not reviewed")
                .contains("example.com/a@v1.1.0: GO-2024-0001 (CVE-2024-0001, GHSA-aaaa-bbbb-cccc), fixed in v1.2.0")
                .contains("example.com/lib@v1.3.0: broken release")
                .contains("example.com/old@v1.0.0: use example.com/new instead.")
                .contains("licences: root licence files");

        Cli.Result json = report(data, "json", true);
        assertThat(json.exit()).as(json.err()).isEqualTo(1);
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.get("report_version").asInt()).isEqualTo(1);
        assertThat(root.get("vulndb").asText()).startsWith("snapshot ");
        assertThat(root.get("vuln_match").asText()).isEqualTo("module-level");
        Map<String, JsonNode> modules = new TreeMap<>();
        for (JsonNode m : root.get("modules")) modules.put(m.get("path").asText(), m);
        assertThat(modules.keySet()).containsExactly("example.com/a", "example.com/b", "example.com/lib", "example.com/old");
        JsonNode a = modules.get("example.com/a");
        assertThat(a.get("version").asText()).isEqualTo("v1.1.0");
        assertThat(a.get("newest").asText()).isEqualTo("v1.4.1");
        assertThat(a.get("licences")).extracting(JsonNode::asText).containsExactly("MIT");
        assertThat(a.get("outdated").asBoolean()).isTrue();
        assertThat(a.get("vulnerabilities")).hasSize(1);
        JsonNode v = a.get("vulnerabilities").get(0);
        assertThat(v.get("id").asText()).isEqualTo("GO-2024-0001");
        assertThat(v.get("aliases")).extracting(JsonNode::asText).containsExactly("CVE-2024-0001", "GHSA-aaaa-bbbb-cccc");
        assertThat(v.get("fixed").asText()).isEqualTo("v1.2.0");
        assertThat(a.get("policy").get("verdict").asText()).isEqualTo("allow");
        assertThat(a.get("denied").asBoolean()).isFalse();
        JsonNode b = modules.get("example.com/b");
        assertThat(b.get("policy").get("verdict").asText()).isEqualTo("deny");
        assertThat(b.get("policy").get("rule").asText()).isEqualTo("policy.txt:1");
        assertThat(b.get("policy").get("enforced").asBoolean()).isTrue();
        assertThat(b.get("denied").asBoolean()).isTrue();
        assertThat(modules.get("example.com/lib").get("retracted").asBoolean()).isTrue();
        assertThat(modules.get("example.com/lib").get("retraction").asText()).isEqualTo("broken release");
        assertThat(modules.get("example.com/lib").get("deprecated").isNull()).isTrue();
        assertThat(modules.get("example.com/old").get("deprecated").asText()).isEqualTo("use example.com/new instead.");
        assertThat(modules.get("example.com/old").get("retraction").isNull()).isTrue();
        for (JsonNode m : modules.values()) assertThat(m.get("errors")).as(m.toString()).isEmpty();
        JsonNode summary = root.get("summary");
        assertThat(List.of(summary.get("modules").asInt(), summary.get("denied").asInt(), summary.get("vulnerable").asInt(),
                summary.get("retracted").asInt(), summary.get("deprecated").asInt(), summary.get("outdated").asInt(), summary.get("errors").asInt()))
                .containsExactly(4, 1, 1, 1, 1, 4, 0);

        Cli.Result sarif = report(data, "sarif", true);
        assertThat(sarif.exit()).as(sarif.err()).isEqualTo(1);
        JsonNode log = JSON.readTree(sarif.out());
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.get("$schema").asText()).contains("sarif-2.1.0");
        assertThat(log.get("runs")).hasSize(1);
        JsonNode run = log.get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("name").asText()).isNotEmpty();
        List<String> ruleIds = new ArrayList<>();
        for (JsonNode rule : run.get("tool").get("driver").get("rules")) {
            assertThat(rule.get("shortDescription").get("text").asText()).isNotEmpty();
            ruleIds.add(rule.get("id").asText());
        }
        Map<String, String> levels = new TreeMap<>();
        for (JsonNode r : run.get("results")) {
            assertThat(r.get("message").get("text").asText()).isNotEmpty();
            assertThat(ruleIds).contains(r.get("ruleId").asText());
            assertThat(r.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText()).endsWith("project/go.mod");
            levels.put(r.get("ruleId").asText(), r.get("level").asText());
        }
        assertThat(levels).containsExactlyInAnyOrderEntriesOf(Map.of("policy", "error", "GO-2024-0001", "warning", "retracted", "warning",
                "deprecated", "warning"));

        Cli.Result noPolicy = report(data, "text", false);
        assertThat(noPolicy.exit()).as(noPolicy.out() + noPolicy.err()).isZero();
        assertThat(table(noPolicy.out()).get("example.com/b")).containsExactly("example.com/b", "v1.0.0", "v1.1.0", "none", "-", "-", "-", "none");
        assertThat(noPolicy.out()).contains("4 modules: 0 denied, 1 vulnerable");
    }

    @Test
    void aRunningModgateGivesTheSameModulesVersionsAndDecisions() throws Exception {
        Cli.Result local = report(dataWithVulnDb("local"), "json", true);
        assertThat(local.exit()).as(local.err()).isEqualTo(1);
        Path served = dataWithVulnDb("served");
        try (TestModgate modgate = new TestModgate(TestModgate.config(served, tree.toUri().toString()).policy(policy), Map.of())) {
            Cli.Result remote = Cli.run("report", "--server", modgate.url(), "--format", "json", project.toString());
            assertThat(remote.exit()).as(remote.out() + remote.err()).isEqualTo(1);
            assertThat(facts(JSON.readTree(remote.out()))).isEqualTo(facts(JSON.readTree(local.out())));
            assertThat(JSON.readTree(remote.out()).get("vulndb").asText()).startsWith("modified ");

            Cli.Result text = Cli.run("report", "--server", modgate.url(), project.resolve("go.mod").toString());
            assertThat(table(text.out()).get("example.com/b")).containsExactly("example.com/b", "v1.0.0", "v1.1.0", "deny policy.txt:1", "-", "-", "-", "?");

            Cli.Result both = Cli.run("report", "--server", modgate.url(), "--data", served.toString(), project.toString());
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("--data with --server");
        }
        Cli.Result notHttp = Cli.run("report", "--server", "ftp://modgate.example", project.toString());
        assertThat(notHttp.exit()).isEqualTo(2);
        assertThat(notHttp.err()).contains("not an http:// or https:// URL");
        Cli.Result missing = Cli.run("report", tmp.resolve("nothing-here").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing-here: no such file or directory");
    }

    @Test
    void aDryRunPolicyShowsWhatItWouldRefuseAndFailsNothing() throws Exception {
        Files.writeString(policy, "mode dry-run\ndeny example.com/b v1.0.0 reason \"not reviewed\"\n");
        Cli.Result local = report(dataWithVulnDb("local"), "text", true);
        assertThat(local.exit()).as(local.out() + local.err()).isZero();
        assertThat(table(local.out()).get("example.com/b").get(3)).isEqualTo("deny (dry-run) policy.txt:2");
        assertThat(local.out()).contains("0 denied").contains("dry-run:\n  example.com/b@v1.0.0: would be refused: denied by");
        try (TestModgate modgate = new TestModgate(TestModgate.config(dataWithVulnDb("served"), tree.toUri().toString()).policy(policy), Map.of())) {
            Cli.Result remote = Cli.run("report", "--server", modgate.url(), project.toString());
            assertThat(remote.exit()).as(remote.out() + remote.err()).isZero();
            assertThat(table(remote.out()).get("example.com/b").get(3)).isEqualTo("deny (dry-run) policy.txt:2");
        }
    }

    /** What both ways must agree on: each module's version, newest, retraction, deprecation, vulnerabilities, verdict. */
    private static List<String> facts(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : report.get("modules")) {
            List<String> vulns = new ArrayList<>();
            for (JsonNode v : m.get("vulnerabilities")) vulns.add(v.get("id").asText() + " " + v.get("fixed").asText());
            JsonNode p = m.get("policy");
            // A server names the rule and says why only when it refuses (or warns).
            String verdict = p.get("verdict").asText() + (p.get("verdict").asText().equals("allow") ? "" : " " + p.get("rule").asText() + ": " + p.get("text").asText());
            out.add(String.join(" | ", m.get("path").asText(), m.get("version").asText(), m.get("newest").asText(), m.get("retraction").asText(),
                    m.get("deprecated").asText(), String.valueOf(vulns), verdict, String.valueOf(m.get("denied").asBoolean()), m.get("errors").toString()));
        }
        return out;
    }
}
