package dev.modgate.report;

import java.util.List;

/**
 * The report on a build list.
 *
 * @param source where the answers came from: "data DIR" or "server URL"
 * @param vulnDb the vulnerability database asked (a snapshot's name, a server's modified time), null when none
 * @param policy the policy in force ("policy.txt version V"), null when none or not known (a server does not say)
 */
public record Report(String source, String vulnDb, String policy, List<ModuleReport> modules) {
    public Report {
        modules = List.copyOf(modules);
    }

    public long denied() { return modules.stream().filter(ModuleReport::denied).count(); }

    public long vulnerable() { return modules.stream().filter(ModuleReport::vulnerable).count(); }

    public long retracted() { return modules.stream().filter(ModuleReport::retracted).count(); }

    public long deprecated() { return modules.stream().filter(ModuleReport::isDeprecated).count(); }

    public long outdated() { return modules.stream().filter(ModuleReport::outdated).count(); }

    public long withErrors() { return modules.stream().filter(m -> !m.errors().isEmpty()).count(); }
}
