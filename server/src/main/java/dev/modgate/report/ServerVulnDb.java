package dev.modgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.vuln.VulnDbPaths;
import dev.modgate.vuln.VulnIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A running modgate's vulnerability database, read as govulncheck reads it (/vulndb/index/db.json, modules.json, then
 * the ID files of the modules asked about): the same entries and the same matching ({@link VulnIndex#over}) as the
 * data directory's snapshot.
 */
public final class ServerVulnDb {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String modified;
    private final Map<String, List<String>> idsByModule;

    private ServerVulnDb(String modified, Map<String, List<String>> idsByModule) {
        this.modified = modified;
        this.idsByModule = idsByModule;
    }

    /** The server's database, or null when it has none (/vulndb/index/db.json is not found). */
    public static ServerVulnDb read(ServerHttp http) throws IOException {
        HttpResponse<byte[]> db = http.get("/vulndb/" + VulnDbPaths.DB);
        if (db.statusCode() == 404 || db.statusCode() == 410) return null;
        String modified = json(db, VulnDbPaths.DB).path("modified").asText("");
        JsonNode modules = json(http.get("/vulndb/" + VulnDbPaths.MODULES), VulnDbPaths.MODULES);
        if (!modules.isArray()) throw new IOException(http.base() + "/vulndb/" + VulnDbPaths.MODULES + ": not a JSON array of {path, vulns}: is --server a modgate?");
        Map<String, List<String>> ids = new HashMap<>();
        for (JsonNode m : modules) {
            List<String> l = new ArrayList<>();
            for (JsonNode v : m.path("vulns")) l.add(v.path("id").asText(""));
            ids.put(m.path("path").asText(""), l);
        }
        return new ServerVulnDb(modified, ids);
    }

    /** What the report shows of it. */
    public String describe() {
        return "modified " + modified;
    }

    /** The index over it: a module's entries are fetched when the module is first asked about. */
    public VulnIndex index(ServerHttp http) {
        return VulnIndex.over(() -> modified, path -> {
            List<byte[]> out = new ArrayList<>();
            for (String id : idsByModule.getOrDefault(path, List.of())) {
                String file = "ID/" + id + ".json";
                // The index's ids name files: anything not of the database's shape is not asked for.
                if (!VulnDbPaths.isServed(file)) throw new UncheckedIOException(new IOException(VulnDbPaths.MODULES + ": \"" + id + "\" is not an ID such as GO-2024-1234"));
                try {
                    HttpResponse<byte[]> r = http.get("/vulndb/" + file);
                    if (r.statusCode() != 200) throw new IOException(http.base() + "/vulndb/" + file + ": " + r.statusCode() + " " + firstLine(r));
                    out.add(r.body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        });
    }

    private static JsonNode json(HttpResponse<byte[]> r, String file) throws IOException {
        if (r.statusCode() != 200) throw new IOException(r.uri() + ": " + r.statusCode() + " " + firstLine(r));
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(r.uri() + ": not JSON: is --server a modgate with a vulnerability database at /vulndb/?");
        }
    }

    private static String firstLine(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
}
