package dev.modgate.bench;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates the benchmark data: a static GOPROXY tree (served by nginx as is, and hard-linked as modgate's data
 * directory), the request path lists the load generators cycle through, a 300-module dependency graph with its main
 * module for the real go command, and a go.sum-style manifest of every zip and go.mod.
 *
 * <pre>
 * OUT/tree/bench.example/small/sNNNN      many small modules (.info/.mod/.zip, list)
 * OUT/tree/bench.example/mb1/bNN          1 MB zips (incompressible, stored)
 * OUT/tree/bench.example/mb100/hNN        100 MB zips, each distinct (an id file) around a shared random blob
 * OUT/tree/bench.example/cold/cNN         modules for the cold-fetch test (~100 KB zips)
 * OUT/tree/bench.example/graph/gNNN       the dependency graph: v1.0.0 and v1.1.0, each requiring up to 3 later modules
 * OUT/graph-main/                         main module requiring all graph modules at v1.1.0, with go.sum
 * OUT/tree/bench.example/warmgraph/gNNN   a second graph of the same shape, to warm a fresh JVM's fetch path on
 * OUT/warmgraph-main/                     before a cache-cold measurement of the first
 * OUT/paths/*.txt                         request paths, one per line
 * OUT/sums.txt                            go.sum lines of everything above except the 1 MB / 100 MB zips
 * </pre>
 *
 * Deterministic: the same arguments give the same bytes.
 */
public final class GenTree {
    private static final String TIME = "2024-01-02T03:04:05Z";

    private final Path out;
    private final Path tree;
    private final SplittableRandom random = new SplittableRandom(42);
    private final List<String> sums = new ArrayList<>();

    private GenTree(Path out) {
        this.out = out;
        this.tree = out.resolve("tree");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenTree OUT [small=1000] [mb1=64] [mb100=64] [mb100size=100] [graph=300] [cold=64]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int small = arg(args, 1, 1000), mb1 = arg(args, 2, 64), mb100 = arg(args, 3, 64), bigMb = arg(args, 4, 100),
                graph = arg(args, 5, 300), cold = arg(args, 6, 64);
        GenTree g = new GenTree(out);
        Files.createDirectories(out.resolve("paths"));
        long t0 = System.nanoTime();
        g.small(small);
        g.blobs("mb1", "b", mb1, 1 << 20, false);
        g.blobs("mb100", "h", mb100, bigMb << 20, true);
        g.cold(cold);
        g.graph(graph, "graph");
        g.graph(graph, "warmgraph");
        Files.write(out.resolve("sums.txt"), g.sums, StandardCharsets.UTF_8);
        System.err.printf("generated %s in %.1fs%n", out, (System.nanoTime() - t0) / 1e9);
    }

