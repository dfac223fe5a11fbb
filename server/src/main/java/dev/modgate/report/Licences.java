package dev.modgate.report;

import dev.modgate.core.module.ModuleVersion;

/** A module version's root licences as the report shows them: from this process's licence detection, or not known. */
@FunctionalInterface
public interface Licences {
    /**
     * The SPDX ids of the version's root licence files ("UNKNOWN" for a file under 75% licence text), an empty list
     * for none, or null when not known (a server does not publish them).
     */
    java.util.List<String> of(ModuleVersion mv) throws Exception;

    /** Licences not known: reports through a server. */
    Licences UNKNOWN = mv -> null;
}
