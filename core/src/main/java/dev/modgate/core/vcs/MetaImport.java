package dev.modgate.core.vcs;

import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.List;

/** One {@code <meta name="go-import" content="prefix vcs repo">} tag (vcs.metaImport). */
public record MetaImport(String prefix, String vcs, String repoRoot) {

    /**
     * matchGoImport: the tag whose prefix is a path prefix of importPath. Several matches are an error, except
     * that a leading "mod" match (mod entries come first in module mode) shadows the rest.
     */
    public static MetaImport match(List<MetaImport> imports, String importPath) throws ImportPathException {
        int match = -1;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < imports.size(); i++) {
            MetaImport im = imports.get(i);
            if (!hasPathPrefix(importPath, im.prefix())) {
                mismatches.add(im.prefix());
                continue;
            }
            if (match >= 0) {
                if (imports.get(match).vcs().equals("mod") && !im.vcs().equals("mod")) break;
                throw new ImportPathException("multiple meta tags match import path " + GoStrings.quote(importPath));
            }
            match = i;
        }
        if (match < 0) throw new Mismatch(importPath, mismatches);
        return imports.get(match);
    }

    /** ImportMismatchError: tags were found, but none for this path. */
    public static final class Mismatch extends ImportPathException {
        Mismatch(String importPath, List<String> mismatches) {
            super(String.join(", ", mismatches.stream().map(p -> "meta tag " + p + " did not match import path " + importPath).toList()));
        }
    }

    /** validateRepoRoot: the repository must be a URL with a scheme, and not file:. */
    public static void validateRepoRoot(String repoRoot) throws ImportPathException {
        int colon = repoRoot.indexOf(':');
        String scheme = colon < 0 ? "" : repoRoot.substring(0, colon);
        // url.Parse: a scheme is [A-Za-z][A-Za-z0-9+.-]*; a colon before anything else with a bad first char is
        // "missing protocol scheme", any other bad character "invalid character in scheme".
        if (colon == 0) throw new ImportPathException("parse " + GoStrings.quote(repoRoot) + ": missing protocol scheme");
        boolean valid = !scheme.isEmpty() && Character.isLetter(scheme.charAt(0)) && scheme.charAt(0) < 128;
        for (int i = 1; valid && i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            valid = c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
        }
        if (colon < 0 || !valid) {
            if (colon > 0 && !scheme.isEmpty() && Character.isLetter(scheme.charAt(0)) && !scheme.contains("/")) {
                throw new ImportPathException("parse " + GoStrings.quote(repoRoot) + ": first path segment in URL cannot contain colon");
            }
            throw new ImportPathException("no scheme");
        }
        if (scheme.equalsIgnoreCase("file")) throw new ImportPathException("file scheme disallowed");
    }

    /** str.HasPathPrefix: s is prefix, or lies below it element-wise; every path lies below "". */
    static boolean hasPathPrefix(String s, String prefix) {
        if (s.length() == prefix.length()) return s.equals(prefix);
        if (prefix.isEmpty()) return true;
        if (s.length() > prefix.length() && (prefix.charAt(prefix.length() - 1) == '/' || s.charAt(prefix.length()) == '/')) {
            return s.startsWith(prefix);
        }
        return false;
    }
}