    private static int arg(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i]) : dflt;
    }

    // ------------------------------------------------------------------ module kinds

    private void small(int n) throws IOException {
        List<String> infoMod = new ArrayList<>(), lists = new ArrayList<>(), zips = new ArrayList<>(), mods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = String.format("bench.example/small/s%04d", i);
            String v = "v1.0.0";
            byte[] mod = ("module " + path + "\n\ngo 1.17\n").getBytes(StandardCharsets.UTF_8);
            module(path, v, mod, List.of(
                    ModuleFile.of("go.mod", mod),
                    ModuleFile.of("s.go", ("package s\n\n// Small module " + i + ".\nconst N = " + i + "\n").getBytes(StandardCharsets.UTF_8))));
            writeList(path, List.of(v));
            infoMod.add(url(path, v, "info"));
            infoMod.add(url(path, v, "mod"));
            lists.add("/" + CaseEncoding.escapePath(path) + "/@v/list");
            zips.add(url(path, v, "zip"));
            mods.add(path + " " + v);
        }
        paths("small-modules", mods);
        paths("small-info-mod", infoMod);
        paths("small-list", lists);
        paths("small-zip", zips);
    }

    /** Modules whose zip is go.mod, an id file and one big stored (incompressible) file. */
    private void blobs(String group, String prefix, int n, int size, boolean sharedBlob) throws IOException {
        List<String> zips = new ArrayList<>();
        byte[] blob = sharedBlob ? randomBytes(size) : null;
        CRC32 sharedCrc = null;
        if (sharedBlob) {
            sharedCrc = new CRC32();
            sharedCrc.update(blob);
        }
        for (int i = 0; i < n; i++) {
            String path = String.format("bench.example/%s/%s%02d", group, prefix, i);
            String v = "v1.0.0";
            byte[] mod = ("module " + path + "\n\ngo 1.17\n").getBytes(StandardCharsets.UTF_8);
            Path dir = versionDir(path);
            Files.write(dir.resolve(v + ".info"), info(v));
            Files.write(dir.resolve(v + ".mod"), mod);
            writeList(path, List.of(v));
            byte[] data = sharedBlob ? blob : randomBytes(size);
            CRC32 crc = sharedCrc;
            if (crc == null) {
                crc = new CRC32();
                crc.update(data);
            }
            String pre = path + "@" + v + "/";
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve(v + ".zip")), 1 << 20);
                 ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry(pre + "go.mod"));
                zip.write(mod);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(pre + "id.txt"));
                zip.write((path + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                ZipEntry e = new ZipEntry(pre + "data.bin");
                e.setMethod(ZipEntry.STORED);
                e.setSize(data.length);
                e.setCompressedSize(data.length);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
            }
            zips.add(url(path, v, "zip"));
        }
        paths(group + "-zip", zips);
    }

    private void cold(int n) throws IOException {
        List<String> mods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = String.format("bench.example/cold/c%02d", i);
            String v = "v1.0.0";
            byte[] mod = ("module " + path + "\n\ngo 1.17\n").getBytes(StandardCharsets.UTF_8);
            module(path, v, mod, List.of(
                    ModuleFile.of("go.mod", mod),
                    ModuleFile.of("c.go", goSource("c", 100 << 10)),
                    ModuleFile.of("LICENSE", "Public domain benchmark data.\n".getBytes(StandardCharsets.UTF_8))));
            writeList(path, List.of(v));
            mods.add(path + " " + v);
        }
        paths("cold-modules", mods);
    }

    /**
     * n modules, two versions each. gI@v1.x requires up to three gJ (J > I) at v1.0.0, so the go command reads
     * go.mod files of versions it does not select, as in real graphs; the main module requires every gI at v1.1.0.
     */
    private void graph(int n, String name) throws IOException {
        List<List<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> d = new TreeSet<>();
            int k = i + 1 < n ? random.nextInt(4) : 0;
            for (int j = 0; j < k; j++) d.add(i + 1 + random.nextInt(n - i - 1));
            deps.add(List.copyOf(d));
        }
        StringBuilder mainMod = new StringBuilder("module bench.example/" + name + "main\n\ngo 1.17\n\nrequire (\n");
        List<String> mainSums = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = gname(name, i);
            int size = (4 << 10) + random.nextInt(60 << 10);
            for (String v : List.of("v1.0.0", "v1.1.0")) {
                // Half the graph predates module graph pruning (go 1.16): the go command then also reads the go.mod
                // of every version they require, as it does in real graphs.
                StringBuilder mod = new StringBuilder("module " + path + "\n\ngo " + (i % 2 == 0 ? "1.16" : "1.17") + "\n");
                if (!deps.get(i).isEmpty()) {
                    mod.append("\nrequire (\n");
                    for (int j : deps.get(i)) mod.append('\t').append(gname(name, j)).append(" v1.0.0\n");
                    mod.append(")\n");
                }
                byte[] modBytes = mod.toString().getBytes(StandardCharsets.UTF_8);
                String pkg = String.format("g%03d", i);
                String[] lines = module(path, v, modBytes, List.of(
                        ModuleFile.of("go.mod", modBytes),
                        ModuleFile.of(pkg + ".go", goSource(pkg, size)),
                        ModuleFile.of("LICENSE", "Public domain benchmark data.\n".getBytes(StandardCharsets.UTF_8))));
                mainSums.add(lines[1]);
                if (v.equals("v1.1.0")) mainSums.add(lines[0]);
            }
            writeList(path, List.of("v1.0.0", "v1.1.0"));
            mainMod.append('\t').append(path).append(" v1.1.0\n");
        }
        mainMod.append(")\n");
        Path main = out.resolve(name + "-main");
        Files.createDirectories(main);
        Files.writeString(main.resolve("go.mod"), mainMod);
        mainSums.sort(null);
        Files.write(main.resolve("go.sum"), mainSums, StandardCharsets.UTF_8);
        Files.writeString(main.resolve("main.go"), "package main\n\nfunc main() {}\n");
    }

    private static String gname(String name, int i) {
        return String.format("bench.example/%s/g%03d", name, i);
    }

    // ------------------------------------------------------------------ writing

    /** Writes .info, .mod and the zip; returns the go.sum lines {zip, go.mod}. */
    private String[] module(String path, String v, byte[] mod, List<ModuleFile> files) throws IOException {
        Path dir = versionDir(path);
        String ev = CaseEncoding.escapeVersion(v);
        Files.write(dir.resolve(ev + ".info"), info(v));
        Files.write(dir.resolve(ev + ".mod"), mod);
        Path zip = dir.resolve(ev + ".zip");
        ModuleZip.create(new ModuleVersion(path, v), files, zip);
        String[] lines = {
            path + " " + v + " " + DirHash.hashZip(zip),
            path + " " + v + "/go.mod " + DirHash.hashGoMod(mod)};
        sums.add(lines[0]);
        sums.add(lines[1]);
        return lines;
    }

    private Path versionDir(String path) throws IOException {
        Path d = tree;
        for (String el : CaseEncoding.escapePath(path).split("/")) d = d.resolve(el);
        return Files.createDirectories(d.resolve("@v"));
    }

    private void writeList(String path, List<String> versions) throws IOException {
        Files.writeString(versionDir(path).resolve("list"), String.join("\n", versions) + "\n");
    }

    private static byte[] info(String v) {
        return ("{\"Version\":\"" + v + "\",\"Time\":\"" + TIME + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String url(String path, String v, String ext) {
        return "/" + CaseEncoding.escapePath(path) + "/@v/" + CaseEncoding.escapeVersion(v) + "." + ext;
    }

    private void paths(String name, List<String> lines) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("paths").resolve(name + ".txt")))) {
            for (String l : lines) w.println(l);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i += 8) {
            long r = random.nextLong();
            for (int k = 0; k < 8 && i + k < n; k++) b[i + k] = (byte) (r >>> (8 * k));
        }
        return b;
    }

    private static final String[] WORDS = {"module", "version", "proxy", "zip", "hash", "graph", "build", "cache", "fetch",
        "verify", "server", "client", "request", "stream", "buffer", "latency", "throughput", "checksum", "tree", "path"};

    /** A Go source file of about n bytes: a package clause and comment text that compresses like source code. */
    private byte[] goSource(String pkg, int n) {
        StringBuilder b = new StringBuilder("package " + pkg + "\n\n");
        while (b.length() < n) {
            b.append("// ");
            for (int w = 0; w < 10; w++) b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            b.append('\n');
            if (random.nextInt(8) == 0) b.append("var V").append(b.length()).append(" = ").append(random.nextInt()).append("\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
