package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checksum database that cannot be reached at all (firewall, air gap, outage): by default modules are served
 * unverified with a warning; with --sumdb-required they are refused. (A database that answers "no" is covered by
 * PublicSumDbTest: that is always refused.)
 */
class UnreachableSumDbTest {
    @TempDir Path tmp;

    @Test
    void unreachableDatabaseServesUnverifiedUnlessRequired() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        String key = NoteKeys.generateKey("sum.test.example").verifierKey();
        SumDbSpec nowhere = SumDbSpec.parse(key + " http://127.0.0.1:9");
        try (StaticHttpServer up = new StaticHttpServer(tree.root())) {
            var lenient = TestModgate.config(tmp.resolve("d1"), up.url()).withSumDb(new SumDbConfig(nowhere, "", null, false));
            try (TestModgate m = new TestModgate(lenient, Map.of())) {
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.zip").statusCode()).isEqualTo(200);
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.mod").statusCode()).isEqualTo(200);
            }
            var strict = TestModgate.config(tmp.resolve("d2"), up.url()).withSumDb(new SumDbConfig(nowhere, "", null, true));
            try (TestModgate m = new TestModgate(strict, Map.of())) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.zip");
                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("sum.test.example");
                assertThat(tmp.resolve("d2/rsc.io/quote/@v/v1.5.2.zip")).doesNotExist();
            }
        }
    }
}
