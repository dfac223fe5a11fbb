package dev.modgate.config;

import dev.modgate.core.vcs.RepoUrls;
import java.util.List;
import java.util.Optional;

/**
 * A configured repository for module paths ({@code repo PATTERN = URL}): the module path's first elements match
 * the pattern, element by element, "*" matching any one element; they are the repository root, and {@code $1},
 * {@code $2}... in the URL stand for the elements the stars matched. The most specific matching rule applies
 * (more elements, then fewer stars). Used instead of {@code ?go-get=1} discovery,
 * for hosts that serve no go-import pages.
 */
public record RepoRule(String pattern, String url) {

    /** The repository root and URL for a module path, if the rule applies to it. */
    public record Match(String root, String url) {}

    /** More elements win, then more literal (non-star) elements: a rule naming a repository beats a host-wide one. */
    private int specificity() {
        String[] pat = pattern.split("/");
        int literal = 0;
        for (String p : pat) if (!p.equals("*")) literal++;
        return pat.length * 1000 + literal;
    }

    public RepoRule {
        if (pattern.isEmpty() || pattern.startsWith("/") || pattern.endsWith("/") || pattern.contains("//")) {
            throw new IllegalArgumentException("repo pattern \"" + pattern + "\" must be a module path prefix such as git.corp.example/team/* (no leading or trailing /)");
        }
        if (!url.contains("://")) throw new IllegalArgumentException("repo URL \"" + url + "\" must be a URL such as https://host/path.git");
        if (RepoUrls.hasDotSegment(url)) throw new IllegalArgumentException("repo URL \"" + url + "\" may not hold \".\" or \"..\" path segments");
    }

    public Optional<Match> match(String modulePath) {
        String[] pat = pattern.split("/");
        String[] path = modulePath.split("/");
        if (path.length < pat.length) return Optional.empty();
        String u = url;
        int star = 0;
        for (int i = 0; i < pat.length; i++) {
            if (pat[i].equals("*")) {
                star++;
                u = u.replace("$" + star, path[i]);
            } else if (!pat[i].equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(new Match(String.join("/", List.of(path).subList(0, pat.length)), u));
    }

    /** The most specific matching rule (the first of equals), if any. */
    public static Optional<Match> best(List<RepoRule> rules, String modulePath) {
        Match best = null;
        int bestScore = -1;
        for (RepoRule r : rules) {
            Optional<Match> m = r.match(modulePath);
            if (m.isPresent() && r.specificity() > bestScore) {
                best = m.get();
                bestScore = r.specificity();
            }
        }
        return Optional.ofNullable(best);
    }
}
