package dev.modgate.core.module;

import dev.modgate.core.text.GoStrings;

/**
 * The "!x" case-encoding of module paths and versions used in proxy URLs and on disk: every upper-case ASCII
 * letter becomes '!' and the lower-case letter, so that case-insensitive file systems never need two casings
 * of one name. Paths and versions never contain '!', so no escape for it is needed.
 */
public final class CaseEncoding {
    private CaseEncoding() {}

    /** module.EscapePath: checks the module path (throwing {@link InvalidPathException}), then escapes it. */
    public static String escapePath(String path) {
        ModulePath.checkPath(path);
        return escapeString(path);
    }

    /**
     * module.EscapeVersion: versions need not be semantic versions, but must be valid file names without '!';
     * otherwise throws {@link InvalidVersionException} "disallowed version string".
     */
    public static String escapeVersion(String version) {
        if (ModulePath.elemProblem(version, 0, version.length(), PathKind.FILE) != null || version.indexOf('!') >= 0) {
            throw new InvalidVersionException(version, false, "disallowed version string");
        }
        return escapeString(version);
    }

    /** module.UnescapePath: the module path, or a {@link ModuleRuleException} if the form or the path is invalid. */
    public static String unescapePath(String escaped) {
        String path = unescapeString(escaped);
        if (path == null) {
            throw new ModuleRuleException("invalid escaped module path " + GoStrings.quote(escaped));
        }
        try {
            ModulePath.checkPath(path);
        } catch (InvalidPathException e) {
            throw new ModuleRuleException("invalid escaped module path " + GoStrings.quote(escaped) + ": " + e.getMessage(), e);
        }
        return path;
    }

    /** {@link #unescapePath(String)} on raw (percent-decoded) URL bytes. */
    public static String unescapePath(byte[] escaped) {
        return unescapePath(GoStrings.fromUtf8(escaped));
    }

    /** module.UnescapeVersion: the version, or a {@link ModuleRuleException} if the form or the version is invalid. */
    public static String unescapeVersion(String escaped) {
        String v = unescapeString(escaped);
        if (v == null) {
            throw new ModuleRuleException("invalid escaped version " + GoStrings.quote(escaped));
        }
        String problem = ModulePath.elemProblem(v, 0, v.length(), PathKind.FILE);
        if (problem != null) {
            // Go names the unescaped version here, not the escaped form.
            throw new ModuleRuleException("invalid escaped version " + GoStrings.quote(v) + ": " + problem);
        }
        return v;
    }

    /** {@link #unescapeVersion(String)} on raw (percent-decoded) URL bytes. */
    public static String unescapeVersion(byte[] escaped) {
        return unescapeVersion(GoStrings.fromUtf8(escaped));
    }

    private static String escapeString(String s) {
        int uppers = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '!' || c >= 0x80) {
                // The checks above exclude these; the escaping below would be ambiguous without them.
                throw new ModuleRuleException("internal error: inconsistency in EscapePath");
            }
            if (c >= 'A' && c <= 'Z') {
                uppers++;
            }
        }
        if (uppers == 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + uppers);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                sb.append('!').append((char) (c + ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The unescaped string, or null if the escaped form is invalid. */
    private static String unescapeString(String escaped) {
        int n = escaped.length();
        int bang = escaped.indexOf('!');
        for (int i = 0; i < n; i++) {
            char c = escaped.charAt(i);
            if (c >= 0x80 || c >= 'A' && c <= 'Z') {
                return null;
            }
        }
        if (bang < 0) {
            return escaped;
        }
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = escaped.charAt(i);
            if (c == '!') {
                if (++i == n) {
                    return null;
                }
                c = escaped.charAt(i);
                if (c < 'a' || c > 'z') {
                    return null;
                }
                sb.append((char) (c - ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
