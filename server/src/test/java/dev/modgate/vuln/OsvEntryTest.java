package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real entries (golang/vuln's test data) read field by field; garbage refused with where and what. */
class OsvEntryTest {
    static byte[] resource(String name) {
        try (InputStream in = OsvEntryTest.class.getResourceAsStream("/vuln/golang-vuln/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aModuleEntry() {
        OsvEntry e = OsvEntry.parse(resource("GO-2022-0969.json"));
        assertThat(e.id()).isEqualTo("GO-2022-0969");
        assertThat(e.modified()).isEqualTo(Instant.parse("2023-04-03T15:57:51Z"));
        assertThat(e.published()).isEqualTo(Instant.parse("2022-09-12T20:23:06Z"));
        assertThat(e.withdrawn()).isNull();
        assertThat(e.aliases()).containsExactly("CVE-2022-27664", "GHSA-69cg-p879-7622");
        assertThat(e.ids()).containsExactly("GO-2022-0969", "CVE-2022-27664", "GHSA-69cg-p879-7622");
        assertThat(e.summary()).isEmpty();
        assertThat(e.details()).startsWith("HTTP/2 server connections can hang forever");
        assertThat(e.affected()).hasSize(1);
        OsvEntry.Affected a = e.affected().getFirst();
        assertThat(a.module()).isEqualTo(new OsvEntry.Module("golang.org/x/net", "Go"));
        assertThat(a.ranges()).containsExactly(new OsvEntry.Range("SEMVER", List.of(
                new OsvEntry.Event("0", null), new OsvEntry.Event(null, "0.0.0-20220906165146-f3363e06e74c"))));
        assertThat(a.imports()).containsExactly(new OsvEntry.Import("golang.org/x/net/http2", List.of(), List.of(),
                List.of("Server.ServeConn", "serverConn.goAway")));
        assertThat(e.references()).hasSize(3).first().isEqualTo(new OsvEntry.Reference("WEB", "https://groups.google.com/g/golang-announce/c/x49AQzIVX-s"));
        assertThat(e.databaseSpecific()).isEqualTo(new OsvEntry.DatabaseSpecific("https://pkg.go.dev/vuln/GO-2022-0969", ""));

        // Pseudo-versions before the fix are affected, the fix and later are not.
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/net", "v0.0.0-20220826154423-83b083e8dc8b"))).isTrue();
        assertThat(Affects.fixedIn(e, new ModuleVersion("golang.org/x/net", "v0.0.0-20220826154423-83b083e8dc8b")))
                .contains("v0.0.0-20220906165146-f3363e06e74c");
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/net", "v0.0.0-20220906165146-f3363e06e74c"))).isFalse();
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/net", "v0.1.0"))).isFalse();
    }

    @Test
    void summaryAndSeveralImports() {
        OsvEntry e = OsvEntry.parse(resource("GO-2020-0015.json"));
        assertThat(e.summary()).isEqualTo("Infinite loop when decoding some inputs in golang.org/x/text");
        assertThat(e.shortSummary()).isEqualTo(e.summary());
        assertThat(e.affected().getFirst().imports()).extracting(OsvEntry.Import::path)
                .containsExactly("golang.org/x/text/encoding/unicode", "golang.org/x/text/transform");
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/text", "v0.3.2"))).isTrue();
        assertThat(Affects.fixedIn(e, new ModuleVersion("golang.org/x/text", "v0.3.2"))).contains("v0.3.3");
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/text", "v0.3.3"))).isFalse();
    }

    /** stdlib entries reach golang.org/toolchain versions; a toolchain's go version decides. */
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", textBlock = """
            GO-2022-0969-stdlib.json -> v0.0.1-go1.18.5.linux-amd64   -> go1.18.6
            GO-2022-0969-stdlib.json -> v0.0.1-go1.18.6.linux-amd64   -> ''
            GO-2022-0969-stdlib.json -> v0.0.1-go1.19.linux-amd64     -> go1.19.1
            GO-2022-0969-stdlib.json -> v0.0.1-go1.19.1.linux-amd64   -> ''
            GO-2022-0229.json        -> v0.0.1-go1.13.6.windows-386   -> go1.13.7
            GO-2021-0159.json        -> v0.0.1-go1.4.2.linux-amd64    -> go1.4.3
            GO-2021-0159.json        -> v0.0.1-go1.21.0.linux-amd64   -> ''
            """)
    void stdlibEntriesAndToolchains(String file, String version, String fixed) {
        OsvEntry e = OsvEntry.parse(resource(file));
        ModuleVersion mv = new ModuleVersion("golang.org/toolchain", version);
        assertThat(Affects.affects(e, mv)).isEqualTo(!fixed.isEmpty());
        if (!fixed.isEmpty()) assertThat(Affects.fixedIn(e, mv)).contains(fixed);
    }

    /** GO-2022-0229 names stdlib and golang.org/x/crypto: each module is matched on its own ranges. */
    @Test
    void anEntryOfSeveralModules() {
        OsvEntry e = OsvEntry.parse(resource("GO-2022-0229.json"));
        assertThat(e.affected()).extracting(a -> a.module().path()).containsExactly("stdlib", "golang.org/x/crypto");
        ModuleVersion crypto = new ModuleVersion("golang.org/x/crypto", "v0.0.0-20200122000000-000000000000");
        assertThat(Affects.affects(e, crypto)).isTrue();
        assertThat(Affects.fixedIn(e, crypto)).contains("v0.0.0-20200124225646-8b5121be2f68");
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/crypto", "v0.1.0"))).isFalse();
        // stdlib's ranges are not x/crypto's: v1.13.6 is past x/crypto's fix whatever stdlib says
        assertThat(Affects.affects(e, new ModuleVersion("golang.org/x/crypto", "v1.13.6"))).isFalse();
    }

    @Test
    void unknownFieldsAndOtherEventsArePassedOver() {
        OsvEntry e = OsvEntry.parse("""
                {"schema_version":"1.6.0","id":"GO-2024-9999","modified":"2024-05-01T10:00:00.123456+02:00",
                 "withdrawn":"2024-06-01T00:00:00Z","severity":[{"type":"CVSS_V3","score":"x"}],
                 "summary":"a\\nb","affected":[{"package":{"name":"example.com/m","ecosystem":"Go","purl":"pkg:golang/example.com/m"},
                   "ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"last_affected":"1.2.0"}]},
                             {"type":"GIT","repo":"https://example.com/m","events":[{"introduced":"0123abc"}]}],
                   "ecosystem_specific":{"imports":[{"path":"example.com/m/p","goos":["linux"],"goarch":["amd64"],"symbols":["F"],"new":1}]},
                   "database_specific":{"source":"x"}}],
                 "database_specific":{"url":"https://pkg.go.dev/vuln/GO-2024-9999","review_status":"UNREVIEWED","other":true},
                 "credits":[{"name":"someone"}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(e.modified()).isEqualTo(Instant.parse("2024-05-01T08:00:00.123456Z"));
        assertThat(e.isWithdrawn()).isTrue();
        assertThat(e.shortSummary()).isEqualTo("a b");
        assertThat(e.affected().getFirst().ranges().getFirst().events()).containsExactly(new OsvEntry.Event("1.0.0", null), new OsvEntry.Event(null, null));
        assertThat(e.affected().getFirst().ranges().get(1).events()).containsExactly(new OsvEntry.Event("0123abc", null));
        assertThat(e.affected().getFirst().imports().getFirst()).isEqualTo(new OsvEntry.Import("example.com/m/p", List.of("linux"), List.of("amd64"), List.of("F")));
        assertThat(e.databaseSpecific().reviewStatus()).isEqualTo("UNREVIEWED");
        assertThat(Affects.affects(e, new ModuleVersion("example.com/m", "v1.1.0"))).as("withdrawn").isFalse();
    }

    @Test
    void longSummariesAreShortened() {
        OsvEntry e = OsvEntry.parse(("{\"id\":\"GO-2024-0001\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[],\"summary\":\""
                + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(e.shortSummary()).isEqualTo("x".repeat(80) + "...");
        assertThat(e.affected()).isEmpty();
        assertThat(Affects.fixedIn(e, new ModuleVersion("example.com/m", "v1.0.0"))).isEqualTo(Optional.empty());
    }

    // JSON -> the one-line reason
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', textBlock = """
            ``                                                                  -> not an OSV entry: not a JSON object
            `[]`                                                                -> not an OSV entry: not a JSON object
            `{"id":`                                                            -> not an OSV entry: not JSON
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z"} x`        -> not an OSV entry: not JSON
            `PK\u0003\u0004`                                                    -> not an OSV entry: not JSON
            `{"modified":"2024-01-01T00:00:00Z"}`                               -> not an OSV entry: id: missing
            `{"id":7}`                                                          -> not an OSV entry: id: not a string
            `{"id":"../../etc/passwd","modified":"2024-01-01T00:00:00Z"}`       -> not an OSV entry: id "../../etc/passwd" is not an ID such as GO-2024-1234
            `{"id":"GO-2024-0001"}`                                             -> GO-2024-0001: modified: missing
            `{"id":"GO-2024-0001","modified":"yesterday"}`                      -> GO-2024-0001: modified: "yesterday" is not an RFC 3339 time such as 2024-01-02T15:04:05Z
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","aliases":"CVE-1"}` -> GO-2024-0001: aliases: not an array of strings
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":{}}` -> GO-2024-0001: affected: not an array
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[1]}` -> GO-2024-0001: affected[0]: not an object
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{}]}` -> GO-2024-0001: affected[0].package: missing
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Go"}}]}` -> GO-2024-0001: affected[0].package.name: missing
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"name":""}}]}` -> GO-2024-0001: affected[0].package.name: empty
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"name":"m"},"ranges":[{"events":[]}]}]}` -> GO-2024-0001: affected[0].ranges[0].type: missing
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"name":"m"},"ranges":[{"type":"SEMVER","events":[{"introduced":"1.x"}]}]}]}` -> GO-2024-0001: affected[0].ranges[0].events[0].introduced: "1.x" is not a semantic version
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"name":"m"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"latest"}]}]}]}` -> GO-2024-0001: affected[0].ranges[0].events[1].fixed: "latest" is not a semantic version
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"name":"m"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1.0.0"}]}]}]}` -> GO-2024-0001: affected[0].ranges[0].events[0]: both introduced and fixed: an event is one of them
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"name":"m"},"ecosystem_specific":{"imports":[{"goos":"linux"}]}}]}` -> GO-2024-0001: affected[0].ecosystem_specific.imports[0].goos: not an array of strings
            `{"id":"GO-2024-0001","modified":"2024-01-01T00:00:00Z","database_specific":{"review_status":"MAYBE"}}` -> GO-2024-0001: database_specific.review_status: "MAYBE" is neither REVIEWED nor UNREVIEWED
            """)
    void garbageIsRefusedWithWhereAndWhat(String json, String reason) {
        assertThatThrownBy(() -> OsvEntry.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(reason)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
    }
}
