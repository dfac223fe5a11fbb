package dev.modgate.core.modfile;

import dev.modgate.core.modfile.ModFile.Replace;
import dev.modgate.core.modfile.ModFile.VersionInterval;
import dev.modgate.core.modfile.Syntax.Comment;
import dev.modgate.core.modfile.Syntax.Line;
import dev.modgate.core.modfile.Syntax.LineBlock;
import dev.modgate.core.module.InvalidVersionException;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.PathSplit;
import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Directive-argument rules shared by go.mod and go.work files (rule.go's helpers). */
final class Rules {
    private Rules() {}

    // Go's "$" without (?m) is Java's "\z"; Java's "$" would also match before a final newline.
    static final Pattern GO_VERSION =
            Pattern.compile("^([1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?\\z");
    // UNIX_LINES makes "." stop only at '\n', like Go's.
    static final Pattern LAX_GO_VERSION =
            Pattern.compile("^v?(([1-9][0-9]*)\\.(0|[1-9][0-9]*))([^0-9].*)\\z", Pattern.UNIX_LINES);
    /** Deliberately loose, so that toolchain names of future releases still pass. */
    static final Pattern TOOLCHAIN = Pattern.compile("^default\\z|^go1(\\z|\\.)");
    private static final Pattern DEPRECATED = Pattern.compile("(?s)(?:^|\n\n)Deprecated: *(.*?)(?:\\z|\n\n)");

    /** A rule.go error value: a message, optionally about one module of a directive. */
    static final class RuleError extends Exception {
        final String verb;
        final String modPath;

        RuleError(String message) {
            this("", "", message);
        }

        RuleError(String verb, String modPath, String message) {
            super(message, null, false, false);
            this.verb = verb;
            this.modPath = modPath;
        }

        /** The text of the error as a nested modfile.Error: no position, then "verb path: message". */
        String text() {
            return ErrorList.directive(verb, modPath) + getMessage();
        }
    }

    /** module.InvalidVersionError's text. */
    static String invalidVersion(String version, String why) {
        return new InvalidVersionException(version, false, why).getMessage();
    }

    /**
     * Unquotes args[i] if it is a quoted string and writes the value back in its canonical spelling
     * (rule.go's parseString). Unquoted values must not contain quotes, which are kept for future use.
     */
    static String parseString(List<String> args, int i) throws RuleError {
        String t = args.get(i);
        if (t.startsWith("\"")) {
            t = GoText.unquote(t);
            if (t == null) {
                throw new RuleError("invalid syntax");
            }
        } else if (t.contains("\"") || t.contains("'") || t.contains("`")) {
            throw new RuleError("unquoted string cannot contain quote");
        }
        args.set(i, autoQuote(t));
        return t;
    }

    /**
     * The version args[i] of module path, fixed by fix or else canonicalized (rule.go's parseVersion).
     * Like rule.go this accepts a non-canonical version such as v1.2 and uses its canonical form.
     */
    static String parseVersion(String verb, String path, List<String> args, int i, VersionFixer fix) throws RuleError {
        String t;
        try {
            t = parseString(args, i);
        } catch (RuleError e) {
            throw new RuleError(verb, path, invalidVersion(args.get(i), e.getMessage()));
        }
        if (fix != null) {
            try {
                t = fix.fix(path, t);
            } catch (IllegalArgumentException e) {
                throw new RuleError(String.valueOf(e.getMessage()));
            }
        } else {
            String cv = ModulePath.canonicalVersion(t);
            if (cv.isEmpty()) {
                throw new RuleError(verb, path, invalidVersion(t, "must be of the form v1.2.3"));
            }
            t = cv;
        }
        args.set(i, t);
        return t;
    }

    /**
     * The major-version suffix of a module path ("/v2", ".v1" for gopkg.in, "" for none), or null
     * when the path ends in a malformed one such as "/v1" or "/v02" (rule.go's modulePathMajor).
     */
    static String pathMajor(String path) {
        PathSplit split = ModulePath.splitPathVersion(path);
        return split.ok() ? split.pathMajor() : null;
    }

    /** Why version v does not suit a path with major suffix pathMajor, or null when it does. */
    static String checkPathMajor(String v, String pathMajor) {
        try {
            ModulePath.checkPathMajor(v, pathMajor);
            return null;
        } catch (InvalidVersionException e) {
            return e.getMessage();
        }
    }

    /** A replace directive's arguments (rule.go's parseReplace); errors go to errs. */
    static Replace parseReplace(ErrorList errs, Line line, String verb, List<String> args, VersionFixer fix) {
        int arrow = args.size() >= 2 && args.get(1).equals("=>") ? 1 : 2;
        if (args.size() < arrow + 2 || args.size() > arrow + 3 || !args.get(arrow).equals("=>")) {
            errs.add(line.start(), "usage: " + verb + " module/path [v1.2.3] => other/module v1.4\n\t or "
                    + verb + " module/path [v1.2.3] => ../local/directory");
            return null;
        }
        String s;
        try {
            s = parseString(args, 0);
        } catch (RuleError e) {
            errs.add(line.start(), "invalid quoted string: " + e.getMessage());
            return null;
        }
        String pathMajor = pathMajor(s);
        if (pathMajor == null) {
            errs.add(line.start(), verb, s, "invalid module path");
            return null;
        }
        String v = "";
        if (arrow == 2) {
            try {
                v = parseVersion(verb, s, args, 1, fix);
            } catch (RuleError e) {
                errs.add(line.start(), e.text());
                return null;
            }
            String mismatch = checkPathMajor(v, pathMajor);
            if (mismatch != null) {
                errs.add(line.start(), verb, s, mismatch);
                return null;
            }
        }
        String ns;
        try {
            ns = parseString(args, arrow + 1);
        } catch (RuleError e) {
            errs.add(line.start(), "invalid quoted string: " + e.getMessage());
            return null;
        }
        String nv = "";
        if (args.size() == arrow + 2) {
            if (!ModFile.isDirectoryPath(ns)) {
                errs.add(line.start(), ns.contains("@")
                        ? "replacement module must match format 'path version', not 'path@version'"
                        : "replacement module without version must be directory path (rooted or starting with . or ..)");
                return null;
            }
            // Go checks this only where '/' is the path separator; modgate always does, so that the
            // answer does not depend on the host (go.mod files are shared across systems).
            if (ns.contains("\\")) {
                errs.add(line.start(), "replacement directory appears to be Windows path (on a non-windows system)");
                return null;
            }
        }
        if (args.size() == arrow + 3) {
            try {
                nv = parseVersion(verb, ns, args, arrow + 2, fix);
            } catch (RuleError e) {
                errs.add(line.start(), e.text());
                return null;
            }
            if (ModFile.isDirectoryPath(ns)) {
                errs.add(line.start(), "replacement module directory path " + GoStrings.quote(ns) + " cannot have version");
                return null;
            }
        }
        return new Replace(s, v, ns, nv);
    }

    /** A parsed version interval and the arguments left after it. */
    record IntervalArgs(VersionInterval interval, List<String> rest) {}

    /** "v1.2.3" or "[v1.2.3, v1.2.4]" at the start of args (rule.go's parseVersionInterval). */
    static IntervalArgs parseVersionInterval(String verb, String path, List<String> args, VersionFixer fix)
            throws RuleError {
        if (args.isEmpty() || args.getFirst().equals("(")) {
            throw new RuleError("expected '[' or version");
        }
        if (!args.getFirst().equals("[")) {
            String v = parseVersion(verb, path, args, 0, fix);
            return new IntervalArgs(new VersionInterval(v, v), args.subList(1, args.size()));
        }
        List<String> toks = args.subList(1, args.size());
        if (toks.isEmpty()) {
            throw new RuleError("expected version after '['");
        }
        String low = parseVersion(verb, path, toks, 0, fix);
        toks = toks.subList(1, toks.size());
        if (toks.isEmpty() || !toks.getFirst().equals(",")) {
            throw new RuleError("expected ',' after version");
        }
        toks = toks.subList(1, toks.size());
        if (toks.isEmpty()) {
            throw new RuleError("expected version after ','");
        }
        String high = parseVersion(verb, path, toks, 0, fix);
        toks = toks.subList(1, toks.size());
        if (toks.isEmpty() || !toks.getFirst().equals("]")) {
            throw new RuleError("expected ']' after version");
        }
        return new IntervalArgs(new VersionInterval(low, high), toks.subList(1, toks.size()));
    }

    /**
     * The text of the comments on a directive: the line's own, or the block's when the line has
     * none. One line per comment, without the slashes; blank-line markers are skipped.
     */
    static String directiveComment(LineBlock block, Line line) {
        Syntax.Comments comments = line.comments;
        if (block != null && comments.before.isEmpty() && comments.suffix.isEmpty()) {
            comments = block.comments;
        }
        List<String> lines = new ArrayList<>();
        for (List<Comment> group : List.of(comments.before, comments.suffix)) {
            for (Comment c : group) {
                if (c.token().startsWith("//")) {
                    lines.add(GoText.trimSpace(c.token().substring(2)));
                }
            }
        }
        return String.join("\n", lines);
    }

    /** The first paragraph of the directive's comments that starts with "Deprecated:", without that prefix. */
    static String deprecation(LineBlock block, Line line) {
        var m = DEPRECATED.matcher(directiveComment(block, line));
        return m.find() ? m.group(1) : "";
    }

    /** Whether the line ends in a "// indirect" comment (also "// indirect; more words"). */
    static boolean isIndirect(Line line) {
        if (line.comments.suffix.isEmpty()) {
            return false;
        }
        String token = line.comments.suffix.getFirst().token();
        List<String> f = GoText.fields(token.startsWith("//") ? token.substring(2) : token);
        return f.size() == 1 && f.getFirst().equals("indirect") || f.size() > 1 && f.getFirst().equals("indirect;");
    }

    /** "usage: godebug key=value" unless args is one key=value word without quotes or commas. */
    static ModFile.Godebug parseGodebug(List<String> args) {
        if (args.size() != 1) {
            return null;
        }
        String a = args.getFirst();
        int eq = a.indexOf('=');
        if (eq < 0 || a.contains("\"") || a.contains("`") || a.contains("'") || a.contains(",")) {
            return null;
        }
        return new ModFile.Godebug(a.substring(0, eq), a.substring(eq + 1));
    }

    /** strconv.Quote unless the text can stand as one go.mod token (modfile.MustQuote). */
    static String autoQuote(String s) {
        return mustQuote(s) ? GoStrings.quote(s) : s;
    }

    static boolean mustQuote(String s) {
        for (int i = 0; i < s.length(); ) {
            int r = GoStrings.runeAt(s, i); // a byte that is not UTF-8 reads as U+FFFD, which is printable
            i += Character.charCount(s.codePointAt(i));
            switch (r) {
                case ' ', '"', '\'', '`' -> {
                    return true;
                }
                case '(', ')', '[', ']', '{', '}', ',' -> {
                    if (s.length() > 1) {
                        return true;
                    }
                }
                default -> {
                    if (!GoStrings.isPrint(r)) {
                        return true;
                    }
                }
            }
        }
        return s.isEmpty() || s.contains("//") || s.contains("/*");
    }
}
