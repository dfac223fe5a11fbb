package dev.modgate.vuln;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.module.ModulePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks a database passes before it may become a snapshot, over a directory holding its files as published:
 * every file parses as JSON, ids are the Go database's, every id of {@code index/vulns.json} has its ID file and no
 * ID file is left over, each module of {@code index/modules.json} is a valid module path (or {@code stdlib},
 * {@code toolchain}) whose entries name it, the three indexes agree on each entry's {@code modified}, and no
 * {@code modified} is later than the database's. The first broken rule is the one-line reason.
 */
final class SnapshotCheck {
    /** db.json is one timestamp. */
    static final long MAX_DB_BYTES = 64 << 10;
    /** modules.json of vuln.go.dev is a few MB; far above it, and below what a heap can hold twice. */
    static final long MAX_INDEX_BYTES = 256L << 20;
    /** One OSV entry is a few KB; one listing thousands of symbols stays far below this. */
    static final long MAX_ENTRY_BYTES = 16L << 20;
    /** vuln.go.dev holds a few thousand entries. */
    static final int MAX_ENTRIES = 100_000;

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SnapshotCheck() {}

    /** What a valid database holds. */
    record Checked(String modifiedText, Instant modified, int entries, int modules) {}

    static Checked check(Path dir) throws IOException {
        Set<String> idFiles = listing(dir);
        JsonNode db = parse(dir, VulnDbPaths.DB, MAX_DB_BYTES);
        if (!db.isObject() || !db.path("modified").isTextual()) throw refuse(VulnDbPaths.DB + ": want {\"modified\": TIME}");
        String dbModifiedText = db.get("modified").asText();
        Instant dbModified = time(dbModifiedText, VulnDbPaths.DB);

        JsonNode vulns = parse(dir, VulnDbPaths.VULNS, MAX_INDEX_BYTES);
        if (!vulns.isArray()) throw refuse(VulnDbPaths.VULNS + ": want a JSON array of {id, modified, aliases}");
        if (vulns.size() > MAX_ENTRIES) throw refuse(VulnDbPaths.VULNS + ": " + vulns.size() + " entries, more than the limit of " + MAX_ENTRIES);
        Map<String, Instant> modified = new HashMap<>();
        for (JsonNode v : vulns) {
            String id = id(v.path("id"), VulnDbPaths.VULNS);
            Instant m = modified(v.path("modified"), VulnDbPaths.VULNS + ": " + id, dbModified);
            if (modified.put(id, m) != null) throw refuse(VulnDbPaths.VULNS + ": " + id + " is listed twice");
            JsonNode aliases = v.path("aliases");
            if (!aliases.isMissingNode() && !aliases.isNull()) {
                if (!aliases.isArray()) throw refuse(VulnDbPaths.VULNS + ": " + id + ": aliases is not an array");
                for (JsonNode a : aliases) if (!a.isTextual()) throw refuse(VulnDbPaths.VULNS + ": " + id + ": an alias is not a string");
            }
        }

        JsonNode modules = parse(dir, VulnDbPaths.MODULES, MAX_INDEX_BYTES);
        if (!modules.isArray()) throw refuse(VulnDbPaths.MODULES + ": want a JSON array of {path, vulns}");
        Map<String, Set<String>> modulesOf = new HashMap<>();
        Set<String> paths = new HashSet<>();
        for (JsonNode m : modules) {
            if (!m.path("path").isTextual()) throw refuse(VulnDbPaths.MODULES + ": a module without a path");
            String path = m.get("path").asText();
            modulePath(path);
            if (!paths.add(path)) throw refuse(VulnDbPaths.MODULES + ": module " + quote(path) + " is listed twice");
            if (!m.path("vulns").isArray()) throw refuse(VulnDbPaths.MODULES + ": " + path + ": vulns is not an array");
            for (JsonNode v : m.get("vulns")) {
                String what = VulnDbPaths.MODULES + ": " + path;
                String id = id(v.path("id"), what);
                Instant known = modified.get(id);
                if (known == null) throw refuse(what + ": " + id + " is not in " + VulnDbPaths.VULNS);
                Instant m2 = modified(v.path("modified"), what + ": " + id, dbModified);
                if (!m2.equals(known)) throw refuse(what + ": " + id + " modified " + v.get("modified").asText() + ", but " + VulnDbPaths.VULNS + " says " + known);
                JsonNode fixed = v.path("fixed");
                if (!fixed.isMissingNode() && !fixed.isNull() && !fixed.isTextual()) throw refuse(what + ": " + id + ": fixed is not a string");
                modulesOf.computeIfAbsent(id, k -> new TreeSet<>()).add(path);
            }
        }

        for (String id : modified.keySet()) {
            if (!idFiles.contains(id)) throw refuse(VulnDbPaths.VULNS + " lists " + id + " but there is no " + VulnDbPaths.entry(id));
        }
        for (String id : idFiles) {
            if (!modified.containsKey(id)) throw refuse(VulnDbPaths.entry(id) + " is not listed in " + VulnDbPaths.VULNS);
        }
        for (String id : new TreeSet<>(idFiles)) {
            String file = VulnDbPaths.entry(id);
            JsonNode e = parse(dir, file, MAX_ENTRY_BYTES);
            if (!e.isObject()) throw refuse(file + ": not an OSV entry (a JSON object)");
            if (!e.path("id").isTextual() || !e.get("id").asText().equals(id)) {
                throw refuse(file + ": its id is " + quote(e.path("id").asText("(none)")) + ", not " + id);
            }
            Instant m = modified(e.path("modified"), file, dbModified);
            if (!m.equals(modified.get(id))) throw refuse(file + ": modified " + e.get("modified").asText() + ", but " + VulnDbPaths.VULNS + " says " + modified.get(id));
            Set<String> named = new TreeSet<>();
            JsonNode affected = e.path("affected");
            if (!affected.isMissingNode() && !affected.isNull() && !affected.isArray()) throw refuse(file + ": affected is not an array");
            for (JsonNode a : affected) {
                JsonNode name = a.path("package").path("name");
                if (!name.isTextual()) throw refuse(file + ": an affected package without a name");
                named.add(name.asText());
            }
            Set<String> indexed = modulesOf.getOrDefault(id, Set.of());
            if (!named.equals(indexed)) {
                throw refuse(file + ": affects modules " + named + " but " + VulnDbPaths.MODULES + " lists it under " + indexed);
            }
        }
        return new Checked(dbModifiedText, dbModified, modified.size(), paths.size());
    }

