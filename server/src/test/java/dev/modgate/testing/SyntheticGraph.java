package dev.modgate.testing;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic dependency graph as a static GOPROXY tree, and a project that depends on it: 30 libraries in two
 * versions each requiring a few others (some at go 1.16, unpruned; some at go 1.17+, pruned), a module in three
 * major versions, a fork that the project uses through a replace directive, and an excluded version.
 */
public final class SyntheticGraph {
    public static final int LIBS = 30;
    private final Map<ModuleVersion, String> goMods = new LinkedHashMap<>();

    /** Writes the tree under root and the project (go.mod, main.go) under project. */
    public static void write(Path root, Path project) throws IOException {
        new SyntheticGraph().build(root, project);
    }

    private void build(Path root, Path project) throws IOException {
        Random r = new Random(42);
        for (int i = 0; i < LIBS; i++) {
            for (String v : List.of("v1.0.0", "v1.1.0")) {
                StringBuilder mod = new StringBuilder("module example.com/lib" + i + "\n\ngo " + (i % 2 == 0 ? "1.16" : "1.17") + "\n");
                List<String> reqs = new ArrayList<>();
                for (int k = 0; k < 3 && i + 1 < LIBS; k++) {
                    int j = i + 1 + r.nextInt(Math.min(6, LIBS - i - 1));
                    String dep = "example.com/lib" + j + " " + (r.nextBoolean() ? "v1.0.0" : "v1.1.0");
                    if (reqs.stream().noneMatch(x -> x.startsWith("example.com/lib" + j + " "))) reqs.add(dep);
                }
                if (i == 3) reqs.add("example.com/big/v2 v2.0.0");
                if (i == 4 && v.equals("v1.1.0")) reqs.add("example.com/lib7 v1.1.0");
                if (!reqs.isEmpty()) mod.append("\nrequire (\n").append(reqs.stream().map(x -> "\t" + x + "\n").reduce("", String::concat)).append(")\n");
                module(root, "example.com/lib" + i, v, mod.toString());
            }
        }
        module(root, "example.com/big", "v1.0.0", "module example.com/big\n\ngo 1.17\n");
        module(root, "example.com/big/v2", "v2.0.0", "module example.com/big/v2\n\ngo 1.17\n");
        module(root, "example.com/big/v3", "v3.1.0", "module example.com/big/v3\n\ngo 1.17\n\nrequire example.com/lib29 v1.0.0\n");
        // A fork that declares the original path, as forks used through replace directives do.
        module(root, "example.com/fork5", "v1.0.0", "module example.com/lib5\n\ngo 1.17\n");
        writeLists(root);

        Files.createDirectories(project);
        Files.writeString(project.resolve("go.mod"), """
                module example.com/app

                go 1.19

                require (
                \texample.com/big v1.0.0
                \texample.com/big/v3 v3.1.0
                \texample.com/lib0 v1.1.0
                \texample.com/lib1 v1.0.0
                \texample.com/lib2 v1.1.0
                \texample.com/lib4 v1.1.0
                \texample.com/lib5 v1.1.0
                \texample.com/lib10 v1.1.0
                )

                replace example.com/lib5 v1.1.0 => example.com/fork5 v1.0.0

                exclude example.com/lib7 v1.1.0
                """);
        Files.writeString(project.resolve("main.go"), """
                package main

                import (
                \t"fmt"

                \t"example.com/big"
                \tbig3 "example.com/big/v3"
                \t"example.com/lib0"
                \t"example.com/lib5"
                )

                func main() { fmt.Println(big.Name, big3.Name, lib0.Name, lib5.Name) }
                """);
    }

    private void module(Path root, String path, String version, String goMod) throws IOException {
        ModuleVersion mv = new ModuleVersion(path, version);
        goMods.put(mv, goMod);
        Path dir = GoproxyTree.moduleDir(root, path).resolve("@v");
        Files.createDirectories(dir);
        String ev = CaseEncoding.escapeVersion(version);
        Files.writeString(dir.resolve(ev + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        Files.writeString(dir.resolve(ev + ".mod"), goMod);
        String pkg = path.substring(path.lastIndexOf('/') + 1).replaceAll("^v[0-9]+$", "big").replace("fork5", "lib5");
        String src = "package " + pkg + "\n\nconst Name = \"" + path + "@" + version + "\"\n";
        ModuleZip.create(mv, List.of(
                ModuleFile.of("go.mod", goMod.getBytes(StandardCharsets.UTF_8)),
                ModuleFile.of(pkg + ".go", src.getBytes(StandardCharsets.UTF_8))), dir.resolve(ev + ".zip"));
    }

    private void writeLists(Path root) throws IOException {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (ModuleVersion mv : goMods.keySet()) lists.computeIfAbsent(mv.path(), k -> new ArrayList<>()).add(mv.version());
        for (var e : lists.entrySet()) {
            List<String> vs = new ArrayList<>(e.getValue());
            Semver.sort(vs);
            Files.writeString(GoproxyTree.moduleDir(root, e.getKey()).resolve("@v").resolve("list"), String.join("\n", vs) + "\n");
        }
    }
}
