package dev.modgate.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * One entry of the Go vulnerability database in the OSV format, as golang/vuln's internal/osv/osv.go reads it: the
 * fields govulncheck uses, read field by field so that an entry that is not one is refused with the place and what
 * is wrong, while fields this class does not know (credits, schema_version, severity, OSV's other event kinds) are
 * passed over.
 *
 * @param affected the modules (or {@code stdlib}, {@code toolchain}) and their version ranges; may be empty
 * @param withdrawn when the entry was withdrawn, else null: a withdrawn entry affects nothing
 */
public record OsvEntry(String id, Instant modified, Instant published, Instant withdrawn, List<String> aliases, String summary,
        String details, List<Affected> affected, List<Reference> references, DatabaseSpecific databaseSpecific) {

    /** Only SEMVER ranges count for Go ({@link Affects}). */
    public static final String SEMVER = "SEMVER";

    /**
     * @param module the module ({@code package} in the JSON: {@code name}, {@code ecosystem})
     * @param ranges the version ranges; none means every version
     * @param imports {@code ecosystem_specific.imports}: the packages, platforms and symbols concerned
     */
    public record Affected(Module module, List<Range> ranges, List<Import> imports) {}

    /** @param path the module path, or {@code stdlib} / {@code toolchain}; {@code name} in the JSON */
    public record Module(String path, String ecosystem) {}

    public record Range(String type, List<Event> events) {}

    /** One of introduced and fixed is set, the other is null ("0" introduced = from the start). */
    public record Event(String introduced, String fixed) {}

    /** @param goos and goarch: the platforms concerned, empty for all */
    public record Import(String path, List<String> goos, List<String> goarch, List<String> symbols) {}

    public record Reference(String type, String url) {}

    /** @param reviewStatus "REVIEWED", "UNREVIEWED" or "" */
    public record DatabaseSpecific(String url, String reviewStatus) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** IDs name files of the database (/ID/GO-2024-1234.json): no slashes, no dots to climb with. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_:-]{0,99}");

    public OsvEntry {
        aliases = List.copyOf(aliases);
        affected = List.copyOf(affected);
        references = List.copyOf(references);
        summary = summary == null ? "" : summary;
        details = details == null ? "" : details;
    }

    /** Whether the entry was withdrawn (it then affects nothing). */
    public boolean isWithdrawn() {
        return withdrawn != null;
    }

    /** The summary on one line, at most 80 characters and an ellipsis: for refusals and logs. */
    public String shortSummary() {
        return printable(summary.strip());
    }

    /** The entry's ID and its aliases: what an {@code except} list may name. */
    public List<String> ids() {
        List<String> all = new ArrayList<>(1 + aliases.size());
        all.add(id);
        all.addAll(aliases);
        return all;
    }

    /**
     * Reads one entry.
     *
     * @throws IllegalArgumentException not an entry: one line saying where and what ("affected[0].package.name:
     *     missing"), prefixed by the ID when it was readable
     */
    public static OsvEntry parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an OSV entry: not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("not an OSV entry: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not an OSV entry: not a JSON object");
        String id;
        try {
            id = text(root, "id", "id", true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OSV entry: " + e.getMessage());
        }
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not an OSV entry: id \"" + printable(id) + "\" is not an ID such as GO-2024-1234");
        try {
            return new OsvEntry(id, time(root, "modified", true), time(root, "published", false), time(root, "withdrawn", false),
                    strings(root, "aliases", "aliases"), text(root, "summary", "summary", false), text(root, "details", "details", false),
                    list(root, "affected", "affected", OsvEntry::affected), list(root, "references", "references", OsvEntry::reference),
                    databaseSpecific(root));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(id + ": " + e.getMessage());
        }
    }

    private static Affected affected(JsonNode n, String where) {
        JsonNode p = n.get("package");
        if (p == null || p.isNull()) throw bad(where + ".package", "missing");
        if (!p.isObject()) throw bad(where + ".package", "not an object");
        String name = text(p, "name", where + ".package.name", true);
        if (name.isEmpty()) throw bad(where + ".package.name", "empty");
        Module module = new Module(name, text(p, "ecosystem", where + ".package.ecosystem", false));
        List<Range> ranges = list(n, "ranges", where + ".ranges", OsvEntry::range);
        List<Import> imports = List.of();
        JsonNode es = n.get("ecosystem_specific");
        if (es != null && !es.isNull()) {
            if (!es.isObject()) throw bad(where + ".ecosystem_specific", "not an object");
            imports = list(es, "imports", where + ".ecosystem_specific.imports", OsvEntry::importOf);
        }
        return new Affected(module, ranges, imports);
    }

    private static Range range(JsonNode n, String where) {
        String type = text(n, "type", where + ".type", true);
        List<Event> events = list(n, "events", where + ".events", (e, w) -> event(e, w, type.equals(SEMVER)));
        return new Range(type, events);
    }

    private static Event event(JsonNode n, String where, boolean semver) {
        String introduced = text(n, "introduced", where + ".introduced", false);
        String fixed = text(n, "fixed", where + ".fixed", false);
        introduced = introduced.isEmpty() ? null : introduced;
        fixed = fixed.isEmpty() ? null : fixed;
        if (introduced != null && fixed != null) throw bad(where, "both introduced and fixed: an event is one of them");
        // Other OSV events (last_affected, limit) are not Go's: passed over, as golang/vuln's structs do.
        if (semver) {
            if (introduced != null && !introduced.equals("0") && !Affects.valid(introduced)) throw bad(where + ".introduced", "\"" + printable(introduced) + "\" is not a semantic version");
            if (fixed != null && !Affects.valid(fixed)) throw bad(where + ".fixed", "\"" + printable(fixed) + "\" is not a semantic version");
        }
        return new Event(introduced, fixed);
    }

    private static Import importOf(JsonNode n, String where) {
        return new Import(text(n, "path", where + ".path", false), strings(n, "goos", where + ".goos"),
                strings(n, "goarch", where + ".goarch"), strings(n, "symbols", where + ".symbols"));
    }

    private static Reference reference(JsonNode n, String where) {
        return new Reference(text(n, "type", where + ".type", false), text(n, "url", where + ".url", false));
    }

    private static DatabaseSpecific databaseSpecific(JsonNode root) {
        JsonNode d = root.get("database_specific");
        if (d == null || d.isNull()) return null;
        if (!d.isObject()) throw bad("database_specific", "not an object");
        String status = text(d, "review_status", "database_specific.review_status", false);
        if (!status.isEmpty() && !status.equals("REVIEWED") && !status.equals("UNREVIEWED")) {
            throw bad("database_specific.review_status", "\"" + printable(status) + "\" is neither REVIEWED nor UNREVIEWED");
        }
        return new DatabaseSpecific(text(d, "url", "database_specific.url", false), status);
    }

    private static <T> List<T> list(JsonNode n, String field, String where, BiFunction<JsonNode, String, T> each) {
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) return List.of();
        if (!a.isArray()) throw bad(where, "not an array");
        List<T> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            String w = where + "[" + i + "]";
            if (!e.isObject()) throw bad(w, "not an object");
            out.add(each.apply(e, w));
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode n, String field, String where) {
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) return List.of();
        if (!a.isArray()) throw bad(where, "not an array of strings");
        List<String> out = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            if (!e.isTextual()) throw bad(where, "not an array of strings");
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw bad(where, "missing");
            return "";
        }
        if (!v.isTextual()) throw bad(where, "not a string");
        return v.asText();
    }

    private static Instant time(JsonNode n, String field, boolean required) {
        String s = text(n, field, field, required);
        if (s.isEmpty()) {
            if (required) throw bad(field, "empty");
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant(); // RFC 3339, as Go's time.Time reads it
        } catch (DateTimeParseException e) {
            throw bad(field, "\"" + printable(s) + "\" is not an RFC 3339 time such as 2024-01-02T15:04:05Z");
        }
    }

    private static IllegalArgumentException bad(String where, String what) {
        return new IllegalArgumentException(where + ": " + what);
    }

    /** Database text in a one-line message: no line breaks or terminal escapes, and not too long. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
