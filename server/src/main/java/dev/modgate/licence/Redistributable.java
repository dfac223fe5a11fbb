package dev.modgate.licence;

import java.util.Collection;
import java.util.Set;

/**
 * pkg.go.dev's redistributable rule (golang/pkgsite internal/licenses/licenses.go, Redistributable): every licence
 * seen must be on the allow list, apart from the ignorable notices, and at least one must be seen. It fails closed:
 * no licence, or an UNKNOWN one, is not redistributable.
 */
public final class Redistributable {
    /** pkgsite's standardRedistributableLicenseTypes plus Freetype (from its exceptions). */
    public static final Set<String> ALLOWED = Set.of("AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later",
            "Apache-1.1", "Apache-2.0", "Artistic-2.0", "BlueOak-1.0.0", "0BSD", "BSD-1-Clause", "BSD-2-Clause",
            "BSD-2-Clause-Patent", "BSD-2-Clause-Views", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-3-Clause-LBNL",
            "BSD-3-Clause-Open-MPI", "BSD-4-Clause", "BSD-4-Clause-UC", "BSL-1.0", "CC-BY-3.0", "CC-BY-4.0",
            "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CECILL-2.1", "CC0-1.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2",
            "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "HPND", "ICU",
            "ISC", "JSON", "LGPL-2.1", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-2.0",
            "MPL-2.0-no-copyleft-exception", "MulanPSL-2.0", "NIST-PD", "NIST-PD-fallback", "NCSA", "OpenSSL",
            "OSL-3.0", "PostgreSQL", "Python-2.0", "Unlicense", "UPL-1.0", "Zlib", "Freetype");

    /** Notices licensecheck reports that are not licences (pkgsite's ignorableLicenseTypes). */
    public static final Set<String> IGNORABLE = Set.of("CC-Notice", "GooglePatentClause", "GooglePatentsFile",
            "blessing", "OFL-1.1");

    private Redistributable() {
    }

    public static boolean allows(Collection<String> ids) {
        boolean sawOne = false;
        for (String id : ids) {
            if (IGNORABLE.contains(id)) {
                continue;
            }
            if (!ALLOWED.contains(id)) {
                return false;
            }
            sawOne = true;
        }
        return sawOne;
    }
}
