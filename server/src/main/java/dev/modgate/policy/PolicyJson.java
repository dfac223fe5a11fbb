package dev.modgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON lines of the policy files, field by field rather than by reflection, so the format stays what the class
 * comment of {@link DirPolicyState} says whatever the records become, and every field read back is checked (the files
 * are untrusted: an operator may edit them).
 */
final class PolicyJson {
    /** Trailing tokens refused: a line ended by {@link LinesFile#TORN} is bad even if the cut fell after its last brace. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PolicyJson() {}

    static String line(ApprovalEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("action", e.action());
        moduleVersion(n, e.mv());
        n.put("until", e.until() == null ? null : e.until().toString());
        n.put("reason", e.reason());
        n.put("by", e.by());
        n.put("at", e.at().toString());
        return n.toString();
    }

    static ApprovalEvent approvalEvent(String line) throws LinesFile.BadLine {
        JsonNode n = object(line);
        String action = text(n, "action", true);
        if (!action.equals(ApprovalEvent.APPROVE) && !action.equals(ApprovalEvent.REVOKE)) throw new LinesFile.BadLine("unknown action " + action);
        return new ApprovalEvent(action, moduleVersion(n), instant(n, "until", false), text(n, "reason", false),
                text(n, "by", false), instant(n, "at", true));
    }

    static String line(PendingRequest r) {
        ObjectNode n = JSON.createObjectNode();
        moduleVersion(n, r.mv());
        n.put("rule", r.rule());
        n.put("reason", r.reason());
        n.put("first", r.first().toString());
        n.put("last", r.last().toString());
        n.put("count", r.count());
        ArrayNode clients = n.putArray("clients");
        r.clients().forEach(clients::add);
        return n.toString();
    }

    static PendingRequest pendingRequest(String line) throws LinesFile.BadLine {
        JsonNode n = object(line);
        ModuleVersion mv = moduleVersion(n);
        JsonNode count = n.get("count");
        if (count == null || !count.canConvertToLong() || count.asLong() < 1) throw new LinesFile.BadLine("count must be a positive number");
        JsonNode clients = n.get("clients");
        List<String> who = new ArrayList<>();
        if (clients != null && clients.isArray()) {
            for (JsonNode c : clients) {
                if (c.isTextual() && !who.contains(c.asText()) && who.size() < PendingRequest.MAX_CLIENTS) who.add(c.asText());
            }
        }
        return new PendingRequest(mv, text(n, "rule", true), text(n, "reason", false),
                instant(n, "first", true), instant(n, "last", true), count.asLong(), who);
    }

    /** Throws IllegalArgumentException for what must never be written: a module path or version that is not valid. */
    static void check(ModuleVersion mv) {
        if (!ModulePath.isCanonicalVersionOf(mv.path(), mv.version())) {
            ModulePath.checkPath(mv.path());
            throw new IllegalArgumentException("not a canonical version of " + mv.path() + ": " + mv.version());
        }
    }

    private static void moduleVersion(ObjectNode n, ModuleVersion mv) {
        n.put("module", mv.path());
        n.put("version", mv.version());
    }

    private static ModuleVersion moduleVersion(JsonNode n) throws LinesFile.BadLine {
        ModuleVersion mv = new ModuleVersion(text(n, "module", true), text(n, "version", true));
        if (!ModulePath.isCanonicalVersionOf(mv.path(), mv.version())) throw new LinesFile.BadLine("not a valid module@version: " + mv);
        return mv;
    }

    private static JsonNode object(String line) throws LinesFile.BadLine {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) throw new LinesFile.BadLine("not a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw new LinesFile.BadLine("not JSON");
        }
    }

    private static String text(JsonNode n, String field, boolean required) throws LinesFile.BadLine {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new LinesFile.BadLine("no " + field);
            return "";
        }
        if (!v.isTextual()) throw new LinesFile.BadLine(field + " is not a string");
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field, boolean required) throws LinesFile.BadLine {
        String s = text(n, field, required);
        if (s.isEmpty()) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new LinesFile.BadLine(field + " is not a time (2026-01-02T15:04:05Z)");
        }
    }
}
