package dev.modgate.core.modfile;

import dev.modgate.core.modfile.Rules.IntervalArgs;
import dev.modgate.core.modfile.Rules.RuleError;
import dev.modgate.core.modfile.Syntax.Expr;
import dev.modgate.core.modfile.Syntax.FileSyntax;
import dev.modgate.core.modfile.Syntax.Line;
import dev.modgate.core.modfile.Syntax.LineBlock;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A parsed go.mod file, as golang.org/x/mod/modfile reads it: same syntax, same directive rules,
 * same error texts.
 *
 * <p>{@link #parse} is modfile.Parse, for the main module: every directive must be known and valid.
 * {@link #parseLax} is modfile.ParseLax, how the go command reads the go.mod of a dependency: only
 * module, go, require and retract directives are interpreted and everything else (toolchain,
 * godebug, exclude, replace, tool and directives of future Go versions) is skipped unchecked, so
 * {@link #toolchain()}, {@link #excludes()}, {@link #replaces()} and the like are empty then.
 * Syntax errors fail both.
 */
public final class ModFile {
    /** A require directive; indirect when the line ends in a "// indirect" comment. */
    public record Require(String path, String version, boolean indirect) {}

    /**
     * A replace directive. An empty oldVersion replaces every version; an empty newVersion means
     * newPath is a directory (rooted, or starting with . or ..), otherwise it is a module path.
     */
    public record Replace(String oldPath, String oldVersion, String newPath, String newVersion) {
        public boolean isDirectory() {
            return newVersion.isEmpty();
        }
    }

    /** A closed interval of versions; low equals high for a single version. */
    public record VersionInterval(String low, String high) {}

    /** A retract directive and its rationale (the comment text on or above it, "" for none). */
    public record Retract(VersionInterval interval, String rationale) {}

    /** A godebug key=value setting. */
    public record Godebug(String key, String value) {}

    private String modulePath; // null without a module directive
    private String deprecated = "";
    private String goVersion;
    private String toolchain;
    private final List<Godebug> godebugs = new ArrayList<>();
    private final List<Require> requires = new ArrayList<>();
    private final List<ModuleVersion> excludes = new ArrayList<>();
    private final List<Replace> replaces = new ArrayList<>();
    private final List<Retract> retracts = new ArrayList<>();
    private final List<Line> retractLines = new ArrayList<>(); // parallel to retracts, for the version fixer
    private final List<String> tools = new ArrayList<>();

    private ModFile() {}

    /** modfile.Parse with no version fixer: versions must have a canonical form, which is what is kept. */
    public static ModFile parse(String fileName, byte[] data) {
        return parse(fileName, data, null);
    }

    /** modfile.Parse: the main module's go.mod. fix may be null. */
    public static ModFile parse(String fileName, byte[] data, VersionFixer fix) {
        return parse(fileName, data, fix, true);
    }

    /** modfile.ParseLax with no version fixer. Throws ModFileException with Go's "name:line[:col]: message" text. */
    public static ModFile parseLax(String fileName, byte[] data) {
        return parseLax(fileName, data, null);
    }

    /** modfile.ParseLax: a dependency's go.mod. fix may be null. */
    public static ModFile parseLax(String fileName, byte[] data, VersionFixer fix) {
        return parse(fileName, data, fix, false);
    }

    private static final Set<String> BLOCK_VERBS = Set.of("module", "godebug", "require", "exclude", "replace", "retract", "tool");

    private static ModFile parse(String fileName, byte[] data, VersionFixer fix, boolean strict) {
        FileSyntax syntax = SyntaxParser.parse(fileName, data);
        ModFile f = new ModFile();
        ErrorList errs = new ErrorList(fileName);
        for (Expr stmt : syntax.stmts) {
            if (stmt instanceof Line line) {
                f.add(errs, null, line, line.tokens.getFirst(), line.tokens.subList(1, line.tokens.size()), fix, strict);
            } else if (stmt instanceof LineBlock block) {
                if (block.tokens.size() > 1 || !BLOCK_VERBS.contains(block.tokens.getFirst())) {
                    if (strict) {
                        errs.add(block.start(), "unknown block type: " + String.join(" ", block.tokens));
                    }
                    continue;
                }
                for (Line line : block.lines) {
                    f.add(errs, block, line, block.tokens.getFirst(), line.tokens, fix, strict);
                }
            }
        }
        // Retractions are fixed last because the fixer needs the module path, which may come later.
        f.fixRetracts(errs, fix);
        errs.throwIfAny();
        return f;
    }

    private void add(ErrorList errs, LineBlock block, Line line, String verb, List<String> args,
                     VersionFixer fix, boolean strict) {
        if (!strict && !(verb.equals("go") || verb.equals("module") || verb.equals("retract") || verb.equals("require"))) {
            // A dependency's go.mod may use directives of newer Go versions, and those meant for the
            // main module only (exclude, replace, ...) do not apply; the go command ignores them.
            return;
        }
        var at = line.start();
        switch (verb) {
            case "go" -> {
                if (goVersion != null) {
                    errs.add(at, "repeated go statement");
                    return;
                }
                if (args.size() != 1) {
                    errs.add(at, "go directive expects exactly one argument");
                    return;
                }
                if (!Rules.GO_VERSION.matcher(args.getFirst()).find()) {
                    Matcher m = Rules.LAX_GO_VERSION.matcher(args.getFirst());
                    // A dependency may name a go version in a form older go commands did not know
                    // (v1.21, 1.21.x): keep its language version.
                    if (!strict && m.find()) {
                        args.set(0, m.group(1));
                    } else {
                        errs.add(at, "invalid go version '" + args.getFirst() + "': must match format 1.23.0");
                        return;
                    }
                }
                goVersion = args.getFirst();
            }
            case "toolchain" -> {
                if (toolchain != null) {
                    errs.add(at, "repeated toolchain statement");
                    return;
                }
                if (args.size() != 1) {
                    errs.add(at, "toolchain directive expects exactly one argument");
                    return;
                }
                if (!Rules.TOOLCHAIN.matcher(args.getFirst()).find()) {
                    errs.add(at, "invalid toolchain version '" + args.getFirst() + "': must match format go1.23.0 or default");
                    return;
                }
                toolchain = args.getFirst();
            }
            case "module" -> {
                if (modulePath != null) {
                    errs.add(at, "repeated module statement");
                    return;
                }
                deprecated = Rules.deprecation(block, line);
                modulePath = ""; // the directive counts even when its argument is wrong
                if (args.size() != 1) {
                    errs.add(at, "usage: module module/path");
                    return;
                }
                try {
                    modulePath = Rules.parseString(args, 0);
                } catch (RuleError e) {
                    errs.add(at, "invalid quoted string: " + e.getMessage());
                }
            }
            case "godebug" -> {
                Godebug g = Rules.parseGodebug(args);
                if (g == null) {
                    errs.add(at, "usage: godebug key=value");
                    return;
                }
                godebugs.add(g);
            }
            case "require", "exclude" -> {
                if (args.size() != 2) {
                    errs.add(at, "usage: " + verb + " module/path v1.2.3");
                    return;
                }
                String s;
                String v;
                try {
                    s = Rules.parseString(args, 0);
                } catch (RuleError e) {
                    errs.add(at, "invalid quoted string: " + e.getMessage());
                    return;
                }
                try {
                    v = Rules.parseVersion(verb, s, args, 1, fix);
                } catch (RuleError e) {
                    errs.add(at, e.text());
                    return;
                }
                String pathMajor = Rules.pathMajor(s);
                if (pathMajor == null) {
                    errs.add(at, "invalid module path");
                    return;
                }
                String mismatch = Rules.checkPathMajor(v, pathMajor);
                if (mismatch != null) {
                    errs.add(at, verb, s, mismatch);
                    return;
                }
                if (verb.equals("require")) {
                    requires.add(new Require(s, v, Rules.isIndirect(line)));
                } else {
                    excludes.add(new ModuleVersion(s, v));
                }
            }
            case "replace" -> {
                Replace r = Rules.parseReplace(errs, line, verb, args, fix);
                if (r != null) {
                    replaces.add(r);
                }
            }
            case "retract" -> {
                String rationale = Rules.directiveComment(block, line);
                IntervalArgs parsed;
                try {
                    // Versions are taken as written here; the fixer, if any, sees them at the end.
                    parsed = Rules.parseVersionInterval(verb, "", args, (path, version) -> version);
                } catch (RuleError e) {
                    // A dependency may use interval syntax of a newer Go version: skip the line.
                    if (strict) {
                        errs.add(at, e.text());
                    }
                    return;
                }
                if (!parsed.rest().isEmpty() && strict) {
                    errs.add(at, "unexpected token after version: " + GoStrings.quote(parsed.rest().getFirst()));
                    return;
                }
                retracts.add(new Retract(parsed.interval(), rationale));
                retractLines.add(line);
            }
            case "tool" -> {
                if (args.size() != 1) {
                    errs.add(at, "tool directive expects exactly one argument");
                    return;
                }
                try {
                    tools.add(Rules.parseString(args, 0));
                } catch (RuleError e) {
                    errs.add(at, "invalid quoted string: " + e.getMessage());
                }
            }
            default -> errs.add(at, "unknown directive: " + verb);
        }
    }

    /** rule.go's fixRetract: runs the fixer over retracted versions once the module path is known. */
    private void fixRetracts(ErrorList errs, VersionFixer fix) {
        if (fix == null) {
            return;
        }
        String path = modulePath == null ? "" : modulePath;
        for (int i = 0; i < retracts.size(); i++) {
            Line line = retractLines.get(i);
            if (path.isEmpty()) {
                errs.add(line.start(), "no module directive found, so retract cannot be used");
                return; // once is enough
            }
            List<String> args = line.tokens;
            if (args.getFirst().equals("retract")) {
                args = args.subList(1, args.size());
            }
            VersionInterval vi = new VersionInterval("", "");
            try {
                vi = Rules.parseVersionInterval("retract", path, args, fix).interval();
            } catch (RuleError e) {
                errs.add(line.start(), e.text());
            }
            retracts.set(i, new Retract(vi, retracts.get(i).rationale()));
        }
    }

    /**
     * modfile.ModulePath: the path on the first "module" line, found by a quick line scan that
     * tolerates anything else wrong with the file; "" when there is none or it is malformed.
     * Unlike the parser it reads back-quoted paths, but not a module block.
     */
    public static String scanModulePath(byte[] data) {
        String text = GoStrings.fromUtf8(data);
        int next = 0;
        while (next < text.length()) {
            int nl = text.indexOf('\n', next);
            String line = nl < 0 ? text.substring(next) : text.substring(next, nl);
            next = nl < 0 ? text.length() : nl + 1;
            int slashes = line.indexOf("//");
            if (slashes >= 0) {
                line = line.substring(0, slashes);
            }
            line = GoText.trimSpace(line);
            if (!line.startsWith("module")) {
                continue;
            }
            line = line.substring("module".length());
            int n = line.length();
            line = GoText.trimSpace(line);
            if (line.length() == n || line.isEmpty()) {
                continue; // "modulex" or a bare "module"
            }
            if (line.charAt(0) == '"' || line.charAt(0) == '`') {
                String p = GoText.unquote(line);
                return p == null ? "" : p; // malformed, or a quoted path spanning lines
            }
            return line;
        }
        return "";
    }

    /** modfile.AutoQuote: s, or its Go-quoted form when s cannot stand as one go.mod token. */
    public static String autoQuote(String s) {
        return Rules.autoQuote(s);
    }

    /** modfile.MustQuote. */
    public static boolean mustQuote(String s) {
        return Rules.mustQuote(s);
    }

    /**
     * modfile.IsDirectoryPath: whether a replacement is a directory rather than a module path, in
     * Unix or Windows form, since go.mod files move between systems.
     */
    public static boolean isDirectoryPath(String ns) {
        return ns.equals(".") || ns.startsWith("./") || ns.startsWith(".\\")
                || ns.equals("..") || ns.startsWith("../") || ns.startsWith("..\\")
                || ns.startsWith("/") || ns.startsWith("\\")
                || ns.length() >= 2 && isAsciiLetter(ns.charAt(0)) && ns.charAt(1) == ':';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** The go.mod the go command synthesizes for a module version that has none (modfetch's LegacyGoMod). */
    public static String legacyGoMod(String modulePath) {
        return "module " + autoQuote(modulePath) + "\n";
    }

    /** The path on the module line, or null when there is none. */
    public String modulePath() {
        return modulePath;
    }

    /** The deprecation notice in the module line's comments ("// Deprecated: ..."), "" for none. */
    public String deprecated() {
        return deprecated;
    }

    /** The go line's version ("1.21", "1.21.0", "1.21rc1"), or null when there is none. */
    public String goVersion() {
        return goVersion;
    }

    /** The toolchain line's name ("go1.21.3", "default"), or null when there is none or the parse was lax. */
    public String toolchain() {
        return toolchain;
    }

    public List<Godebug> godebugs() {
        return List.copyOf(godebugs);
    }

    public List<Require> requires() {
        return List.copyOf(requires);
    }

    public List<ModuleVersion> excludes() {
        return List.copyOf(excludes);
    }

    public List<Replace> replaces() {
        return List.copyOf(replaces);
    }

    public List<Retract> retracts() {
        return List.copyOf(retracts);
    }

    /** The packages named by tool lines. */
    public List<String> tools() {
        return List.copyOf(tools);
    }
}
