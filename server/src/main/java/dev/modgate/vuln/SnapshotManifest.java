package dev.modgate.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot's {@code manifest.json}: the database's modified time as published, the counts, and the SHA-256 of
 * every file (the published {@code .json} and the {@code .json.gz} made from each). It holds nothing of when or how
 * the snapshot was made, so the same database synced or imported gets the same manifest, byte for byte.
 *
 * @param files path in the snapshot to lower-case hex SHA-256, sorted by path
 */
record SnapshotManifest(String modifiedText, Instant modified, int entries, int modules, SortedMap<String, String> files) {
    static final String FILE = "manifest.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** A snapshot directory's name: the database's modified time, then the start of its content hash. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{12}");

    SnapshotManifest {
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** The manifest of a checked database's directory, hashing every file in it. */
    static SnapshotManifest of(Path dir, SnapshotCheck.Checked c) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        for (String sub : new String[] {"index", "ID"}) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (var s = Files.newDirectoryStream(d)) {
                for (Path p : s) files.put(sub + "/" + p.getFileName(), sha256(p));
            }
        }
        return new SnapshotManifest(c.modifiedText(), c.modified(), c.entries(), c.modules(), files);
    }

    /**
     * The snapshot's name: the modified time, then 12 hex digits of a hash over the published files' paths and
     * checksums (not the .gz, which another compressor could make differently), so that it names the content.
     */
    String name() {
        MessageDigest md = digest();
        files.forEach((path, sum) -> {
            if (path.endsWith(".json")) md.update((path + " " + sum + "\n").getBytes(StandardCharsets.UTF_8));
        });
        return STAMP.format(modified) + "-" + HexFormat.of().formatHex(md.digest(), 0, 6);
    }

    byte[] toJson() throws IOException {
        ObjectNode n = SnapshotCheck.JSON.createObjectNode();
        n.put("modified", modifiedText);
        n.put("entries", entries);
        n.put("modules", modules);
        ObjectNode f = n.putObject("files");
        files.forEach(f::put);
        byte[] body = SnapshotCheck.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = '\n';
        return out;
    }

    static SnapshotManifest read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** A manifest's bytes; where names it in messages. */
    static SnapshotManifest parse(byte[] json, String where) throws IOException {
        JsonNode n;
        try {
            n = SnapshotCheck.JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VulnDbException(where + " is not valid JSON");
        }
        if (n == null || !n.path("modified").isTextual() || !n.path("entries").canConvertToInt() || !n.path("files").isObject()) {
            throw new VulnDbException(where + " is not a snapshot manifest");
        }
        SortedMap<String, String> files = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.get("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            files.put(e.getKey(), e.getValue().asText());
        }
        String modified = n.get("modified").asText();
        return new SnapshotManifest(modified, SnapshotCheck.time(modified, where), n.get("entries").asInt(), n.path("modules").asInt(), files);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
