package dev.modgate.core.sumdb.note;

import static dev.modgate.core.testing.Vectors.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Signed tree heads of the real sum.golang.org (vectors/sumdb/real_sum_golang_org_notes.json) verify with its key. */
class RealSumGolangOrgNotesTest {
    private static final JsonNode NOTES = Vectors.load("sumdb/real_sum_golang_org_notes.json");
    private static final JsonNode TLOG = Vectors.load("sumdb/tlog_vectors.json");
    static final String KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

    @Test
    void verifierKey() throws Exception {
        JsonNode v = TLOG.get("sumGolangOrgVerifier");
        assertThat(NOTES.get("verifierKey").asText()).isEqualTo(KEY).isEqualTo(v.get("key").asText());
        Verifier verifier = NoteKeys.newVerifier(KEY);
        assertThat(verifier.name()).isEqualTo(v.get("name").asText());
        assertThat(NoteKeys.hex(verifier.keyHash())).isEqualTo(v.get("keyHash").asText());
    }

    @TestFactory
    Stream<DynamicTest> notesVerify() throws Exception {
        Verifiers known = Verifiers.of(NoteKeys.newVerifier(KEY));
        return rows(NOTES, "notes").stream().map(row -> dynamicTest("tree " + row.get("treeSize").asLong(), () -> {
            assertThat(row.get("verifies").asBoolean()).isTrue();
            byte[] msg = row.get("note").asText().getBytes(StandardCharsets.UTF_8);
            Note n = Note.open(msg, known);
            assertThat(n.sigs()).hasSize(1);
            assertThat(n.unverifiedSigs()).isEmpty();
            assertThat(n.sigs().get(0).name()).isEqualTo("sum.golang.org");
            assertThat(NoteKeys.hex(n.sigs().get(0).keyHash())).isEqualTo(row.get("keyHash").asText());
            assertThat(n.sigs().get(0).base64()).startsWith("Az3gr");
            Tree tree = Tree.parse(n.text().getBytes(StandardCharsets.UTF_8));
            assertThat(tree.n()).isEqualTo(row.get("treeSize").asLong());
            assertThat(tree.hash().toString()).isEqualTo(row.get("rootHash").asText());

            // Any change to the signed text breaks the signature.
            String tampered = row.get("note").asText().replaceFirst("\n(\\d)", "\n9$1");
            assertThatThrownBy(() -> Note.open(tampered.getBytes(StandardCharsets.UTF_8), known))
                    .isInstanceOf(InvalidSignatureException.class)
                    .hasMessage("invalid signature for key sum.golang.org+033de0ae");
        }));
    }
}
