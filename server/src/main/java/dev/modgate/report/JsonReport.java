package dev.modgate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The report for programs. Field names are stable (README "Report" and --help list them); a field may be added,
 * none renamed or removed without raising {@code report_version}.
 */
public final class JsonReport {
    private JsonReport() {}

    public static final int VERSION = 1;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void write(Report r, PrintWriter out) throws IOException {
        out.println(JSON.writeValueAsString(tree(r)));
    }

    static ObjectNode tree(Report r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("report_version", VERSION);
        root.put("source", r.source());
        root.put("policy", r.policy());
        root.put("vulndb", r.vulnDb());
        root.put("vuln_match", "module-level");
        ArrayNode modules = root.putArray("modules");
        for (ModuleReport m : r.modules()) {
            ObjectNode n = modules.addObject();
            n.put("path", m.path());
            n.put("version", m.version());
            n.put("newest", m.newest());
            n.put("outdated", m.outdated());
            n.put("retracted", m.retracted());
            n.put("retraction", m.retraction());
            n.put("deprecated", m.deprecated());
            ArrayNode vulns = n.putArray("vulnerabilities");
            for (ModuleReport.Vulnerability v : m.vulnerabilities()) {
                ObjectNode o = vulns.addObject();
                o.put("id", v.id());
                ArrayNode aliases = o.putArray("aliases");
                v.aliases().forEach(aliases::add);
                o.put("summary", v.summary());
                o.put("fixed", v.fixed());
            }
            ObjectNode p = n.putObject("policy");
            p.put("verdict", m.policy().verdict());
            p.put("rule", m.policy().rule());
            p.put("text", m.policy().text());
            p.put("enforced", m.policy().enforced());
            n.put("denied", m.denied());
            if (m.licences() == null) {
                n.putNull("licences"); // not known: a report through a server
            } else {
                ArrayNode ls = n.putArray("licences");
                m.licences().forEach(ls::add);
            }
            ArrayNode errors = n.putArray("errors");
            m.errors().forEach(errors::add);
        }
        ObjectNode s = root.putObject("summary");
        s.put("modules", r.modules().size());
        s.put("denied", r.denied());
        s.put("vulnerable", r.vulnerable());
        s.put("retracted", r.retracted());
        s.put("deprecated", r.deprecated());
        s.put("outdated", r.outdated());
        s.put("errors", r.withErrors());
        return root;
    }
}
