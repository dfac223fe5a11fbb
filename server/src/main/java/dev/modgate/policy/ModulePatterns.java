package dev.modgate.policy;

import dev.modgate.core.module.PathMatch;
import dev.modgate.core.module.PathPatterns;
import java.util.ArrayList;
import java.util.List;

/**
 * The module paths a rule is about, written as GOPRIVATE is: comma-separated globs, each matching a prefix of
 * path elements ({@code golang.org/x/*} matches golang.org/x/net and golang.org/x/net/v2; {@code *} matches
 * every module). How closely a rule fits a module is the {@link #specificity} of its best-fitting glob.
 */
public final class ModulePatterns {
    private final List<String> globs;
    private final List<PathPatterns> matchers;
    private final String text;

    private ModulePatterns(String text, List<String> globs) {
        this.text = text;
        this.globs = globs;
        this.matchers = globs.stream().map(PathPatterns::of).toList();
    }

    /** Parses a comma-separated glob list; every glob must be usable (no empty ones, no bad brackets). */
    public static ModulePatterns parse(String text) {
        List<String> globs = new ArrayList<>();
        for (String g : text.split(",", -1)) {
            String glob = g.endsWith("/") ? g.substring(0, g.length() - 1) : g;
            if (glob.isEmpty()) throw new IllegalArgumentException("empty module pattern in \"" + text + "\": write globs like golang.org/x/* separated by commas, no spaces");
            if (glob.startsWith("/") || glob.contains("//") || glob.endsWith("/")) {
                throw new IllegalArgumentException("module pattern \"" + g + "\" has an empty path element: write path elements separated by single slashes, e.g. golang.org/x/*");
            }
            if (!wellFormed(glob)) {
                throw new IllegalArgumentException("module pattern \"" + g + "\" is not a valid glob (an unclosed or empty [ ] class, or a trailing \\): write \\[ for a literal [");
            }
            globs.add(glob);
        }
        return new ModulePatterns(text, List.copyOf(globs));
    }

    /** path.Match refuses malformed globs (unclosed or empty classes, a trailing escape); such a glob would silently never match. */
    private static boolean wellFormed(String glob) {
        try {
            PathMatch.match(glob, ""); // checks the whole pattern whatever the name
            return true;
        } catch (PathMatch.BadPatternException e) {
            return false;
        }
    }

    public boolean matches(String module) {
        return specificity(module) >= 0;
    }

    /**
     * How closely the best-matching glob fits the module, -1 when none matches: more path elements first, then more
     * literal (non-wildcard) characters. {@code golang.org/x/net} outranks {@code golang.org/x/*}, which outranks
     * {@code golang.org}, which outranks {@code *}.
     */
    public long specificity(String module) {
        long best = -1;
        for (int i = 0; i < globs.size(); i++) {
            if (!matchers.get(i).matches(module)) continue;
            String g = globs.get(i);
            long elements = g.chars().filter(c -> c == '/').count() + 1;
            long literal = literalCharacters(g);
            best = Math.max(best, elements * 100_000 + literal);
        }
        return best;
    }

    /** The characters a glob fixes: literal ones (an escaped one counts once); wildcards and [ ] classes fix none. */
    private static long literalCharacters(String glob) {
        long n = 0;
        boolean inClass = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                i++;
                if (!inClass) n++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
            } else if (c != '*' && c != '?') {
                n++;
            }
        }
        return n;
    }

    @Override public String toString() { return text; }
}
