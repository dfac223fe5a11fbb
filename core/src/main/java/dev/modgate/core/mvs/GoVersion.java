package dev.modgate.core.mvs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Comparisons of go directive versions ("1.16", "1.21.0", "1.22rc1") by their language version. */
final class GoVersion {
    private static final Pattern LANG = Pattern.compile("^([1-9][0-9]*)\\.(0|[1-9][0-9]*)(?![0-9])");

    private GoVersion() {}

    /** Whether v's language version is at least major.minor; false for null or malformed versions. */
    static boolean atLeast(String v, int major, int minor) {
        if (v == null) {
            return false;
        }
        Matcher m = LANG.matcher(v);
        if (!m.find() || m.group(1).length() > 9 || m.group(2).length() > 9) {
            return false;
        }
        int maj = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        return maj != major ? maj > major : min >= minor;
    }
}
