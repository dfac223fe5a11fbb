package dev.modgate.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The report for people: a table, one line per module, then a summary that fits on a screen. */
public final class TextReport {
    private TextReport() {}

    /** Lines of each kind the summary lists before "... and N more". */
    static final int SHOWN = 5;

    static final List<String> HEADER = List.of("MODULE", "VERSION", "NEWEST", "POLICY", "RETRACTED", "DEPRECATED", "VULNERABILITIES", "LICENCES");

    public static void write(Report report, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ModuleReport m : report.modules()) rows.add(cells(m));
        int[] width = new int[HEADER.size()];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                b.append(r.get(i));
                if (i < r.size() - 1) b.append(" ".repeat(width[i] - r.get(i).length() + 2));
            }
            out.println(b.toString().stripTrailing());
        }
        out.println();
        summary(report, out);
    }

    static List<String> cells(ModuleReport m) {
        String vulns = m.vulnerabilities().isEmpty() ? "-" : String.join(", ", m.vulnerabilities().stream()
                .map(v -> v.id() + (v.fixed() == null ? " (no fix)" : " (fixed " + v.fixed() + ")")).toList());
        return List.of(m.path(), m.version(), m.outdated() ? m.newest() : m.newest() == null ? "?" : "-", m.policy().cell(),
                m.retracted() ? "yes" : "-", m.isDeprecated() ? "yes" : "-", vulns,
                (m.licences() == null ? "?" : m.licences().isEmpty() ? "none" : String.join(", ", m.licences()))
                        + (m.errors().isEmpty() ? "" : "  [see errors below]"));
    }

    static void summary(Report r, PrintWriter out) {
        out.printf("%d modules: %d denied, %d vulnerable (module-level match), %d retracted, %d deprecated, %d outdated%s%n",
                r.modules().size(), r.denied(), r.vulnerable(), r.retracted(), r.deprecated(), r.outdated(),
                r.withErrors() == 0 ? "" : ", " + r.withErrors() + " with errors");
        section(r, out, "denied", ModuleReport::denied, m -> m.policy().text());
        section(r, out, "dry-run", m -> !m.policy().enforced() && m.policy().wouldRefuse(), m -> "would be refused: " + m.policy().text());
        section(r, out, "vulnerable", ModuleReport::vulnerable, m -> String.join("; ", m.vulnerabilities().stream().map(TextReport::vuln).toList()));
        section(r, out, "retracted", ModuleReport::retracted, m -> m.retraction().isEmpty() ? "retracted by its authors" : m.retraction());
        section(r, out, "deprecated", ModuleReport::isDeprecated, m -> m.deprecated().lines().findFirst().orElse(""));
        section(r, out, "errors", m -> !m.errors().isEmpty(), m -> String.join("; ", m.errors()));
        out.println("policy: " + (r.policy() == null ? "none given" : r.policy()) + "; vulnerability database: "
                + (r.vulnDb() == null ? "none (modgate vulndb sync or import)" : r.vulnDb() + " (module-level match: govulncheck may find the symbols unused)")
                + "; licences: " + (r.modules().stream().anyMatch(m -> m.licences() != null) ? "root licence files, as pkg.go.dev finds them" : "not known here (report with --data)")
                + "; from " + r.source());
    }

    static String vuln(ModuleReport.Vulnerability v) {
        String s = v.id() + (v.aliases().isEmpty() ? "" : " (" + String.join(", ", v.aliases()) + ")");
        return s + (v.fixed() == null ? ", no fix" : ", fixed in " + v.fixed());
    }

    private static void section(Report r, PrintWriter out, String title, Predicate<ModuleReport> which, Function<ModuleReport, String> line) {
        List<ModuleReport> ms = r.modules().stream().filter(which).toList();
        if (ms.isEmpty()) return;
        out.println(title + ":");
        for (int i = 0; i < Math.min(SHOWN, ms.size()); i++) out.println("  " + ms.get(i).moduleVersion() + ": " + line.apply(ms.get(i)));
        if (ms.size() > SHOWN) out.println("  ... and " + (ms.size() - SHOWN) + " more (--format json lists all)");
    }
}
