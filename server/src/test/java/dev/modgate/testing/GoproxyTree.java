package dev.modgate.testing;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.txtar.Txtar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A static GOPROXY tree on disk built from cmd/go's txtar module archives, exactly as cmd/go's own test proxy
 * serves them: .info and .mod from the archive, every other file zipped under "path@version/" (names starting
 * with "/" verbatim). Served over loopback HTTP or as file://, it is the upstream of the end-to-end tests.
 */
public final class GoproxyTree {
    private final Path root;
    private final List<ModuleVersion> versions;

    private GoproxyTree(Path root, List<ModuleVersion> versions) {
        this.root = root;
        this.versions = versions;
    }

    public Path root() { return root; }

    /** Every module version in the tree, in the order built. */
    public List<ModuleVersion> versions() { return versions; }

    public static GoproxyTree build(Path corpus, Path root, Predicate<ModuleVersion> include) throws IOException {
        List<ModuleVersion> out = new ArrayList<>();
        Map<String, List<String>> lists = new TreeMap<>();
        List<Path> files;
        try (var s = Files.list(corpus)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        for (Path f : files) {
            Txtar a = Txtar.parse(f);
            // As cmd/go's test proxy does: the file name is <escaped path, "/" as "_">_<escaped version>.txt.
            String name = f.getFileName().toString();
            name = name.substring(0, name.length() - ".txt".length());
            int v = name.lastIndexOf("_v");
            if (v < 0) continue;
            ModuleVersion mv;
            try {
                mv = new ModuleVersion(CaseEncoding.unescapePath(name.substring(0, v).replace('_', '/')),
                        CaseEncoding.unescapeVersion(name.substring(v + 1)));
            } catch (IllegalArgumentException e) {
                continue; // cmd/go's test proxy cannot serve these either (e.g. example.com/invalidpath/v1)
            }
            if (!include.test(mv)) continue;
            Path dir = moduleDir(root, mv.path()).resolve("@v");
            Files.createDirectories(dir);
            String ev = CaseEncoding.escapeVersion(mv.version());
            var info = a.file(".info");
            var mod = a.file(".mod");
            if (info.isPresent()) Files.write(dir.resolve(ev + ".info"), info.get().data());
            if (mod.isPresent()) Files.write(dir.resolve(ev + ".mod"), mod.get().data());
            try (OutputStream os = Files.newOutputStream(dir.resolve(ev + ".zip")); ZipOutputStream zip = new ZipOutputStream(os)) {
                for (Txtar.File tf : a.files()) {
                    if (tf.name().equals(".info") || tf.name().equals(".mod")) continue;
                    String entry = tf.name().startsWith("/") ? tf.name().substring(1) : mv.path() + "@" + mv.version() + "/" + tf.name();
                    zip.putNextEntry(new ZipEntry(entry));
                    zip.write(tf.data());
                    zip.closeEntry();
                }
            }
            if (!PseudoVersion.isPseudo(mv.version())) lists.computeIfAbsent(mv.path(), k -> new ArrayList<>()).add(mv.version());
            out.add(mv);
        }
        for (var e : lists.entrySet()) {
            List<String> vs = new ArrayList<>(e.getValue());
            Semver.sort(vs);
            Files.writeString(moduleDir(root, e.getKey()).resolve("@v").resolve("list"), String.join("\n", vs) + "\n", StandardCharsets.UTF_8);
        }
        return new GoproxyTree(root, List.copyOf(out));
    }

    /** Every module version with a .mod file in a GOPROXY tree on disk, sorted by path then version. */
    public static List<ModuleVersion> scan(Path root) throws IOException {
        List<ModuleVersion> out = new ArrayList<>();
        try (var s = Files.walk(root)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".mod") && f.getParent().getFileName().toString().equals("@v")).toList()) {
                String dir = root.relativize(p.getParent().getParent()).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                out.add(new ModuleVersion(CaseEncoding.unescapePath(dir), CaseEncoding.unescapeVersion(name.substring(0, name.length() - 4))));
            }
        }
        out.sort((a, b) -> a.path().equals(b.path()) ? Semver.compare(a.version(), b.version()) : a.path().compareTo(b.path()));
        return out;
    }

    /** The file of a module version in a GOPROXY tree: ext is "info", "mod" or "zip". */
    public static Path file(Path root, String modulePath, String version, String ext) {
        return moduleDir(root, modulePath).resolve("@v").resolve(CaseEncoding.escapeVersion(version) + "." + ext);
    }

    public static Path moduleDir(Path root, String modulePath) {
        Path p = root;
        for (String el : CaseEncoding.escapePath(modulePath).split("/")) p = p.resolve(el);
        return p;
    }
}
