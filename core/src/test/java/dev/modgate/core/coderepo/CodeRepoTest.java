package dev.modgate.core.coderepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.module.PseudoVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * modfetch's codeRepo rules over an in-memory repository: the situations of coderepo_test.go (tags, prefixed
 * tags, major subdirectories, +incompatible, pseudo-versions and their validation, gopkg.in, retractions).
 */
class CodeRepoTest {
    private static final String ROOT = "git.example.test/repo";
    private static final Instant T1 = Instant.parse("2020-01-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2020-02-01T10:00:00Z");
    private static final Instant T3 = Instant.parse("2020-03-01T10:00:00Z");
    private static final Instant T4 = Instant.parse("2020-04-01T10:00:00Z");

    private final MemoryCodeHost host = new MemoryCodeHost();

    private static Map<String, String> files(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private CodeRepo repo(String path) throws Exception {
        return new CodeRepo(host, ROOT, path);
    }

    private static String pseudo(String base, String major, Instant t, String hash) {
        return PseudoVersion.build(major, base, t, hash.substring(0, 12));
    }

    private static List<String> zipNames(CodeRepo r, String version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.zip(version, out);
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) names.add(e.getName());
        }
        return names;
    }

    @Test
    void tagsBecomeVersionsAndLaterCommitsPseudoVersions() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n", "a.go", "package a\n"));
        host.tag("v1.0.0", c1);
        String c2 = host.commit(T2, files("go.mod", "module " + ROOT + "\n", "a.go", "package a // 2\n"), c1);
        host.tag("v1.1.0", c2);
        host.tag("v1.2", c2); // not canonical: ignored
        host.tag("release-1", c2);
        host.tag("v1.1.1+meta", c2);
        String c3 = host.commit(T3, files("go.mod", "module " + ROOT + "\n", "a.go", "package a // 3\n"), c2);
        CodeRepo r = repo(ROOT);
        assertThat(r.versions("")).containsExactly("v1.0.0", "v1.1.0");
        assertThat(r.stat("v1.0.0").version()).isEqualTo("v1.0.0");
        assertThat(r.stat("v1.0.0").origin().ref()).isEqualTo("refs/tags/v1.0.0");
        assertThat(r.stat(c2).version()).isEqualTo("v1.1.0");
        VersionInfo head = r.stat("main");
        // v1.1.1+meta is no version of its own, but the highest base among the ancestors
        assertThat(head.version()).isEqualTo(pseudo("v1.1.1", "", T3, c3)).startsWith("v1.1.2-0.20200301100000-");
        assertThat(r.latest().version()).isEqualTo(head.version());
        assertThat(r.stat(head.version()).version()).isEqualTo(head.version());
        assertThat(new String(r.goMod("v1.0.0"), StandardCharsets.UTF_8)).isEqualTo("module " + ROOT + "\n");
        assertThat(zipNames(r, "v1.1.0")).containsExactly(ROOT + "@v1.1.0/a.go", ROOT + "@v1.1.0/go.mod");
        assertThat(head.toJson()).isEqualTo("{\"Version\":\"" + head.version() + "\",\"Time\":\"2020-03-01T10:00:00Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://git.example.test/repo\",\"Hash\":\"" + c3 + "\"}}");
        // a build-metadata tag asked for: a canonical tag on the same commit is better than a pseudo-version
        assertThat(r.stat("v1.1.1+meta").version()).isEqualTo("v1.1.0");
    }

    @Test
    void untaggedRepositoryGivesV0PseudoVersions() throws Exception {
        String c1 = host.commit(T1, files("a.go", "package a\n"));
        CodeRepo r = repo(ROOT);
        assertThat(r.versions("")).isEmpty();
        assertThat(r.latest().version()).isEqualTo("v0.0.0-20200101100000-" + c1.substring(0, 12));
        assertThat(new String(r.goMod(r.latest().version()), StandardCharsets.UTF_8)).isEqualTo("module " + ROOT + "\n");
        assertThatThrownBy(() -> r.stat("v1.0.0-20200101100000-" + c1.substring(0, 12)))
                .hasMessageContaining("major version without preceding tag must be v0, not v1");
    }

    @Test
    void pseudoVersionsAreValidated() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n"));
        host.tag("v1.0.0", c1);
        String c2 = host.commit(T2, files("go.mod", "module " + ROOT + "\n", "b.go", "package b\n"), c1);
        String side = host.commit(T3, files("go.mod", "module " + ROOT + "\n"));
        host.tag("v1.5.0", side);
        CodeRepo r = repo(ROOT);
        String good = pseudo("v1.0.0", "", T2, c2);
        assertThat(r.stat(good).version()).isEqualTo(good);
        assertThatThrownBy(() -> r.stat("v1.0.1-0.20200201100000-" + c2.substring(0, 11)))
                .hasMessageContaining("revision is shorter than canonical");
        assertThatThrownBy(() -> r.stat("v1.0.1-0.20200201100001-" + c2.substring(0, 12)))
                .hasMessageContaining("does not match version-control timestamp (expected 20200201100000)");
        assertThatThrownBy(() -> r.stat("v1.5.1-0.20200201100000-" + c2.substring(0, 12)))
                .hasMessageContaining("is not a descendent of preceding tag (v1.5.0)");
        assertThatThrownBy(() -> r.stat("v1.0.1-0.20200101100000-" + c1.substring(0, 12)))
                .hasMessageContaining("tag (v1.0.0) found on revision " + c1.substring(0, 12) + " is already canonical");
        assertThatThrownBy(() -> r.stat("v1.3.1-0.20200201100000-" + c2.substring(0, 12)))
                .hasMessageContaining("preceding tag (v1.3.0) not found");
    }

    @Test
    void prefixedTagsAndRootLicenseForASubdirectoryModule() throws Exception {
        String c1 = host.commit(T1, files("LICENSE", "root licence\n", "go.mod", "module " + ROOT + "\n",
                "sub/go.mod", "module " + ROOT + "/sub\n", "sub/s.go", "package s\n"));
        host.tag("v1.0.0", c1);
        host.tag("sub/v0.1.0", c1);
        CodeRepo sub = repo(ROOT + "/sub");
        assertThat(sub.codeDir()).isEqualTo("sub");
        assertThat(sub.versions("")).containsExactly("v0.1.0");
        assertThat(zipNames(sub, "v0.1.0")).containsExactly(ROOT + "/sub@v0.1.0/go.mod", ROOT + "/sub@v0.1.0/s.go", ROOT + "/sub@v0.1.0/LICENSE");
        assertThat(sub.stat("v0.1.0").origin().subdir()).isEqualTo("sub");
        // the root module's zip leaves the nested module out
        assertThat(zipNames(repo(ROOT), "v1.0.0")).containsExactly(ROOT + "@v1.0.0/LICENSE", ROOT + "@v1.0.0/go.mod");
        assertThatThrownBy(() -> sub.stat("v1.0.0")).matches(e -> CodeRepoException.isNotExist(e)).hasMessageContaining("unknown revision sub/v1.0.0");
    }

    @Test
    void majorVersionSubdirectory() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n", "a.go", "package a\n",
                "v2/go.mod", "module " + ROOT + "/v2\n", "v2/a.go", "package a // v2\n"));
        host.tag("v1.0.0", c1);
        host.tag("v2.0.0", c1);
        CodeRepo v2 = repo(ROOT + "/v2");
        assertThat(v2.versions("")).containsExactly("v2.0.0");
        assertThat(v2.stat("v2.0.0").version()).isEqualTo("v2.0.0");
        assertThat(zipNames(v2, "v2.0.0")).containsExactly(ROOT + "/v2@v2.0.0/a.go", ROOT + "/v2@v2.0.0/go.mod");
        assertThat(new String(v2.goMod("v2.0.0"), StandardCharsets.UTF_8)).isEqualTo("module " + ROOT + "/v2\n");
        // the v1 module does not list v2.0.0 (+incompatible is impossible with a go.mod)
        CodeRepo v1 = repo(ROOT);
        assertThat(v1.versions("")).containsExactly("v1.0.0");
        assertThatThrownBy(() -> v1.stat("v2.0.0")).hasMessage(ROOT + "@v2.0.0: invalid version: module contains a go.mod file, so module path must match major version (\"" + ROOT + "/v2\")");
        assertThatThrownBy(() -> repo(ROOT + "/v3").stat("v2.0.0")).hasMessageContaining("invalid version");
    }

    @Test
    void incompatibleVersionsOfARepositoryWithoutGoMod() throws Exception {
        String c1 = host.commit(T1, files("a.go", "package a\n"));
        host.tag("v1.0.0", c1);
        String c2 = host.commit(T2, files("a.go", "package a // 2\n"), c1);
        host.tag("v2.0.0", c2);
        host.tag("v2.1.0", c2);
        String c3 = host.commit(T3, files("a.go", "package a // 3\n", "go.mod", "module " + ROOT + "/v3\n"), c2);
        host.tag("v3.0.0", c3);
        String c4 = host.commit(T4, files("a.go", "package a // 4\n"), c2);
        CodeRepo r = repo(ROOT);
        assertThat(r.versions("")).containsExactly("v1.0.0", "v2.0.0+incompatible", "v2.1.0+incompatible");
        assertThat(r.stat("v2.0.0").version()).isEqualTo("v2.0.0+incompatible");
        assertThat(r.stat("v2.0.0+incompatible").version()).isEqualTo("v2.0.0+incompatible");
        assertThat(r.stat(c4).version()).isEqualTo(pseudo("v2.1.0+incompatible", "", T4, c4)).endsWith("+incompatible");
        assertThat(zipNames(r, "v2.0.0+incompatible")).containsExactly(ROOT + "@v2.0.0+incompatible/a.go");
        // v3 has a go.mod: it is the /v3 module's, at the repository root
        assertThat(repo(ROOT + "/v3").versions("")).containsExactly("v3.0.0");
        assertThat(repo(ROOT + "/v3").stat("v3.0.0").version()).isEqualTo("v3.0.0");
        assertThatThrownBy(() -> r.stat("v1.0.0+incompatible")).hasMessageContaining("+incompatible suffix not allowed: major version v1 is compatible");
    }

    @Test
    void incompatibleVersionsAreHiddenWhenTheLatestCompatibleVersionHasGoMod() throws Exception {
        String c1 = host.commit(T1, files("a.go", "package a\n"));
        host.tag("v2.0.0", c1);
        String c2 = host.commit(T2, files("a.go", "package a\n", "go.mod", "module " + ROOT + "\n"), c1);
        host.tag("v1.5.0", c2);
        assertThat(repo(ROOT).versions("")).containsExactly("v1.5.0");
    }

    @Test
    void noGoModOrZipIsMadeUpForAnUnknownTag() throws Exception {
        String c1 = host.commit(T1, files("x.go", "package x\n"));
        host.tag("v1.0.0", c1);
        assertThatThrownBy(() -> repo(ROOT).goMod("v1.0.1"))
                .matches(e -> CodeRepoException.isNotExist(e))
                .hasMessage(ROOT + "@v1.0.1: invalid version: unknown revision v1.0.1");
        assertThatThrownBy(() -> repo(ROOT).zip("v1.0.1", java.io.OutputStream.nullOutputStream()))
                .matches(e -> CodeRepoException.isNotExist(e))
                .hasMessage(ROOT + "@v1.0.1: invalid version: unknown revision v1.0.1");
        assertThat(new String(repo(ROOT).goMod("v1.0.0"), StandardCharsets.UTF_8)).isEqualTo("module " + ROOT + "\n");
    }

    @Test
    void goModWithAnotherMajorVersionIsRefused() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "/v3\n"));
        host.tag("v1.0.0", c1);
        // The go.mod of a version that does not resolve is refused with the go command's Stat error (not-exist).
        assertThatThrownBy(() -> repo(ROOT).goMod("v1.0.0"))
                .matches(e -> CodeRepoException.isNotExist(e))
                .hasMessage(ROOT + "@v1.0.0: invalid version: go.mod has post-v1 module path \"" + ROOT + "/v3\" at revision v1.0.0");
        assertThatThrownBy(() -> repo(ROOT).stat("v1.0.0"))
                .matches(e -> CodeRepoException.isNotExist(e))
                .hasMessage(ROOT + "@v1.0.0: invalid version: go.mod has post-v1 module path \"" + ROOT + "/v3\" at revision v1.0.0");
    }

    @Test
    void aCanonicalVersionThatIsNoTagIsRefused() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n"));
        host.tag("v1.0.0", c1);
        host.branch("v1.9.0", c1);
        assertThatThrownBy(() -> repo(ROOT).stat("v1.9.0")).hasMessage(ROOT + "@v1.9.0: invalid version: resolves to version v1.0.0 (v1.9.0 is not a tag)");
        assertThatThrownBy(() -> repo(ROOT).stat("v1.8.0")).matches(e -> CodeRepoException.isNotExist(e));
    }

    @Test
    void retractedVersionsAreNotPseudoVersionBases() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n"));
        host.tag("v1.0.0", c1);
        String c2 = host.commit(T2, files("go.mod", "module " + ROOT + "\n", "x.go", "package x\n"), c1);
        host.tag("v1.1.0", c2);
        String c3 = host.commit(T3, files("go.mod", "module " + ROOT + "\nretract v1.1.0\n"), c2);
        host.tag("v1.2.0", c3);
        String c4 = host.commit(T4, files("go.mod", "module " + ROOT + "\nretract v1.1.0\n", "y.go", "package y\n"), c2);
        assertThat(repo(ROOT).stat(c4).version()).isEqualTo(pseudo("v1.0.0", "", T4, c4));
    }

    @Test
    void gopkgInPathsUseTheWholePathAsRoot() throws Exception {
        String c1 = host.commit(T1, files("yaml.go", "package yaml\n"));
        host.tag("v2.1.0", c1);
        host.tag("v1.0.0", c1);
        CodeRepo r = new CodeRepo(host, "gopkg.in/yaml.v2", "gopkg.in/yaml.v2");
        assertThat(r.versions("")).containsExactly("v2.1.0");
        assertThat(new String(r.goMod("v2.1.0"), StandardCharsets.UTF_8)).isEqualTo("module gopkg.in/yaml.v2\n");
        String c2 = host.commit(T2, files("yaml.go", "package yaml // 2\n"), c1);
        assertThat(r.latest().version()).isEqualTo(pseudo("v2.1.0", "v2", T2, c2));
        assertThat(new CodeRepo(host, "gopkg.in/yaml.v2-unstable", "gopkg.in/yaml.v2-unstable").versions("")).isEmpty();
    }

    @Test
    void preReleaseBase() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n"));
        host.tag("v1.2.0-pre", c1);
        String c2 = host.commit(T2, files("go.mod", "module " + ROOT + "\n", "z.go", "package z\n"), c1);
        assertThat(repo(ROOT).latest().version()).isEqualTo("v1.2.0-pre.0.20200201100000-" + c2.substring(0, 12));
    }

    @Test
    void symlinksAndVendoredPackagesStayOutOfZipsButVcsDirectoriesStayIn() throws Exception {
        String c1 = host.commit(T1, files("go.mod", "module " + ROOT + "\n\ngo 1.19\n", "link.go", "->a.go", "a.go", "package a\n",
                "vendor/modules.txt", "# x\n", "vendor/x/x.go", "package x\n", ".hg/hgrc", "[ui]\n"));
        host.tag("v1.0.0", c1);
        assertThat(zipNames(repo(ROOT), "v1.0.0")).containsExactlyInAnyOrder(ROOT + "@v1.0.0/.hg/hgrc", ROOT + "@v1.0.0/a.go",
                ROOT + "@v1.0.0/go.mod", ROOT + "@v1.0.0/vendor/modules.txt");
    }

    @Test
    void mismatchedModuleRootIsRefused() {
        assertThatThrownBy(() -> new CodeRepo(host, "git.example.test/other", ROOT)).hasMessage("mismatched repo: found git.example.test/other for " + ROOT);
    }
}
