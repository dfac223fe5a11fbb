package dev.modgate.core.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.module.ModuleRuleException;
import dev.modgate.core.text.GoStrings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Reads the JSON test vectors under src/test/resources/vectors and asserts Go-style outcomes. */
public final class Vectors {
    private Vectors() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A vectors file, e.g. "module/module_tests.json". */
    public static JsonNode load(String name) {
        String resource = "/vectors/" + name;
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a table; fails on a missing or empty table so that no case is silently skipped. */
    public static List<JsonNode> rows(JsonNode file, String table) {
        JsonNode node = file.get(table);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalStateException("vector table " + table + " is missing or empty");
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    /** A Go string: JSON text, or {"base64": ...} for bytes that are not valid UTF-8 (decoded losslessly). */
    public static String goString(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        return GoStrings.fromUtf8(goBytes(node));
    }

    /** The bytes of a Go string as given in the vectors. */
    public static byte[] goBytes(JsonNode node) {
        if (node.isTextual()) {
            return GoStrings.toUtf8(node.asText());
        }
        return Base64.getDecoder().decode(node.get("base64").asText());
    }

    /** The text of an optional field: null when absent or JSON null. */
    public static String text(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : goString(n);
    }

    /** The text of a required field. */
    public static String required(JsonNode row, String field) {
        JsonNode n = row.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalStateException("vector row lacks " + field + ": " + row);
        }
        return goString(n);
    }

    /** A display name for a Go string in test names. */
    public static String q(String s) {
        return GoStrings.quote(s);
    }

    /** Asserts that call succeeds when expectedError is null, else throws a ModuleRuleException with exactly that message. */
    public static void assertOutcome(ThrowingCallable call, String expectedError) {
        if (expectedError == null) {
            assertThatCode(call).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(call).isInstanceOf(ModuleRuleException.class).hasMessage(expectedError);
        }
    }
}
