package dev.modgate.core.modfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;

/** Reads the vectors in src/test/resources/vectors/modfile and renders parse results in their shape. */
final class Vectors {
    private Vectors() {}

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "/vectors/modfile/";

    static JsonNode read(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector file " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> list(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false).toList();
    }

    /** A case's input: "data", or "dataBase64" where it is not valid UTF-8. */
    static byte[] data(JsonNode c) {
        if (c.has("dataBase64")) {
            return Base64.getDecoder().decode(c.get("dataBase64").asText());
        }
        return c.get("data").asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The version fixer a case names; "fixV" is upstream rule_test.go's. */
    static VersionFixer fixer(JsonNode c) {
        if (!c.has("fix")) {
            return null;
        }
        String name = c.get("fix").asText();
        if (!name.equals("fixV")) {
            throw new IllegalArgumentException("unknown fixer " + name);
        }
        return (path, version) -> {
            if (!path.equals("example.com/m")) {
                throw new IllegalArgumentException("module path must be example.com/m");
            }
            return "v" + version;
        };
    }

    static ObjectNode render(ModFile f) {
        ObjectNode r = JSON.createObjectNode();
        r.put("module", f.modulePath());
        r.put("deprecated", f.deprecated());
        r.put("go", f.goVersion());
        r.put("toolchain", f.toolchain());
        r.set("godebug", godebugs(f.godebugs()));
        ArrayNode requires = r.putArray("require");
        f.requires().forEach(x -> requires.addObject().put("path", x.path()).put("version", x.version()).put("indirect", x.indirect()));
        ArrayNode excludes = r.putArray("exclude");
        f.excludes().forEach(x -> excludes.addObject().put("path", x.path()).put("version", x.version()));
        r.set("replace", replaces(f.replaces()));
        ArrayNode retracts = r.putArray("retract");
        f.retracts().forEach(x -> retracts.addObject()
                .put("low", x.interval().low()).put("high", x.interval().high()).put("rationale", x.rationale()));
        ArrayNode tools = r.putArray("tool");
        f.tools().forEach(tools::add);
        return r;
    }

    static ObjectNode render(WorkFile f) {
        ObjectNode r = JSON.createObjectNode();
        r.put("go", f.goVersion());
        r.put("toolchain", f.toolchain());
        r.set("godebug", godebugs(f.godebugs()));
        ArrayNode uses = r.putArray("use");
        f.uses().forEach(uses::add);
        r.set("replace", replaces(f.replaces()));
        return r;
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static ArrayNode godebugs(List<ModFile.Godebug> gs) {
        ArrayNode a = JSON.createArrayNode();
        gs.forEach(g -> a.addObject().put("key", g.key()).put("value", g.value()));
        return a;
    }

    private static ArrayNode replaces(List<ModFile.Replace> rs) {
        ArrayNode a = JSON.createArrayNode();
        rs.forEach(x -> a.addObject().put("oldPath", x.oldPath()).put("oldVersion", x.oldVersion())
                .put("newPath", x.newPath()).put("newVersion", x.newVersion()));
        return a;
    }
}
