package dev.modgate.report;

import java.util.List;

/**
 * One module of the build list, as the report shows it.
 *
 * @param newest the newest version the proxy lists (a proxy with a policy lists only allowed ones), null when unknown
 * @param retraction the rationale of the latest go.mod's retract directive covering the version ("" when it has
 *     none); null when the version is not retracted
 * @param deprecated the latest go.mod's "Deprecated:" notice, null when the module is not deprecated
 * @param vulnerabilities the entries affecting the version (module-level match), by ID
 * @param errors what could not be found out, one line each (the rest of the row stands)
 */
public record ModuleReport(String path, String version, String newest, String retraction, String deprecated,
                           List<Vulnerability> vulnerabilities, PolicyVerdict policy, List<String> licences, List<String> errors) {

    /**
     * @param fixed the lowest version above the one used that fixes it (govulncheck's earliest valid fix), null when
     *     none is known
     */
    public record Vulnerability(String id, List<String> aliases, String summary, String fixed) {
        public Vulnerability {
            aliases = List.copyOf(aliases);
        }
    }

    public ModuleReport {
        vulnerabilities = List.copyOf(vulnerabilities);
        licences = licences == null ? null : List.copyOf(licences);
        errors = List.copyOf(errors);
    }

    public String moduleVersion() {
        return path + "@" + version;
    }

    public boolean retracted() {
        return retraction != null;
    }

    public boolean isDeprecated() {
        return deprecated != null;
    }

    public boolean vulnerable() {
        return !vulnerabilities.isEmpty();
    }

    /** A newer version is listed. */
    public boolean outdated() {
        return newest != null && dev.modgate.core.semver.Semver.compare(newest, version) > 0;
    }

    public boolean denied() {
        return policy.refused();
    }
}
