package dev.modgate.licence;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which files of a module are licence files, as pkg.go.dev decides (golang/pkgsite internal/licenses/licenses.go,
 * FileNames and isVendoredFile): a file whose name, compared without case, is one of {@link #NAMES}, not inside a
 * subdirectory of a {@code vendor} directory (a file directly in {@code vendor/} counts, since a Go package may be
 * named vendor). Files at the module root are the module's licences; files below are their packages' licences.
 */
public final class LicenceFileNames {
    /** pkgsite's FileNames, in its order. */
    public static final List<String> NAMES = List.of("COPYING", "COPYING.md", "COPYING.markdown", "COPYING.txt",
            "COPYING.LESSER", "COPYING.LESSER.md", "COPYING.LESSER.markdown", "COPYING.LESSER.txt",
            "LICENCE", "LICENCE.md", "LICENCE.markdown", "LICENCE.txt", "LICENSE", "LICENSE.md", "LICENSE.markdown",
            "LICENSE.txt", "LICENSE-2.0.txt", "LICENCE-2.0.txt", "LICENSE-APACHE", "LICENCE-APACHE",
            "LICENSE-APACHE-2.0.txt", "LICENCE-APACHE-2.0.txt", "LICENSE-MIT", "LICENCE-MIT", "LICENSE.MIT",
            "LICENCE.MIT", "LICENSE.code", "LICENCE.code", "LICENSE.docs", "LICENCE.docs", "LICENSE.rst", "LICENCE.rst",
            "MIT-LICENSE", "MIT-LICENCE", "MIT-LICENSE.md", "MIT-LICENCE.md", "MIT-LICENSE.markdown",
            "MIT-LICENCE.markdown", "MIT-LICENSE.txt", "MIT-LICENCE.txt", "MIT_LICENSE", "MIT_LICENCE", "UNLICENSE",
            "UNLICENCE");

    /**
     * Larger licence files are not read (golang.org/x/mod/zip's MaxLICENSE, 16 MiB, which pkgsite uses): pkgsite
     * reports them as UNKNOWN.
     */
    public static final long MAX_SIZE = 16L << 20;

    private static final Set<String> LOWER = NAMES.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

    private LicenceFileNames() {
    }

    /** Whether {@code path}, '/'-separated and relative to the module root, is a licence file pkgsite would read. */
    public static boolean isLicenceFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return LOWER.contains(name.toLowerCase(Locale.ROOT)) && !isVendored(path);
    }

    /** Whether {@code path} is the licence of the module rather than of a package (it lies at the root). */
    public static boolean isAtRoot(String path) {
        return path.indexOf('/') < 0;
    }

    /** pkgsite's isVendoredFile: {@code vendor/LICENSE} is not vendored, {@code vendor/foo/LICENSE} is. */
    static boolean isVendored(String path) {
        int offset;
        if (path.startsWith("vendor/")) {
            offset = "vendor/".length();
        } else {
            int i = path.indexOf("/vendor/");
            if (i < 0) {
                return false;
            }
            offset = i + "/vendor/".length();
        }
        return path.indexOf('/', offset) >= 0;
    }
}
