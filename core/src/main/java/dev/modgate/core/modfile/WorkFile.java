package dev.modgate.core.modfile;

import dev.modgate.core.modfile.ModFile.Godebug;
import dev.modgate.core.modfile.ModFile.Replace;
import dev.modgate.core.modfile.Rules.RuleError;
import dev.modgate.core.modfile.Syntax.Expr;
import dev.modgate.core.modfile.Syntax.FileSyntax;
import dev.modgate.core.modfile.Syntax.Line;
import dev.modgate.core.modfile.Syntax.LineBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed go.work file (modfile.ParseWork): go, toolchain, godebug, use and replace directives.
 * There is no lax form: a workspace file is always the user's own, so every directive is checked.
 */
public final class WorkFile {
    private String goVersion;
    private String toolchain;
    private final List<Godebug> godebugs = new ArrayList<>();
    private final List<String> uses = new ArrayList<>();
    private final List<Replace> replaces = new ArrayList<>();

    private WorkFile() {}

    /** modfile.ParseWork with no version fixer. Throws ModFileException with Go's error text. */
    public static WorkFile parse(String fileName, byte[] data) {
        return parse(fileName, data, null);
    }

    /** modfile.ParseWork. fix may be null. */
    public static WorkFile parse(String fileName, byte[] data, VersionFixer fix) {
        FileSyntax syntax = SyntaxParser.parse(fileName, data);
        WorkFile f = new WorkFile();
        ErrorList errs = new ErrorList(fileName);
        for (Expr stmt : syntax.stmts) {
            if (stmt instanceof Line line) {
                f.add(errs, line, line.tokens.getFirst(), line.tokens.subList(1, line.tokens.size()), fix);
            } else if (stmt instanceof LineBlock block) {
                if (block.tokens.size() > 1 || !BLOCK_VERBS.contains(block.tokens.getFirst())) {
                    errs.add(block.start(), "unknown block type: " + String.join(" ", block.tokens));
                    continue;
                }
                for (Line line : block.lines) {
                    f.add(errs, line, block.tokens.getFirst(), line.tokens, fix);
                }
            }
        }
        errs.throwIfAny();
        return f;
    }

    private static final Set<String> BLOCK_VERBS = Set.of("godebug", "use", "replace");

    private void add(ErrorList errs, Line line, String verb, List<String> args, VersionFixer fix) {
        var at = line.start();
        switch (verb) {
            case "go" -> {
                if (goVersion != null) {
                    errs.add(at, "repeated go statement");
                } else if (args.size() != 1) {
                    errs.add(at, "go directive expects exactly one argument");
                } else if (!Rules.GO_VERSION.matcher(args.getFirst()).find()) {
                    errs.add(at, "invalid go version '" + args.getFirst() + "': must match format 1.23.0");
                } else {
                    goVersion = args.getFirst();
                }
            }
            case "toolchain" -> {
                if (toolchain != null) {
                    errs.add(at, "repeated toolchain statement");
                } else if (args.size() != 1) {
                    errs.add(at, "toolchain directive expects exactly one argument");
                } else if (!Rules.TOOLCHAIN.matcher(args.getFirst()).find()) {
                    errs.add(at, "invalid toolchain version '" + args.getFirst() + "': must match format go1.23.0 or default");
                } else {
                    toolchain = args.getFirst();
                }
            }
            case "godebug" -> {
                Godebug g = Rules.parseGodebug(args);
                if (g == null) {
                    errs.add(at, "usage: godebug key=value");
                } else {
                    godebugs.add(g);
                }
            }
            case "use" -> {
                if (args.size() != 1) {
                    errs.add(at, "usage: " + verb + " local/dir");
                    return;
                }
                try {
                    uses.add(Rules.parseString(args, 0));
                } catch (RuleError e) {
                    errs.add(at, "invalid quoted string: " + e.getMessage());
                }
            }
            case "replace" -> {
                Replace r = Rules.parseReplace(errs, line, verb, args, fix);
                if (r != null) {
                    replaces.add(r);
                }
            }
            default -> errs.add(at, "unknown directive: " + verb);
        }
    }

    /** The go line's version, or null when there is none. */
    public String goVersion() {
        return goVersion;
    }

    /** The toolchain line's name, or null when there is none. */
    public String toolchain() {
        return toolchain;
    }

    public List<Godebug> godebugs() {
        return List.copyOf(godebugs);
    }

    /** The module directories named by use lines, as written (relative to the go.work file's directory unless rooted). */
    public List<String> uses() {
        return List.copyOf(uses);
    }

    public List<Replace> replaces() {
        return List.copyOf(replaces);
    }
}
