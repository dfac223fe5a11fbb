package dev.modgate.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * x/mod client_test.go's scenarios, replayed against the outcomes x/mod's client produced
 * (vectors/modgate/sumdb_client.json, made by core/src/test/go/gen_sumdb_client_vectors.go): for every step the
 * lines or exact error, the remote paths read, and the remembered latest tree; then the security report and
 * the cache files written.
 */
class ClientVectorsTest {
    private static final JsonNode V = Vectors.load("modgate/sumdb_client.json");
    private static final String SECURITY = "security error: misbehaving server";

    private static JsonNode scenario(String name) {
        for (JsonNode s : Vectors.rows(V, "scenarios")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException("no scenario " + name);
    }

    @Test
    void keys() {
        assertThat(V.get("verifier").asText()).isEqualTo(TestLogVectors.VERIFIER_KEY);
        assertThat(V.get("signer").asText()).isEqualTo(TestLogVectors.SIGNER_KEY);
        List<String> names = Vectors.rows(V, "scenarios").stream().map(s -> s.get("name").asText()).toList();
        assertThat(names).containsExactly("lookup", "badTiles", "forkOriginal", "fork", "gonosumdb", "failures");
    }

    /** TestClientLookup: lookups, cached answers without network, !-encoding, tiles fetched only when needed. */
    @Test
    void lookup() throws Exception {
        JsonNode sc = scenario("lookup");
        ClientEnv tc = ClientEnv.standard();
        assertThat(tc.latest()).contains("\n1\n");
        replay(tc, sc, 0, sc.get("steps").size());
        finish(tc, sc);
    }

    /** TestClientBadTiles: corrupted tiles are detected, at initialization and later; so is a bad remembered tree. */
    @Test
    void badTiles() throws Exception {
        JsonNode sc = scenario("badTiles");
        replay(ClientEnv.standard(), sc, 0, sc.get("steps").size());
    }

    /** TestClientFork: a client shown a tree head from another history reports the server. */
    @Test
    void fork() throws Exception {
        ClientEnv tc = ClientEnv.standard();
        ClientEnv tc2 = tc.fork();
        tc.addRecord("rsc.io/pkg1@v1.5.2", "rsc.io/pkg1 v1.5.2 h1:hash!=\n");
        tc.addRecord("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n");
        JsonNode original = scenario("forkOriginal");
        replay(tc, original, 0, 1);
        finish(tc, original);

        tc2.addRecord("rsc.io/pkg1@v1.5.3", "rsc.io/pkg1 v1.5.3 h1:hash!=\n");
        tc2.addRecord("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n");
        JsonNode forked = scenario("fork");
        replay(tc2, forked, 0, 1);
        String key = "/lookup/rsc.io/pkg1@v1.5.2";
        tc2.remote.put(key, tc.remote.get(key));
        replay(tc2, forked, 1, 2);
        finish(tc2, forked);
        assertThat(tc2.securityReports).hasSize(1);
        assertThat(tc2.securityReports.get(0)).startsWith("SECURITY ERROR\ngo.sum database server misbehavior detected!\n\n"
                + "old database:\n\tgo.sum database tree\n\t5\n");
    }

    /** TestClientGONOSUMDB: matching paths are refused before any other check; others fail their own way. */
    @Test
    void goNoSumDb() throws Exception {
        ClientEnv tc = ClientEnv.standard();
        tc.goNoSumDb = "p,*/q";
        tc.newClient();
        JsonNode sc = scenario("gonosumdb");
        replay(tc, sc, 0, sc.get("steps").size());
        finish(tc, sc);
    }

    /** Unknown modules, bad paths and versions, records outside the tree or not in it, bad notes and records. */
    @Test
    void failures() throws Exception {
        ClientEnv tc = ClientEnv.standard();
        byte[] tree4 = tc.signTree(4);
        tc.remote.put("/lookup/rsc.io/x@v1.0.0", b("12\nrsc.io/x v1.0.0 h1:x=\n\n"));
        tc.remote.put("/lookup/rsc.io/y@v1.0.0", ClientEnv.concat(b("2\nrsc.io/y v1.0.0 h1:x=\n\n"), tree4));
        tc.remote.put("/lookup/rsc.io/z@v1.0.0", ClientEnv.concat(b("7\nrsc.io/z v1.0.0 h1:x=\n\n"), tree4));
        String badSig = new String(tree4, StandardCharsets.UTF_8)
                .replace("go.sum database tree\n4\n", "go.sum database tree\n3\n");
        tc.remote.put("/lookup/rsc.io/w@v1.0.0", ClientEnv.concat(b("2\nrsc.io/w v1.0.0 h1:x=\n\n"), b(badSig)));
        tc.remote.put("/lookup/rsc.io/v@v1.0.0", b("2\nrsc.io/v v1.0.0 h1:x=\n"));
        tc.remote.put("/lookup/rsc.io/u@v1.0.0", b("2\nrsc.io/u v1.0.0 h1:x=\n\ngo.sum database tree\n4\nnot a hash\n\n"));
        JsonNode sc = scenario("failures");
        replay(tc, sc, 0, sc.get("steps").size());
        finish(tc, sc);
    }

    // ---- replay ----

    private static void replay(ClientEnv tc, JsonNode sc, int from, int to) throws Exception {
        JsonNode steps = sc.get("steps");
        for (int i = from; i < to; i++) {
            JsonNode step = steps.get(i);
            String where = sc.get("name").asText() + " step " + i + " " + step;
            tc.takeReads();
            String action = step.get("action").asText();
            switch (action) {
                case "lookup" -> lookup(tc, step, where);
                case "newClient" -> tc.newClient();
                case "flipTileBits" -> tc.flipTileBits();
                case "getOK" -> tc.getOK = step.get("arg").asText().equals("true");
                case "getTileOK" -> tc.getTileOK = step.get("arg").asText().equals("true");
                case "badLatest" -> {
                    synchronized (tc) {
                        tc.config.put(TestLogVectors.NAME + "/latest", tc.signTree(1, Hash.of(new byte[32])));
                    }
                }
                default -> throw new IllegalStateException("unknown action " + action);
            }
            assertThat(tc.takeReads()).as(where).isEqualTo(strings(step.get("reads")));
            assertThat(tc.latest()).as(where).isEqualTo(step.get("latest").asText());
        }
    }

    private static void lookup(ClientEnv tc, JsonNode step, String where) {
        String path = step.get("path").asText();
        String vers = step.get("vers").asText();
        String err = step.has("err") ? step.get("err").asText() : null;
        try {
            List<String> lines = tc.client.lookup(path, vers);
            if (err != null) {
                fail(where + ": succeeded with " + lines + ", want error " + err);
            }
            assertThat(lines).as(where).isEqualTo(strings(step.get("lines")));
        } catch (SumDbException e) {
            if (err == null) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            if (err.endsWith(": " + SECURITY)) {
                // Deviation: the exception carries x/mod's full report (also given to securityError), not
                // "<path>@<vers>: security error: misbehaving server".
                assertThat(err).isEqualTo(path + "@" + vers + ": " + SECURITY);
                assertThat(e).as(where).isInstanceOf(SumDbSecurityException.class);
                synchronized (tc) {
                    assertThat(e.getMessage()).isEqualTo(tc.securityReports.get(tc.securityReports.size() - 1));
                }
            } else {
                assertThat(e).as(where).isNotInstanceOf(SumDbSecurityException.class);
                assertThat(e.getMessage()).as(where).isEqualTo(err);
                assertThat(e instanceof GoNoSumDbException).isEqualTo(err.equals("skipped (listed in GONOSUMDB)"));
            }
        }
    }

    private static void finish(ClientEnv tc, JsonNode sc) {
        StringBuilder security = new StringBuilder();
        Map<String, String> cacheSizes;
        synchronized (tc) {
            for (String r : tc.securityReports) {
                security.append(r.replaceAll("\n+$", "")).append('\n'); // as client_test.go's SecurityError
            }
            cacheSizes = ClientEnv.sizes(tc.cache);
        }
        assertThat(security.toString()).isEqualTo(sc.get("security").asText());
        Map<String, String> want = new HashMap<>();
        sc.get("cacheKeys").fields().forEachRemaining(e -> want.put(e.getKey(), e.getValue().asText()));
        assertThat(cacheSizes).isEqualTo(want);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
