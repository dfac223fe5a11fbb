package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.ExpectedErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The index over a database's entries by module path: matching, golang.org/toolchain, caching per snapshot. */
class VulnIndexTest {
    /** Entries by database module path, and which paths were read. */
    private final Map<String, List<byte[]>> db = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final AtomicReference<String> snapshot = new AtomicReference<>("s1");
    private final VulnIndex index = VulnIndex.over(snapshot::get, path -> {
        reads.add(path);
        return db.getOrDefault(path, List.of());
    });

    private void add(String path, String file) {
        db.computeIfAbsent(path, p -> new ArrayList<>()).add(OsvEntryTest.resource(file));
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noneAffectsNothing() {
        assertThat(VulnIndex.none().affecting(new ModuleVersion("golang.org/x/text", "v0.3.2"))).isEmpty();
        assertThat(VulnIndex.none().snapshot()).isEqualTo("none");
    }

    @Test
    void entriesAffectingAVersionByIdParsedOncePerModuleAndSnapshot() {
        add("golang.org/x/text", "GO-2020-0015.json");
        add("golang.org/x/text", "GO-2022-0969.json"); // listed under a module it does not name: never matches it
        db.get("golang.org/x/text").add(json("""
                {"id":"GO-2019-0001","modified":"2023-01-01T00:00:00Z","aliases":["CVE-2019-1"],
                 "affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0.3.0"}]}]}]}
                """));
        assertThat(index.affecting(new ModuleVersion("golang.org/x/text", "v0.3.2"))).extracting(OsvEntry::id)
                .containsExactly("GO-2019-0001", "GO-2020-0015");
        assertThat(index.affecting(new ModuleVersion("golang.org/x/text", "v0.3.3"))).extracting(OsvEntry::id).containsExactly("GO-2019-0001");
        assertThat(index.affecting(new ModuleVersion("golang.org/x/text", "v0.2.0"))).extracting(OsvEntry::id).containsExactly("GO-2020-0015");
        assertThat(index.affecting(new ModuleVersion("golang.org/x/net", "v0.0.0-20220826154423-83b083e8dc8b"))).isEmpty();
        assertThat(reads).containsExactly("golang.org/x/text", "golang.org/x/net");

        // A new snapshot is read again; the same snapshot never is.
        snapshot.set("s2");
        db.get("golang.org/x/text").removeLast();
        assertThat(index.snapshot()).isEqualTo("s2");
        assertThat(index.affecting(new ModuleVersion("golang.org/x/text", "v0.3.3"))).isEmpty();
        assertThat(index.affecting(new ModuleVersion("golang.org/x/text", "v0.3.2"))).extracting(OsvEntry::id).containsExactly("GO-2020-0015");
        assertThat(reads).containsExactly("golang.org/x/text", "golang.org/x/net", "golang.org/x/text");
    }

    @Test
    void toolchainsAreMatchedAgainstStdlibAndToolchainEntries() {
        add("stdlib", "GO-2022-0969-stdlib.json");
        add("stdlib", "GO-2022-0229.json");
        add("stdlib", "GO-2021-0159.json");
        db.put("toolchain", new ArrayList<>(List.of(json("""
                {"id":"GO-2023-1840","modified":"2023-06-08T00:00:00Z","aliases":["CVE-2023-29404"],
                 "affected":[{"package":{"name":"toolchain","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.19.10"},{"introduced":"1.20.0-0"},{"fixed":"1.20.5"}]}],
                   "ecosystem_specific":{"imports":[{"path":"cmd/go"}]}}]}
                """))));
        assertThat(index.affecting(new ModuleVersion("golang.org/toolchain", "v0.0.1-go1.19.linux-amd64"))).extracting(OsvEntry::id)
                .containsExactly("GO-2022-0969", "GO-2023-1840");
        assertThat(index.affecting(new ModuleVersion("golang.org/toolchain", "v0.0.1-go1.20.5.linux-amd64"))).isEmpty();
        assertThat(index.affecting(new ModuleVersion("golang.org/toolchain", "v0.0.1-go1.13.6.windows-386"))).extracting(OsvEntry::id)
                .containsExactly("GO-2022-0229", "GO-2022-0969", "GO-2023-1840");
        assertThat(reads).containsExactly("stdlib", "toolchain");
        // stdlib itself is no module a proxy serves; golang.org/x/crypto is, with its own entries
        assertThat(index.affecting(new ModuleVersion("golang.org/x/crypto", "v0.0.0-20200122000000-000000000000"))).isEmpty();
    }

    @Test
    void anEntryThatDoesNotParseIsLeftOut() {
        add("golang.org/x/text", "GO-2020-0015.json");
        db.get("golang.org/x/text").add(json("{\"id\":\"GO-2020-0016\"}"));
        assertThat(index.affecting(new ModuleVersion("golang.org/x/text", "v0.3.2"))).extracting(OsvEntry::id).containsExactly("GO-2020-0015");
        assertThat(ExpectedErrors.seen()).anyMatch(l -> l.contains("vulnerability entry for golang.org/x/text not used: GO-2020-0016: modified: missing"));
    }

    @Test
    void followingAsksTheCurrentIndexEachTime() {
        AtomicReference<VulnIndex> current = new AtomicReference<>(VulnIndex.none());
        VulnIndex following = VulnIndex.following(current::get);
        ModuleVersion mv = new ModuleVersion("golang.org/x/text", "v0.3.2");
        assertThat(following.snapshot()).isEqualTo("none");
        assertThat(following.affecting(mv)).isEmpty();
        add("golang.org/x/text", "GO-2020-0015.json");
        current.set(index);
        assertThat(following.snapshot()).isEqualTo("s1");
        assertThat(following.affecting(mv)).extracting(OsvEntry::id).containsExactly("GO-2020-0015");
    }
}
