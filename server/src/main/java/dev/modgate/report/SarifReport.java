package dev.modgate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as SARIF 2.1.0, for code-scanning tools: one result per finding of a module (denied by the policy,
 * each vulnerability, retracted, deprecated), its ruleId the vulnerability's ID or "policy", "retracted",
 * "deprecated"; level error for a denied module, warning otherwise. Each result points at the file the build list
 * was read from (the go.mod, go.work or go.sum), when there was one.
 */
public final class SarifReport {
    private SarifReport() {}

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /** @param location the input file, as a relative URI with forward slashes; null for none */
    public static void write(Report r, String location, PrintWriter out) throws IOException {
        out.println(JsonReport.JSON.writeValueAsString(tree(r, location)));
    }

    static ObjectNode tree(Report r, String location) {
        ObjectNode root = JsonReport.JSON.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "modgate report");
        Map<String, String> rules = new LinkedHashMap<>();
        ArrayNode results = run.putArray("results");
        for (ModuleReport m : r.modules()) {
            if (m.denied()) {
                rules.putIfAbsent("policy", "Denied by the modgate policy: the proxy refuses its .zip");
                result(results, "policy", "error", m.moduleVersion() + ": " + m.policy().text(), location);
            }
            for (ModuleReport.Vulnerability v : m.vulnerabilities()) {
                rules.putIfAbsent(v.id(), v.id() + ": " + v.summary());
                result(results, v.id(), "warning", m.moduleVersion() + " is affected by " + TextReport.vuln(v)
                        + " (module-level match: govulncheck may find the vulnerable symbols unused)", location);
            }
            if (m.retracted()) {
                rules.putIfAbsent("retracted", "Retracted by the module's authors (retract directive of its latest go.mod)");
                result(results, "retracted", "warning", m.moduleVersion() + " is retracted" + (m.retraction().isEmpty() ? "" : ": " + m.retraction()), location);
            }
            if (m.isDeprecated()) {
                rules.putIfAbsent("deprecated", "Deprecated by the module's authors (Deprecated: comment of its latest go.mod)");
                result(results, "deprecated", "warning", m.path() + " is deprecated: " + m.deprecated().lines().findFirst().orElse(""), location);
            }
        }
        ArrayNode ruleList = driver.putArray("rules");
        rules.forEach((id, text) -> {
            ObjectNode rule = ruleList.addObject();
            rule.put("id", id);
            rule.putObject("shortDescription").put("text", text);
        });
        return root;
    }

    private static void result(ArrayNode results, String ruleId, String level, String text, String location) {
        ObjectNode res = results.addObject();
        res.put("ruleId", ruleId);
        res.put("level", level);
        res.putObject("message").put("text", text);
        if (location != null) {
            res.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation").put("uri", location);
        }
    }
}
