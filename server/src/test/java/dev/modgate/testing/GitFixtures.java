package dev.modgate.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture repositories of the direct-mode tests, each a situation of modfetch's rules, served under the host
 * name {@value #HOST}. {@link #queries()} lists what the tests ask about each module (tags, branches, commit
 * hashes, "latest"); the commit hashes are filled in once the repositories are built.
 */
public final class GitFixtures {
    public static final String HOST = "git.example.test";

    private final Map<String, String> hashes = new LinkedHashMap<>();
    /** repository name -> go-import prefix served for it (null: none, reached by the .git qualifier). */
    private final Map<String, String> repos = new LinkedHashMap<>();

    /** Builds every repository into served/NAME (bare), working copies under work/. */
    public static GitFixtures build(Path work, Path served) throws IOException, InterruptedException {
        GitFixtures f = new GitFixtures();
        f.basic(work, served);
        f.multi(work, served);
        f.majors(work, served);
        f.legacy(work, served);
        f.nomod(work, served);
        f.qualified(work, served);
        f.attributes(work, served);
        return f;
    }

    /** Announces each repository's go-import tag on the server, with repository URLs on the fixture host. */
    public void announce(GitHttpServer server) {
        repos.forEach((name, prefix) -> {
            if (prefix != null) server.goImport(prefix, "git", "https://" + HOST + "/" + name);
        });
    }

    public String hash(String name) {
        String h = hashes.get(name);
        if (h == null) throw new IllegalArgumentException("no commit " + name);
        return h;
    }

    /**
     * Tagged releases (annotated and lightweight), a pre-release, untagged commits after the tags, a side branch,
     * non-semver and non-canonical tags, a vendor directory, a committed .hg directory, a symbolic link.
     */
    private void basic(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/basic";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("basic"));
        r.write("go.mod", "module " + m + "\n\ngo 1.16\n\nrequire example.com/dep v1.0.0\n")
                .write("basic.go", "package basic\n\nconst V = 1\n")
                .write("vendor/modules.txt", "# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n")
                .write("vendor/example.com/dep/dep.go", "package dep\n")
                .write(".hg/hgrc", "[ui]\nusername = fixture\n")
                .symlink("link.go", "basic.go");
        hashes.put("basic.c1", r.commit("v1.0.0"));
        r.annotatedTag("v1.0.0");
        r.write("basic.go", "package basic\n\nconst V = 2\n");
        hashes.put("basic.c2", r.commit("v1.1.0"));
        r.tag("v1.1.0").tag("v1.2").tag("release-candidate").tag("v1.1.1+build.5");
        r.write("basic.go", "package basic\n\nconst V = 3\n");
        hashes.put("basic.c3", r.commit("v1.2.0-rc.1"));
        r.annotatedTag("v1.2.0-rc.1");
        r.write("more.go", "package basic\n\nconst More = true\n");
        hashes.put("basic.c4", r.commit("untagged 1"));
        r.write("more.go", "package basic\n\nconst More = false\n");
        hashes.put("basic.c5", r.commit("untagged 2"));
        r.branch("feature", hashes.get("basic.c2"));
        r.write("feature.go", "package basic\n\nconst Feature = 1\n");
        hashes.put("basic.feature", r.commit("feature work"));
        r.checkout("main");
        r.publish(served.resolve("basic"));
        repos.put("basic", m);
    }

    /**
     * A root module with a LICENSE, a nested module with prefixed tags and no LICENSE of its own, and a v2 module
     * in a major-version subdirectory; untagged commits after the tags.
     */
    private void multi(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/multi";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("multi"));
        r.write("LICENSE", "Copyright fixture. Do what you like.\n")
                .write("go.mod", "module " + m + "\n\ngo 1.18\n")
                .write("root.go", "package multi\n")
                .write("sub/go.mod", "module " + m + "/sub\n\ngo 1.18\n")
                .write("sub/sub.go", "package sub\n");
        hashes.put("multi.c1", r.commit("first"));
        r.tag("v1.0.0").tag("sub/v0.1.0");
        r.write("sub/sub.go", "package sub\n\nconst X = 2\n")
                .write("v2/go.mod", "module " + m + "/v2\n\ngo 1.18\n")
                .write("v2/root.go", "package multi\n\nconst Two = true\n");
        hashes.put("multi.c2", r.commit("second"));
        r.tag("sub/v0.2.0").tag("v2.0.0").tag("v1.0.1");
        r.write("sub/later.go", "package sub\n\nconst Later = 1\n").write("v2/later.go", "package multi\n");
        hashes.put("multi.c3", r.commit("third"));
        r.publish(served.resolve("multi"));
        repos.put("multi", m);
    }

    /** v1 and v2 tags without a go.mod (+incompatible), then a v3 tag whose root go.mod says /v3. */
    private void majors(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/majors";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("majors"));
        r.write("majors.go", "package majors\n");
        hashes.put("majors.c1", r.commit("one"));
        r.tag("v1.0.0");
        r.write("majors.go", "package majors // two\n");
        hashes.put("majors.c2", r.commit("two"));
        r.tag("v2.0.0").tag("v2.1.0");
        r.write("go.mod", "module " + m + "/v3\n\ngo 1.17\n");
        hashes.put("majors.c3", r.commit("three"));
        r.tag("v3.0.0");
        r.write("majors.go", "package majors // after three\n");
        hashes.put("majors.c4", r.commit("after three"));
        r.publish(served.resolve("majors"));
        repos.put("majors", m);
    }

