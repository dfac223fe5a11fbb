package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            var lenient = TestModgate.config(tmp.resolve("d1"), up.url()).sumdb(SumDbConfig.builder().publicDb(nowhere).build());
            try (TestModgate m = new TestModgate(lenient, Map.of())) {
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.zip").statusCode()).isEqualTo(200);
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.mod").statusCode()).isEqualTo(200);
            }
            var strict = TestModgate.config(tmp.resolve("d2"), up.url()).sumdb(SumDbConfig.builder().publicDb(nowhere).required(true).build());
            try (TestModgate m = new TestModgate(strict, Map.of())) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.zip");
                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("sum.test.example");
                assertThat(tmp.resolve("d2/rsc.io/quote/@v/v1.5.2.zip")).doesNotExist();
            }
        }
    }

    /**
     * During an outage each module would pay its own failed lookup (a timeout each, when the database is silent):
     * the outage is remembered for a while (the list TTL here, 1 s) and then the database is asked again. An
     * answer that says no is not an outage.
     */
    @Test
    void anOutageIsRememberedForAWhileThenTheDatabaseIsAskedAgain() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        List<String> versions = List.of("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0", "v1.5.0", "v1.5.1", "v1.5.2");
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestSumDb db = new TestSumDb("sum.test.example")) {
            db.addFromTree(tree.root(), tree.versions().stream().filter(mv -> versions.contains(mv.version()) && !mv.version().equals("v1.5.2")).toList());
            db.failWith(503);
            var cfg = TestModgate.config(tmp.resolve("d"), up.url()).listTtl(Duration.ofSeconds(1))
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(db.gosumdb())).build());
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                // One failure is not an outage: it takes SumDbOutage.CONSECUTIVE lookups failing in a row.
                for (String v : versions.subList(0, 3)) assertThat(m.get("/rsc.io/quote/@v/" + v + ".mod").statusCode()).isEqualTo(200);
                int asked = db.requests().size();
                assertThat(asked).isPositive();
                for (String v : versions.subList(1, 4)) {
                    assertThat(m.get("/rsc.io/quote/@v/" + v + ".mod").statusCode()).isEqualTo(200);
                    assertThat(m.get("/rsc.io/quote/@v/" + v + ".zip").statusCode()).isEqualTo(200);
                }
                assertThat(db.requests()).as("served unverified without asking the database again").hasSize(asked);

                Thread.sleep(1200);
                db.failWith(0);
                var verified = m.get("/rsc.io/quote/@v/v1.4.0.zip");
                assertThat(verified.statusCode()).isEqualTo(200);
                assertThat(db.requests().size()).as("asked again once the while is over").isGreaterThan(asked);

                // "No" is an answer: v1.5.2 is unknown to the database, refused; and the next module is still checked.
                var unknown = m.get("/rsc.io/quote/@v/v1.5.2.zip");
                assertThat(unknown.statusCode()).isEqualTo(404);
                int before = db.requests().size();
                assertThat(m.get("/rsc.io/quote/@v/v1.5.1.zip").statusCode()).isEqualTo(200);
                assertThat(db.requests().size()).isGreaterThan(before);
            }

            // --sumdb-required: refused at once while the outage is remembered, with the database named.
            db.failWith(503);
            var strict = TestModgate.config(tmp.resolve("strict"), up.url()).listTtl(Duration.ofSeconds(1))
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(db.gosumdb())).required(true).build());
            try (TestModgate m = new TestModgate(strict, Map.of())) {
                for (String v : List.of("v1.0.0", "v1.2.0", "v1.3.0")) assertThat(m.get("/rsc.io/quote/@v/" + v + ".mod").statusCode()).isEqualTo(502);
                int asked = db.requests().size();
                var r = m.get("/rsc.io/quote/@v/v1.1.0.zip");
                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("sum.test.example").contains("503").contains("asking again in");
                assertThat(db.requests()).hasSize(asked);
                assertThat(tmp.resolve("strict/rsc.io/quote/@v/v1.1.0.zip")).doesNotExist();
            }
        }
    }
}