    /** A module of the database: a valid module path, or the standard library's and the toolchain's names. */
    static void modulePath(String path) throws VulnDbException {
        if (path.equals("stdlib") || path.equals("toolchain")) return;
        try {
            ModulePath.checkPath(path);
        } catch (IllegalArgumentException e) {
            throw refuse(VulnDbPaths.MODULES + ": " + quote(path) + " is not a valid module path (" + oneLine(e.getMessage()) + ")");
        }
    }

    /** The ids of the ID files, after checking that the directory holds the database's files and nothing else. */
    private static Set<String> listing(Path dir) throws IOException {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
            for (Path p : top) {
                String name = p.getFileName().toString();
                if (!(name.equals("index") || name.equals("ID")) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw refuse("unexpected file " + quote(name) + " beside index/ and ID/");
                }
            }
        }
        for (String f : new String[] {VulnDbPaths.DB, VulnDbPaths.MODULES, VulnDbPaths.VULNS}) {
            if (!Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)) throw refuse("no " + f);
        }
        try (DirectoryStream<Path> index = Files.newDirectoryStream(dir.resolve("index"))) {
            for (Path p : index) {
                String rel = "index/" + p.getFileName();
                if (!VulnDbPaths.isServed(rel) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) throw refuse("unexpected file " + quote(rel));
                gzipHasItsJson(p, rel);
            }
        }
        Path idDir = dir.resolve("ID");
        if (!Files.isDirectory(idDir, LinkOption.NOFOLLOW_LINKS)) return ids;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(idDir)) {
            for (Path p : entries) {
                String rel = "ID/" + p.getFileName();
                if (!VulnDbPaths.isServed(rel) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) throw refuse("unexpected file " + quote(rel));
                gzipHasItsJson(p, rel);
                if (rel.endsWith(".json")) {
                    ids.add(rel.substring(3, rel.length() - ".json".length()));
                    if (ids.size() > MAX_ENTRIES) throw refuse("more than " + MAX_ENTRIES + " ID files");
                }
            }
        }
        return ids;
    }

    /** A .json.gz is made from its .json: one alone would be served unchecked. */
    private static void gzipHasItsJson(Path p, String rel) throws VulnDbException {
        if (!rel.endsWith(VulnDbPaths.GZ)) return;
        String json = p.getFileName().toString();
        if (!Files.isRegularFile(p.resolveSibling(json.substring(0, json.length() - VulnDbPaths.GZ.length())), LinkOption.NOFOLLOW_LINKS)) {
            throw refuse("unexpected file " + quote(rel) + " without its .json");
        }
    }

    private static JsonNode parse(Path dir, String file, long max) throws IOException {
        Path p = dir.resolve(file);
        long size = Files.size(p);
        if (size > max) throw refuse(file + " is " + size + " bytes, more than the limit of " + max);
        try (InputStream in = Files.newInputStream(p)) {
            JsonNode n = JSON.readTree(in);
            if (n == null || n.isMissingNode()) throw refuse(file + " is empty, not JSON");
            return n;
        } catch (JsonProcessingException e) {
            throw refuse(file + " is not valid JSON: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static String id(JsonNode n, String where) throws VulnDbException {
        if (!n.isTextual()) throw refuse(where + ": an entry without an id");
        String id = n.asText();
        if (!VulnDbPaths.isId(id)) throw refuse(where + ": " + quote(id) + " is not a Go vulnerability id (GO-YYYY-NNNN)");
        return id;
    }

    private static Instant modified(JsonNode n, String where, Instant dbModified) throws VulnDbException {
        if (!n.isTextual()) throw refuse(where + ": no modified time");
        Instant m = time(n.asText(), where);
        if (m.isAfter(dbModified)) throw refuse(where + ": modified " + n.asText() + " is later than the database's " + dbModified);
        return m;
    }

    /** An RFC 3339 time as Go's encoding/json writes a time.Time. */
    static Instant time(String s, String where) throws VulnDbException {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw refuse(where + ": " + quote(s) + " is not an RFC 3339 time");
        }
    }

    static VulnDbException refuse(String reason) {
        return new VulnDbException(reason);
    }

    /** Text from a file, quoted and cut short, without control characters: it reaches logs and a terminal. */
    static String quote(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.append('"').toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