    /** No go.mod anywhere, v2+ tags: everything +incompatible, go.mod synthesized. */
    private void legacy(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/legacy";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("legacy"));
        r.write("legacy.go", "package legacy\n").write("LICENSE", "legacy licence\n");
        hashes.put("legacy.c1", r.commit("one"));
        r.tag("v1.0.0");
        r.write("legacy.go", "package legacy // 2\n");
        hashes.put("legacy.c2", r.commit("two"));
        r.tag("v2.0.0");
        r.write("legacy.go", "package legacy // 3\n");
        hashes.put("legacy.c3", r.commit("three"));
        r.annotatedTag("v3.1.0");
        r.publish(served.resolve("legacy"));
        repos.put("legacy", m);
    }

    /** No go.mod and no tags: only pseudo-versions. */
    private void nomod(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/nomod";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("nomod"));
        r.write("nomod.go", "package nomod\n");
        hashes.put("nomod.c1", r.commit("one"));
        r.write("nomod.go", "package nomod // 2\n");
        hashes.put("nomod.c2", r.commit("two"));
        r.publish(served.resolve("nomod"));
        repos.put("nomod", m);
    }

    /** Reached through the ".git" qualifier in the module path: no go-import page at all. */
    private void qualified(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/qualified.git";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("qualified"));
        r.write("go.mod", "module " + m + "\n\ngo 1.17\n").write("q.go", "package qualified\n");
        hashes.put("qualified.c1", r.commit("one"));
        r.tag("v1.0.0");
        r.publish(served.resolve("qualified"));
        repos.put("qualified", null);
    }

    /**
     * A .gitattributes asking for conversions when files are written out: the go command zips what
     * {@code git archive} writes (CRLF line ends for eol=crlf, $Id$ expanded for ident), not the committed bytes.
     */
    private void attributes(Path work, Path served) throws IOException, InterruptedException {
        String m = HOST + "/attrs";
        GitRepoBuilder r = new GitRepoBuilder(work.resolve("attrs"));
        r.write(".gitattributes", "*.crlf text eol=crlf\n*.bat eol=crlf\nauto.txt text=auto eol=crlf\nbin.dat binary\nident.go ident\nsub/*.txt -text\n")
                .write("go.mod", "module " + m + "\n\ngo 1.17\n")
                .write("a.crlf", "line one\nline two\n")
                .write("run.bat", "@echo off\r\necho mixed\n")
                .write("auto.txt", "auto\ntext\n")
                .write("bin.dat", "a\nb\u0000c\n")
                .write("ident.go", "// $Id$\npackage attrs\n")
                .write("sub/plain.txt", "keep\n")
                .write("sub/x.crlf", "nested\n");
        hashes.put("attrs.c1", r.commit("attributes"));
        r.tag("v1.0.0");
        r.publish(served.resolve("attrs"));
        repos.put("attrs", m);
    }

    /** Module path and query pairs, for go list -m (versions, latest, branches, tags, hashes, errors). */
    public List<String> queries() {
        List<String> q = new ArrayList<>();
        String b = HOST + "/basic";
        q.addAll(List.of(b + "@latest", b + "@v1.0.0", b + "@v1.1.0", b + "@v1.2.0-rc.1", b + "@main", b + "@feature",
                b + "@" + hash("basic.c4").substring(0, 12), b + "@" + hash("basic.c2"), b + "@v1.2", b + "@v1.1.1+build.5",
                b + "@release-candidate", b + "@v9.9.9", b + "@nosuchbranch", b + "@v1"));
        String m = HOST + "/multi";
        q.addAll(List.of(m + "@latest", m + "@main", m + "/sub@latest", m + "/sub@main", m + "/sub@v0.1.0",
                m + "/sub@" + hash("multi.c1").substring(0, 7), m + "/v2@latest", m + "/v2@main", m + "/v2@v2.0.0",
                m + "@v2.0.0", m + "/v2@v1.0.0", m + "/sub@v1.0.0"));
        String j = HOST + "/majors";
        q.addAll(List.of(j + "@latest", j + "@v2.0.0", j + "@v2.1.0+incompatible", j + "@v3.0.0", j + "@main",
                j + "/v3@latest", j + "/v3@main", j + "/v3@v3.0.0", j + "/v2@latest"));
        String l = HOST + "/legacy";
        q.addAll(List.of(l + "@latest", l + "@v2.0.0", l + "@v3.1.0", l + "@main", l + "@" + hash("legacy.c1").substring(0, 9)));
        String n = HOST + "/nomod";
        q.addAll(List.of(n + "@latest", n + "@main", n + "@" + hash("nomod.c1").substring(0, 12)));
        String k = HOST + "/qualified.git";
        q.addAll(List.of(k + "@latest", k + "@v1.0.0"));
        q.add(HOST + "/attrs@v1.0.0");
        return q;
    }

    /** Module paths for go list -m -versions. */
    public List<String> modules() {
        return List.of(HOST + "/basic", HOST + "/multi", HOST + "/multi/sub", HOST + "/multi/v2", HOST + "/majors",
                HOST + "/majors/v3", HOST + "/legacy", HOST + "/nomod", HOST + "/qualified.git", HOST + "/attrs");
    }
}
