package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.policy.PolicyException;
import dev.modgate.policy.PolicyFile;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.TestModgate;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream of the policy end-to-end tests, a file:// GOPROXY tree of a few tiny modules, and the policy file a
 * running modgate reads (rewritten by the tests; {@link #use} waits until the server has the new version in force).
 * <ul>
 *   <li>example.com/a v1.0.0 (go 1.16, so its requirements are part of every graph that has it) requires example.com/b v1.0.0;
 *   <li>example.com/b v1.0.0, v1.1.0, v1.2.0;
 *   <li>example.com/lib v1.0.0 to v1.4.0, whose latest go.mod retracts v1.3.0 (and @latest names v1.4.0);
 *   <li>example.com/pinned, example.com/cool v1.0.0 to v1.2.0; example.com/fresh, example.com/hooked, example.com/Upper
 *       (stored as !upper) v1.0.0.
 * </ul>
 */
final class PolicyFixture {
    static final String POLICY_NAME = "policy.txt";
    /** Every .info Time: long ago, so a hold counts from when modgate first saw a version. */
    static final String TIME = "2024-01-02T03:04:05Z";

    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    final Path tree;
    final Path policy;

    PolicyFixture(Path dir) throws IOException {
        tree = dir.resolve("tree");
        policy = Files.createDirectories(dir.resolve("etc")).resolve(POLICY_NAME);
        module("example.com/a", "v1.0.0", "module example.com/a\n\ngo 1.16\n\nrequire example.com/b v1.0.0\n");
        for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) module("example.com/b", v, "module example.com/b\n\ngo 1.16\n");
        for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0")) module("example.com/lib", v, "module example.com/lib\n\ngo 1.16\n");
        module("example.com/lib", "v1.4.0", "module example.com/lib\n\ngo 1.16\n\nretract v1.3.0 // broken release\n");
        for (String m : List.of("example.com/pinned", "example.com/cool")) {
            for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) module(m, v, "module " + m + "\n\ngo 1.16\n");
        }
        module("example.com/fresh", "v1.0.0", "module example.com/fresh\n\ngo 1.16\n");
        module("example.com/hooked", "v1.0.0", "module example.com/hooked\n\ngo 1.16\n");
        module("example.com/Upper", "v1.0.0", "module example.com/Upper\n\ngo 1.16\n");
        for (var e : lists.entrySet()) {
            List<String> vs = new ArrayList<>(e.getValue());
            Semver.sort(vs);
            Files.writeString(GoproxyTree.moduleDir(tree, e.getKey()).resolve("@v").resolve("list"), String.join("\n", vs) + "\n");
        }
        // As proxy.golang.org answers it: the newest version, whatever a policy says of it.
        Files.writeString(GoproxyTree.moduleDir(tree, "example.com/lib").resolve("@latest"), "{\"Version\":\"v1.4.0\",\"Time\":\"" + TIME + "\"}");
        write("default allow\n");
    }

    String upstream() {
        return tree.toUri().toString();
    }

    private void module(String path, String version, String goMod) throws IOException {
        Path dir = Files.createDirectories(GoproxyTree.moduleDir(tree, path).resolve("@v")); // case-encoded, as GOPROXY trees are
        Files.writeString(dir.resolve(version + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"" + TIME + "\"}");
        Files.writeString(dir.resolve(version + ".mod"), goMod);
        String pkg = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        ModuleZip.create(new ModuleVersion(path, version), List.of(
                ModuleFile.of("go.mod", goMod.getBytes(StandardCharsets.UTF_8)),
                ModuleFile.of(pkg + ".go", ("package " + pkg + "\n\nconst Name = \"" + path + "@" + version + "\"\n").getBytes(StandardCharsets.UTF_8))),
                dir.resolve(version + ".zip"));
        lists.computeIfAbsent(path, k -> new ArrayList<>()).add(version);
    }

    /** Replaces the policy file as an editor that saves to a new file and renames it does (the rename is atomic). */
    void write(String text) throws IOException {
        Path next = policy.resolveSibling(POLICY_NAME + ".new");
        Files.writeString(next, text);
        Files.move(next, policy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes the policy and waits until the server has it in force (it checks the file every second), failing after
     * 3 s; returns how long that took.
     */
    long use(TestModgate m, String text) throws IOException, InterruptedException {
        String version;
        try {
            version = PolicyFile.parse(POLICY_NAME, text).version();
        } catch (PolicyException e) {
            throw new AssertionError("the test's own policy does not parse: " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        write(text);
        while (!m.server().pipeline().policy().gate().file().version().equals(version)) {
            assertThat(System.nanoTime() - start).as("the server took the new policy within 3 s:\n" + text).isLessThan(3_000_000_000L);
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String header(HttpResponse<byte[]> r) {
        return r.headers().firstValue("X-Modgate-Policy").orElse("");
    }
}
