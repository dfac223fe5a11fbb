package dev.modgate.licence;

import java.util.List;

/**
 * One licence file of a module version: its '/'-separated {@code path} relative to the module root, the SPDX
 * identifiers found in it (sorted; {@code [UNKNOWN]} when under {@link LicenceDetector#COVERAGE_THRESHOLD} percent
 * of it is licence text, when nothing known was found, or when it could not be read), and the coverage figure.
 */
public record DetectedLicence(String path, List<String> ids, double coveragePercent) {
    public static final String UNKNOWN = "UNKNOWN";

    public DetectedLicence {
        ids = List.copyOf(ids);
    }

    public boolean atRoot() {
        return LicenceFileNames.isAtRoot(path);
    }

    public boolean unknown() {
        return ids.contains(UNKNOWN);
    }
}
