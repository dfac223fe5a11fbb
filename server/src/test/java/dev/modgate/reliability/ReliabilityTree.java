package dev.modgate.reliability;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.testing.TestSumDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The reliability suite's upstream content: a static GOPROXY tree of generated modules with a go.sum-style manifest
 * of their true checksums, and the check that a modgate data directory holds nothing but complete, true copies of it.
 */
final class ReliabilityTree {
    record Sums(String zip, String mod) {}

    private final Path root;
    private final Map<ModuleVersion, Sums> sums = new LinkedHashMap<>();

    private ReliabilityTree(Path root) {
        this.root = root;
    }

    Path root() { return root; }

    List<ModuleVersion> modules() { return List.copyOf(sums.keySet()); }

    Sums sums(ModuleVersion mv) { return sums.get(mv); }

    /**
     * count modules {@code example.com/rel/<prefix>NNN@v1.0.0} whose zips hold a source file of minBytes..maxBytes
     * (incompressible beyond half, so sizes on the wire are real), plus {@code example.com/rel/fork@v1.0.0}, whose
     * true go.mod declares another module path, as forks used through replace directives do.
     */
    static ReliabilityTree generate(Path root, String prefix, int count, int minBytes, int maxBytes, long seed) throws IOException {
        ReliabilityTree t = new ReliabilityTree(root);
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            String path = String.format("example.com/rel/%s%03d", prefix, i);
            int size = minBytes + (maxBytes > minBytes ? r.nextInt(maxBytes - minBytes) : 0);
            t.add(path, "v1.0.0", "module " + path + "\n\ngo 1.17\n", size, r);
        }
        t.add("example.com/rel/fork", "v1.0.0", "module example.com/rel/original\n\ngo 1.17\n", 1000, r);
        return t;
    }

    void add(String path, String version, String goMod, int size, Random r) throws IOException {
        Path dir = dir(path);
        String ev = CaseEncoding.escapeVersion(version);
        byte[] mod = goMod.getBytes(StandardCharsets.UTF_8);
        byte[] src = new byte[size];
        byte[] words = "package p\n// reliability suite payload: module zip bytes\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) src[i] = i < size / 2 ? words[i % words.length] : (byte) ('a' + r.nextInt(26));
        System.arraycopy(words, 0, src, 0, Math.min(10, size));
        Files.write(dir.resolve(ev + ".info"), ("{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(ev + ".mod"), mod);
        Path zip = dir.resolve(ev + ".zip");
        ModuleZip.create(new ModuleVersion(path, version), List.of(ModuleFile.of("go.mod", mod), ModuleFile.of("p.go", src)), zip);
        sums.put(new ModuleVersion(path, version), new Sums(DirHash.hashZip(zip), DirHash.hashGoMod(mod)));
        Files.writeString(dir.resolve("list"), version + "\n");
    }

    Path dir(String path) throws IOException {
        Path d = root;
        for (String el : CaseEncoding.escapePath(path).split("/")) d = d.resolve(el);
        return Files.createDirectories(d.resolve("@v"));
    }

    /** The request path of an artifact ("info", "mod", "zip") or of "list". */
    static String url(ModuleVersion mv, String kind) {
        String m = "/" + CaseEncoding.escapePath(mv.path()) + "/@v/";
        return kind.equals("list") ? m + "list" : m + CaseEncoding.escapeVersion(mv.version()) + "." + kind;
    }

    byte[] bytes(ModuleVersion mv, String kind) throws IOException {
        return Files.readAllBytes(root.resolve(url(mv, kind).substring(1)));
    }

    /** Puts every module's true sums into a checksum database. */
    void addTo(TestSumDb db) throws IOException {
        for (var e : sums.entrySet()) db.add(e.getKey().path(), e.getKey().version(), e.getValue().zip(), e.getValue().mod());
    }

    /** What a data directory holds, file by file, judged against the tree. */
    record Audit(int artifacts, int tempFiles, List<String> problems) {
        boolean ok() { return problems.isEmpty(); }

        @Override public String toString() {
            return artifacts + " artifacts verified, " + tempFiles + " temporary files"
                    + (problems.isEmpty() ? "" : "; PROBLEMS: " + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                    + (problems.size() > 10 ? " (+" + (problems.size() - 10) + " more)" : ""));
        }
    }

    /**
     * Every file of the data directory: each .zip is a valid module zip whose h1 is the true one, each .mod and
     * .info is byte for byte the upstream's, each .ziphash names the true h1, each list names only stored versions,
     * and nothing else lies in the tree. Temporary files (under .modgate/tmp) are counted, not judged.
     */
    Audit audit(Path data) throws IOException {
        List<String> problems = new ArrayList<>();
        int artifacts = 0, temps = 0;
        Map<String, ModuleVersion> byDir = new LinkedHashMap<>();
        for (ModuleVersion mv : sums.keySet()) byDir.put(CaseEncoding.escapePath(mv.path()) + "/@v/" + CaseEncoding.escapeVersion(mv.version()), mv);
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = data.relativize(f).toString().replace('\\', '/');
            if (rel.startsWith(".modgate/")) {
                if (rel.startsWith(".modgate/tmp/") && !rel.endsWith("/.alive")) temps++;
                continue;
            }
            String name = f.getFileName().toString();
            if (name.equals("list") || name.equals(".upstream-list")) {
                for (String line : Files.readAllLines(f)) {
                    String v = line.strip().split("\\s+")[0];
                    if (!v.isEmpty() && !Semver.isValid(v)) problems.add(rel + ": invalid line \"" + line + "\"");
                    // The stored list names the versions whose .info is stored (resolved as exactly that version);
                    // their go.mod may still be on its way (a kill -9 between the two), which the list does not promise.
                    if (name.equals("list") && !v.isEmpty() && !Files.exists(f.resolveSibling(CaseEncoding.escapeVersion(v) + ".info"))) {
                        problems.add(rel + ": lists " + v + " whose .info is not stored");
                    }
                }
                continue;
            }
            if (name.equals(".upstream-latest")) continue;
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1);
            ModuleVersion mv = byDir.get(rel.substring(0, rel.length() - ext.length() - 1));
            if (mv == null) {
                problems.add(rel + ": not an artifact of the upstream");
                continue;
            }
            byte[] have = Files.readAllBytes(f);
            switch (ext) {
                case "zip" -> {
                    try {
                        ModuleZip.checkZip(mv, f);
                        String h1 = DirHash.hashZip(f);
                        if (!h1.equals(sums.get(mv).zip())) problems.add(rel + ": h1 " + h1 + ", true sum " + sums.get(mv).zip());
                    } catch (IOException | RuntimeException e) {
                        problems.add(rel + ": not a valid module zip: " + e.getMessage());
                    }
                }
                case "mod", "info" -> {
                    if (!Arrays.equals(have, bytes(mv, ext))) problems.add(rel + ": differs from the upstream's (" + have.length + " bytes)");
                }
                case "ziphash" -> {
                    if (!new String(have, StandardCharsets.UTF_8).strip().equals(sums.get(mv).zip())) problems.add(rel + ": wrong h1 \"" + new String(have, StandardCharsets.UTF_8) + "\"");
                }
                default -> problems.add(rel + ": unexpected file");
            }
            artifacts++;
        }
        return new Audit(artifacts, temps, problems);
    }
}
