package dev.modgate.core.module;

import dev.modgate.core.semver.Semver;
import dev.modgate.core.text.GoStrings;
import java.util.Comparator;
import java.util.List;

/**
 * Module, import and file path rules and major-version suffixes (golang.org/x/mod/module).
 *
 * <p>Strings follow the {@link GoStrings} convention: a lone surrogate means the Go string is invalid UTF-8
 * (reported as "invalid UTF-8", quoted as {@code \xff}). The {@code byte[]} overloads take raw bytes, such as
 * a percent-decoded URL path or a zip entry name, decode them losslessly and return the decoded string.
 * Every violation throws a {@link ModuleRuleException} whose message is Go's error text.
 */
public final class ModulePath {
    private ModulePath() {}

    private static final String GOPKG_IN = "gopkg.in/";
    private static final String UNSTABLE = "-unstable";
    private static final String INCOMPATIBLE = "+incompatible";

    /** module.Check: path is a valid module path and version a valid version for it. */
    public static void check(String path, String version) {
        checkPath(path);
        if (!Semver.isValid(version)) {
            throw new ModuleException(path, "", new InvalidVersionException(version, false, "not a semantic version"));
        }
        String problem = pathMajorProblem(version, splitPathVersion(path).pathMajor());
        if (problem != null) {
            throw new ModuleException(path, "", new InvalidVersionException(version, false, problem));
        }
    }

    /** module.CheckPath: throws {@link InvalidPathException} of kind module. */
    public static void checkPath(String path) {
        String problem = modulePathProblem(path);
        if (problem != null) {
            throw new InvalidPathException(PathKind.MODULE, path, problem);
        }
    }

    /** {@link #checkPath(String)} on raw bytes; returns the decoded path. */
    public static String checkPath(byte[] utf8) {
        String path = GoStrings.fromUtf8(utf8);
        checkPath(path);
        return path;
    }

    /** module.CheckImportPath: throws {@link InvalidPathException} of kind import. */
    public static void checkImportPath(String path) {
        String problem = pathProblem(path, PathKind.IMPORT);
        if (problem != null) {
            throw new InvalidPathException(PathKind.IMPORT, path, problem);
        }
    }

    /** {@link #checkImportPath(String)} on raw bytes; returns the decoded path. */
    public static String checkImportPath(byte[] utf8) {
        String path = GoStrings.fromUtf8(utf8);
        checkImportPath(path);
        return path;
    }

    /** module.CheckFilePath: throws {@link InvalidPathException} of kind file. */
    public static void checkFilePath(String path) {
        String problem = pathProblem(path, PathKind.FILE);
        if (problem != null) {
            throw new InvalidPathException(PathKind.FILE, path, problem);
        }
    }

    /** {@link #checkFilePath(String)} on raw bytes (e.g. a zip entry name); returns the decoded path. */
    public static String checkFilePath(byte[] utf8) {
        String path = GoStrings.fromUtf8(utf8);
        checkFilePath(path);
        return path;
    }

    /**
     * Whether version names exactly one version of the module at path: canonical and valid for the path (the test
     * proxy.go's Stat applies before insisting on an .info of that very version). Anything else a client puts where a
     * version goes (a branch, a commit hash, a prefix such as v1.2, "latest") is a query to resolve.
     */
    public static boolean isCanonicalVersionOf(String path, String version) {
        if (!version.equals(canonicalVersion(version))) return false;
        try {
            check(path, version);
            return true;
        } catch (ModuleRuleException e) {
            return false;
        }
    }

    /** module.CanonicalVersion: semver canonical form, keeping +incompatible. */
    public static String canonicalVersion(String v) {
        String cv = Semver.canonical(v);
        return Semver.build(v).equals(INCOMPATIBLE) ? cv + INCOMPATIBLE : cv;
    }

    /** module.SplitPathVersion. */
    public static PathSplit splitPathVersion(String path) {
        if (path.startsWith(GOPKG_IN)) {
            return splitGopkgIn(path);
        }
        int n = path.length();
        int i = n;
        boolean dot = false;
        for (char c; i > 0 && (isDigit(c = path.charAt(i - 1)) || c == '.'); i--) {
            dot |= c == '.';
        }
        if (i <= 1 || i == n || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
            return new PathSplit(path, "", true);
        }
        String pathMajor = path.substring(i - 2);
        if (dot || pathMajor.length() <= 2 || pathMajor.charAt(2) == '0' || pathMajor.equals("/v1")) {
            return new PathSplit(path, "", false);
        }
        return new PathSplit(path.substring(0, i - 2), pathMajor, true);
    }

