package dev.modgate.core.vcs;

import static dev.modgate.core.text.GoStrings.quote;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cmd/go/internal/vcs's vcsPaths: import paths whose repository is known without asking the host (github.com,
 * bitbucket.org, ...), and the generic {@code host/path.git/sub} form. {@link #lookup} answers empty for paths that
 * need {@code ?go-get=1} discovery; {@link #lookupAfterDynamic} holds launchpad.net, consulted only after
 * discovery failed.
 */
public final class VcsPaths {
    private VcsPaths() {}

    /** The version control systems the go command knows, with their commands ("git" etc.). */
    public static final List<String> VCS_CMDS = List.of("hg", "git", "svn", "bzr", "fossil");

    private record Entry(String pathPrefix, Pattern regexp, String vcs, String repo, boolean noVcsSuffix, boolean schemeless) {}

    private static final List<Entry> PATHS = List.of(
            new Entry("github.com", Pattern.compile("^(?<root>github\\.com/[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+)(/[A-Za-z0-9_.\\-]+)*$"),
                    "git", "https://{root}", true, false),
            new Entry("bitbucket.org", Pattern.compile("^(?<root>bitbucket\\.org/(?<bitname>[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+))(/[A-Za-z0-9_.\\-]+)*$"),
                    "git", "https://{root}", true, false),
            new Entry("hub.jazz.net/git", Pattern.compile("^(?<root>hub\\.jazz\\.net/git/[a-z0-9]+/[A-Za-z0-9_.\\-]+)(/[A-Za-z0-9_.\\-]+)*$"),
                    "git", "https://{root}", true, false),
            new Entry("git.apache.org", Pattern.compile("^(?<root>git\\.apache\\.org/[a-z0-9_.\\-]+\\.git)(/[A-Za-z0-9_.\\-]+)*$"),
                    "git", "https://{root}", false, false),
            new Entry("git.openstack.org", Pattern.compile("^(?<root>git\\.openstack\\.org/[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+)(\\.git)?(/[A-Za-z0-9_.\\-]+)*$"),
                    "git", "https://{root}", false, false),
            new Entry("chiselapp.com", Pattern.compile("^(?<root>chiselapp\\.com/user/[A-Za-z0-9]+/repository/[A-Za-z0-9_.\\-]+)$"),
                    "fossil", "https://{root}", false, false),
            // The general "host/path.vcs" form; must be last. Not anchored at the start, as in the go command.
            new Entry("", Pattern.compile("(?<root>(?<repo>([a-z0-9.\\-]+\\.)+[a-z0-9.\\-]+(:[0-9]+)?(/~?[A-Za-z0-9_.\\-]+)+?)\\.(?<vcs>bzr|fossil|git|hg|svn))(/~?[A-Za-z0-9_.\\-]+)*$"),
                    null, null, false, true));

    private static final List<Entry> AFTER_DYNAMIC = List.of(
            new Entry("launchpad.net", Pattern.compile("^(?<root>launchpad\\.net/((?<project>[A-Za-z0-9_.\\-]+)(?<series>/[A-Za-z0-9_.\\-]+)?|~[A-Za-z0-9_.\\-]+/(\\+junk|[A-Za-z0-9_.\\-]+)/[A-Za-z0-9_.\\-]+))(/[A-Za-z0-9_.\\-]+)*$"),
                    "bzr", "https://{root}", false, false));

    private static final List<String> GROUPS = List.of("root", "repo", "vcs", "bitname", "project", "series");

    /**
     * repoRootFromVCSPaths: the repository, or empty when the path needs dynamic discovery.
     *
     * @throws ImportPathException for paths a known site rejects, or that no lookup may resolve
     */
    public static Optional<StaticRoot> lookup(String importPath) throws ImportPathException {
        return lookup(importPath, PATHS);
    }

    /** The entries the go command tries after dynamic discovery failed (launchpad.net). */
    public static Optional<StaticRoot> lookupAfterDynamic(String importPath) throws ImportPathException {
        return lookup(importPath, AFTER_DYNAMIC);
    }

    private static Optional<StaticRoot> lookup(String importPath, List<Entry> entries) throws ImportPathException {
        if (MetaImport.hasPathPrefix(importPath, "example.net")) throw new ImportPathException("no modules on example.net");
        if (importPath.equals("rsc.io")) throw new ImportPathException("rsc.io is not a module");
        for (String prefix : List.of("http:", "https:")) {
            // "https://host/x" cleaned to "https:/host/x": a common mistake, diagnosed helpfully.
            if (importPath.startsWith(prefix)) throw new ImportPathException(quote(prefix + "//") + " not allowed in import path");
        }
        for (Entry srv : entries) {
            if (!MetaImport.hasPathPrefix(importPath, srv.pathPrefix)) continue;
            Matcher mt = srv.regexp.matcher(importPath);
            if (!mt.find()) {
                if (!srv.pathPrefix.isEmpty()) {
                    throw new ImportPathException("invalid " + srv.pathPrefix + " import path " + quote(importPath));
                }
                continue;
            }
            Map<String, String> match = new HashMap<>();
            match.put("prefix", srv.pathPrefix + "/");
            match.put("import", importPath);
            for (String g : GROUPS) {
                try {
                    String v = mt.group(g);
                    if (v != null && !match.containsKey(g)) match.put(g, v);
                } catch (IllegalArgumentException e) {
                    // no such group in this pattern
                }
            }
            if (srv.vcs != null) match.put("vcs", expand(match, srv.vcs));
            if (srv.repo != null) match.put("repo", expand(match, srv.repo));
            if (srv.noVcsSuffix) {
                for (String vcs : VCS_CMDS) {
                    if (match.get("repo").endsWith("." + vcs)) {
                        throw new ImportPathException("invalid version control suffix in " + match.get("prefix") + " path");
                    }
                }
            }
            String vcs = match.getOrDefault("vcs", "");
            if (!VCS_CMDS.contains(vcs)) throw new ImportPathException("unknown version control system " + quote(vcs));
            return Optional.of(new StaticRoot(match.get("root"), vcs, match.get("repo"), srv.schemeless));
        }
        return Optional.empty();
    }

    /** expand: replaces each {key} in s with match[key], once. */
    private static String expand(Map<String, String> match, String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf('{', i);
            int close = open < 0 ? -1 : s.indexOf('}', open);
            if (open < 0 || close < 0) {
                b.append(s, i, s.length());
                break;
            }
            String key = s.substring(open + 1, close);
            b.append(s, i, open);
            if (match.containsKey(key)) {
                b.append(match.get(key));
                i = close + 1;
            } else {
                b.append('{');
                i = open + 1;
            }
        }
        return b.toString();
    }

    /**
     * The schemes the go command tries for a scheme-less git repository, in order: "git" and "http" only when
     * insecure connections are allowed.
     */
    public static List<String> gitSchemes(boolean insecure) {
        return insecure ? List.of("git", "https", "http", "git+ssh", "ssh") : List.of("https", "git+ssh", "ssh");
    }
}
