package dev.modgate.core.mvs;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.text.SlashPath;
import dev.modgate.core.txtar.Txtar;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A module graph scenario of src/test/resources/modgraph (see the README there). */
record GraphScenario(String name, String comment, byte[] goMod, byte[] goWork, Map<String, byte[]> dirs,
                     Map<ModuleVersion, byte[]> modules, Map<String, List<String>> want) {

    static List<GraphScenario> all() throws IOException {
        Path dir;
        try {
            dir = Path.of(GraphScenario.class.getResource("/modgraph/README").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<GraphScenario> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                out.add(parse(f.getFileName().toString().replaceFirst("\\.txt$", ""), Txtar.parse(f)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no scenarios in " + dir);
        }
        return out;
    }

    static GraphScenario parse(String name, Txtar archive) {
        byte[] goMod = null;
        byte[] goWork = null;
        Map<String, byte[]> dirs = new LinkedHashMap<>();
        Map<ModuleVersion, byte[]> modules = new LinkedHashMap<>();
        Map<String, List<String>> want = new LinkedHashMap<>();
        for (Txtar.File f : archive.files()) {
            String n = f.name();
            if (n.equals("go.mod")) {
                goMod = f.data();
            } else if (n.equals("go.work")) {
                goWork = f.data();
            } else if (n.startsWith("want/")) {
                want.put(n.substring("want/".length()), f.text().lines().filter(l -> !l.isBlank()).toList());
            } else if (n.endsWith("/go.mod")) {
                dirs.put(n.substring(0, n.length() - "/go.mod".length()), f.data());
            } else if (n.contains("@")) {
                int at = n.indexOf('@');
                modules.put(new ModuleVersion(n.substring(0, at), n.substring(at + 1)), f.data());
            } else {
                throw new IllegalStateException(name + ": unexpected file " + n);
            }
        }
        for (String key : List.of("list", "gomods", "download", "downloadall")) {
            if (!want.containsKey(key) && !want.containsKey("error")) {
                throw new IllegalStateException(name + ": missing want/" + key);
            }
        }
        if ((goMod == null) == (goWork == null)) {
            throw new IllegalStateException(name + ": needs exactly one of go.mod and go.work");
        }
        return new GraphScenario(name, archive.commentText().strip(), goMod, goWork, dirs, modules, want);
    }

    /** The error message loading the graph fails with, or null. */
    String wantError() {
        List<String> lines = want.get("error");
        return lines == null ? null : String.join("\n", lines);
    }

    boolean workspace() {
        return goWork != null;
    }

    /** An in-memory GoModSource over the scenario's modules that records what it was asked for. */
    Source source() {
        return new Source();
    }

    final class Source implements GoModSource {
        final Set<ModuleVersion> asked = ConcurrentHashMap.newKeySet();

        @Override
        public byte[] goMod(ModuleVersion mv) throws IOException {
            asked.add(mv);
            byte[] data = modules.get(mv);
            if (data == null) {
                throw new IOException("not found: " + mv);
            }
            return data;
        }

        @Override
        public List<String> versions(String path) {
            return modules.keySet().stream().filter(m -> m.path().equals(path)).map(ModuleVersion::version).toList();
        }

        @Override
        public byte[] localGoMod(String dir) {
            return dirs.get(SlashPath.clean(dir));
        }
    }

    ModuleGraph load(GoModSource source, int parallelism) {
        if (workspace()) {
            return ModuleGraph.loadWorkspace(goWork, dirs, source, parallelism);
        }
        return ModuleGraph.load(goMod, source, parallelism);
    }

    /** The build list as `go list -m all` prints it. */
    static List<String> listLines(ModuleGraph g) {
        List<String> out = new ArrayList<>();
        for (ModuleVersion m : g.buildList()) {
            if (g.mainModules().contains(m)) {
                out.add(m.path());
                continue;
            }
            String line = m.path() + " " + m.version();
            var r = g.replacement(m);
            if (r.isPresent()) {
                line += " => " + r.get().path() + (r.get().version().isEmpty() ? "" : " " + r.get().version());
            }
            out.add(line);
        }
        return out;
    }

    static List<String> lines(Iterable<ModuleVersion> list) {
        List<String> out = new ArrayList<>();
        list.forEach(m -> out.add(m.path() + " " + m.version()));
        return out;
    }

    static List<String> sorted(List<String> lines) {
        List<String> s = new ArrayList<>(lines);
        Collections.sort(s);
        return s;
    }

    // ---- the scenario as files for the real go command ----

    /** Writes the modules as a GOPROXY tree: {@code <path>/@v/list} and {@code <version>.info|.mod|.zip}. */
    void writeProxy(Path root) throws IOException {
        Map<String, List<String>> versions = new TreeMap<>();
        for (Map.Entry<ModuleVersion, byte[]> e : modules.entrySet()) {
            ModuleVersion mv = e.getKey();
            Path v = root.resolve(CaseEncoding.escapePath(mv.path())).resolve("@v");
            Files.createDirectories(v);
            String base = CaseEncoding.escapeVersion(mv.version());
            Files.write(v.resolve(base + ".mod"), e.getValue());
            Files.writeString(v.resolve(base + ".info"), "{\"Version\":\"" + mv.version() + "\",\"Time\":\"2021-01-01T00:00:00Z\"}\n");
            // A +incompatible version is one without a go.mod: the proxy synthesizes the .mod.
            ModuleFile file = mv.version().endsWith("+incompatible")
                    ? ModuleFile.of("doc.go", ("package " + SlashPath.base(mv.path()) + "\n").getBytes(StandardCharsets.UTF_8))
                    : ModuleFile.of("go.mod", e.getValue());
            ModuleZip.create(mv, List.of(file), v.resolve(base + ".zip"));
            versions.computeIfAbsent(mv.path(), k -> new ArrayList<>()).add(mv.version());
        }
        for (Map.Entry<String, List<String>> e : versions.entrySet()) {
            Path list = root.resolve(CaseEncoding.escapePath(e.getKey())).resolve("@v/list");
            Files.writeString(list, String.join("\n", e.getValue()) + "\n");
        }
    }

    /** Writes the main module (or go.work and its modules) and the local directories. */
    void writeWorkDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (goMod != null) {
            Files.write(dir.resolve("go.mod"), goMod);
        }
        if (goWork != null) {
            Files.write(dir.resolve("go.work"), goWork);
        }
        for (Map.Entry<String, byte[]> e : dirs.entrySet()) {
            Path d = dir.resolve(e.getKey());
            Files.createDirectories(d);
            Files.write(d.resolve("go.mod"), e.getValue());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphScenario s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