    private static PathSplit splitGopkgIn(String path) {
        int i = path.length();
        if (path.endsWith(UNSTABLE)) {
            i -= UNSTABLE.length();
        }
        while (i > 0 && isDigit(path.charAt(i - 1))) {
            i--;
        }
        if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
            return new PathSplit(path, "", false);
        }
        String pathMajor = path.substring(i - 2);
        if (pathMajor.length() <= 2 || pathMajor.charAt(2) == '0' && !pathMajor.equals(".v0")) {
            return new PathSplit(path, "", false);
        }
        return new PathSplit(path.substring(0, i - 2), pathMajor, true);
    }

    /** module.MatchPathMajor: true exactly when {@link #checkPathMajor} does not throw. */
    public static boolean matchPathMajor(String v, String pathMajor) {
        return pathMajorProblem(v, pathMajor) == null;
    }

    /** module.CheckPathMajor: throws {@link InvalidVersionException} when v does not suit pathMajor. */
    public static void checkPathMajor(String v, String pathMajor) {
        String problem = pathMajorProblem(v, pathMajor);
        if (problem != null) {
            throw new InvalidVersionException(v, false, problem);
        }
    }

    private static String pathMajorProblem(String v, String pathMajor) {
        pathMajor = trimUnstable(pathMajor);
        if (v.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
            // Early vgo generated v0.0.0- pseudo-versions for gopkg.in .v1 paths; go.mod files still hold them.
            return null;
        }
        String m = Semver.major(v);
        if (pathMajor.isEmpty()) {
            if (m.equals("v0") || m.equals("v1") || Semver.build(v).equals(INCOMPATIBLE)) {
                return null;
            }
            pathMajor = "v0 or v1";
        } else if (pathMajor.charAt(0) == '/' || pathMajor.charAt(0) == '.') {
            if (m.equals(pathMajor.substring(1))) {
                return null;
            }
            pathMajor = pathMajor.substring(1);
        }
        return "should be " + pathMajor + ", not " + m;
    }

    private static String trimUnstable(String pathMajor) {
        if (pathMajor.startsWith(".v") && pathMajor.endsWith(UNSTABLE)) {
            return pathMajor.substring(0, pathMajor.length() - UNSTABLE.length());
        }
        return pathMajor;
    }

    /**
     * module.PathMajorPrefix: the major-version tag prefix implied by pathMajor ("" allows v0 and v1).
     * Go panics on a malformed pathMajor; this throws IllegalArgumentException with Go's panic text.
     */
    public static String pathMajorPrefix(String pathMajor) {
        if (pathMajor.isEmpty()) {
            return "";
        }
        if (pathMajor.charAt(0) != '/' && pathMajor.charAt(0) != '.') {
            throw new IllegalArgumentException(
                    "pathMajor suffix " + pathMajor + " passed to PathMajorPrefix lacks separator");
        }
        pathMajor = trimUnstable(pathMajor);
        String m = pathMajor.substring(1);
        if (!m.equals(Semver.major(m))) {
            throw new IllegalArgumentException(
                    "pathMajor suffix " + pathMajor + "passed to PathMajorPrefix is not a valid major version");
        }
        return m;
    }

    /**
     * Orders by path, then by version as a semantic version optionally followed by a "/file" suffix
     * compared as a string (go.sum's "v1.2.3/go.mod").
     *
     * <p>Go's less function treats distinct versions that compare equal (e.g. "v1.0.0" and "v1.0.0+meta",
     * or two invalid versions) as unordered and its sort leaves them in an unspecified order; this comparator
     * orders them by suffix and then by the version string, which is one of the orders Go may produce and
     * keeps the comparator a total order, as Java's sort requires.
     */
    public static final Comparator<ModuleVersion> MODULE_ORDER = (a, b) -> {
        if (!a.path().equals(b.path())) {
            return GoStrings.compare(a.path(), b.path());
        }
        String vi = a.version();
        String vj = b.version();
        String fi = "";
        String fj = "";
        int k = vi.indexOf('/');
        if (k >= 0) {
            fi = vi.substring(k);
            vi = vi.substring(0, k);
        }
        k = vj.indexOf('/');
        if (k >= 0) {
            fj = vj.substring(k);
            vj = vj.substring(0, k);
        }
        int c = vi.equals(vj) ? 0 : Semver.compare(vi, vj);
        if (c != 0) {
            return c;
        }
        c = GoStrings.compare(fi, fj);
        return c != 0 ? c : GoStrings.compare(vi, vj);
    };

    /** module.Sort, in place. */
    public static void sort(List<ModuleVersion> list) {
        list.sort(MODULE_ORDER);
    }

    // ---- rules shared with CaseEncoding ----

    private static String modulePathProblem(String path) {
        String problem = pathProblem(path, PathKind.MODULE);
        if (problem != null) {
            return problem;
        }
        int i = path.indexOf('/');
        if (i < 0) {
            i = path.length();
        }
        if (i == 0) {
            return "leading slash";
        }
        if (path.lastIndexOf('.', i - 1) < 0) {
            return "missing dot in first path element";
        }
        if (path.charAt(0) == '-') {
            return "leading dash in first path element";
        }
        for (int k = 0; k < i; k++) {
            char c = path.charAt(k);
            if (!firstPathOK(c)) {
                // checkPath admitted only ASCII, so a char is a whole rune here.
                return "invalid char " + GoStrings.quoteRune(c) + " in first path element";
            }
        }
        if (!splitPathVersion(path).ok()) {
            return "invalid version";
        }
        return null;
    }

    /** Go's checkPath: the reason the path breaks the rules for its kind, or null. */
    static String pathProblem(String path, PathKind kind) {
        if (!GoStrings.isValidUtf8(path)) {
            return "invalid UTF-8";
        }
        int n = path.length();
        if (n == 0) {
            return "empty string";
        }
        if (path.charAt(0) == '-' && kind != PathKind.FILE) {
            return "leading dash";
        }
        if (path.contains("//")) {
            return "double slash";
        }
        if (path.charAt(n - 1) == '/') {
            return "trailing slash";
        }
        int elemStart = 0;
        for (int i = 0; i < n; i++) {
            if (path.charAt(i) == '/') {
                String problem = elemProblem(path, elemStart, i, kind);
                if (problem != null) {
                    return problem;
                }
                elemStart = i + 1;
            }
        }
        return elemProblem(path, elemStart, n, kind);
    }

    /** Go's checkElem on s[start, end): the reason the element is not valid, or null. */
    static String elemProblem(String s, int start, int end, PathKind kind) {
        if (start == end) {
            return "empty path element";
        }
        int i = start;
        while (i < end && s.charAt(i) == '.') {
            i++;
        }
        if (i == end) {
            return "invalid path element " + GoStrings.quote(s.substring(start, end));
        }
        if (s.charAt(start) == '.' && kind == PathKind.MODULE) {
            return "leading dot in path element";
        }
        if (s.charAt(end - 1) == '.') {
            return "trailing dot in path element";
        }
        for (i = start; i < end; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int r = cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp) ? GoStrings.RUNE_ERROR : cp;
            boolean ok = switch (kind) {
                case MODULE -> modPathOK(r);
                case IMPORT -> importPathOK(r);
                case FILE -> fileNameOK(r);
            };
            if (!ok) {
                return "invalid char " + GoStrings.quoteRune(r);
            }
        }

        // Windows reserves these names whatever the extension, sadly.
        int shortEnd = s.indexOf('.', start);
        if (shortEnd < 0 || shortEnd > end) {
            shortEnd = end;
        }
        if (isBadWindowsName(s, start, shortEnd)) {
            return GoStrings.quote(s.substring(start, shortEnd)) + " disallowed as path element component on Windows";
        }

        // Windows short names (PROGRA~1) only matter for import paths, not for file names.
        if (kind != PathKind.FILE) {
            int tilde = s.lastIndexOf('~', shortEnd - 1);
            if (tilde >= start && tilde < shortEnd - 1 && allDigits(s, tilde + 1, shortEnd)) {
                return "trailing tilde and digits in path element";
            }
        }
        return null;
    }

    /** strings.EqualFold against CON PRN AUX NUL COM1-9 LPT1-9; none of their letters has a non-ASCII fold. */
    private static boolean isBadWindowsName(String s, int start, int end) {
        int len = end - start;
        if (len != 3 && len != 4) {
            return false;
        }
        char a = upper(s.charAt(start));
        char b = upper(s.charAt(start + 1));
        char c = upper(s.charAt(start + 2));
        if (len == 3) {
            return a == 'C' && b == 'O' && c == 'N' || a == 'P' && b == 'R' && c == 'N'
                    || a == 'A' && b == 'U' && c == 'X' || a == 'N' && b == 'U' && c == 'L';
        }
        char d = s.charAt(start + 3);
        return d >= '1' && d <= '9' && (a == 'C' && b == 'O' && c == 'M' || a == 'L' && b == 'P' && c == 'T');
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    private static boolean allDigits(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The first element is by convention a lower-case LDH domain name. */
    private static boolean firstPathOK(int r) {
        return r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z';
    }

    /** ASCII letters, digits and - . _ ~ only: nothing that changes meaning in a URL or needs case folding. */
    private static boolean modPathOK(int r) {
        return r == '-' || r == '.' || r == '_' || r == '~'
                || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z';
    }

    private static boolean importPathOK(int r) {
        return modPathOK(r) || r == '+';
    }

    /** Letters of any script, ASCII digits, space and the punctuation no shell or file system treats specially. */
    private static boolean fileNameOK(int r) {
        if (r < 0x80) {
            if (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
                return true;
            }
            return "!#$%&()+,-.=@[]^_{}~ ".indexOf(r) >= 0;
        }
        return Character.isLetter(r);
    }
}
