package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.txtar.Txtar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random module universes and main modules, for comparing ModuleGraph with the go command beyond the
 * hand-written scenarios: go lines of 1.16, 1.17 or none (pruned and unpruned modules mixed, cycles
 * likely), a /v2 path, +incompatible versions, excluded versions, replacements by another version, by
 * a fork and by a directory, duplicate require lines, dependencies on the main module's own path, and
 * workspaces. What the generator avoids is what makes the go command fail: replacing one module version
 * two ways, and excluding a version the main module requires (`go mod download` reports that path as an
 * error once nothing else requires it).
 */
final class RandomScenarios {
    private static final List<String> PATHS = List.of("example.com/r0", "example.com/r1", "example.com/r2", "example.com/r3",
            "example.com/r4", "example.com/r1/v2", "example.com/inc", "example.com/main");

    private RandomScenarios() {}

    private static List<String> versionsOf(String path) {
        return switch (path) {
            case "example.com/r1/v2" -> List.of("v2.0.0", "v2.1.0");
            case "example.com/inc" -> List.of("v2.0.0+incompatible", "v3.0.0+incompatible");
            case "example.com/main" -> List.of("v1.0.0");
            default -> List.of("v1.0.0", "v1.1.0", "v1.2.0");
        };
    }

    static GraphScenario generate(long seed) {
        Random rnd = new Random(seed);
        List<ModuleVersion> universe = new ArrayList<>();
        for (String p : PATHS) {
            versionsOf(p).forEach(v -> universe.add(new ModuleVersion(p, v)));
        }
        Map<ModuleVersion, byte[]> modules = new LinkedHashMap<>();
        for (ModuleVersion m : universe) {
            if (m.path().equals("example.com/inc")) {
                modules.put(m, bytes("module example.com/inc\n")); // what a proxy synthesizes
            } else {
                modules.put(m, bytes(goMod(rnd, m.path(), universe, m)));
            }
        }
        // Forks that replacements may point to; they declare their own path.
        List<ModuleVersion> forks = List.of(new ModuleVersion("fork.example/f0", "v0.1.0"), new ModuleVersion("fork.example/f1", "v0.2.0"));
        for (ModuleVersion f : forks) {
            modules.put(f, bytes(goMod(rnd, f.path(), universe, null)));
        }

        boolean workspace = rnd.nextInt(4) == 0;
        Map<String, byte[]> dirs = new LinkedHashMap<>();
        StringBuilder comment = new StringBuilder("random scenario, seed " + seed);
        Set<ModuleVersion> excluded = new HashSet<>();
        String replaces = replaces(rnd, universe, forks, dirs);
        if (workspace) {
            // The replacements go either into go.work or into the first workspace module's go.mod,
            // where a directory is relative to that module.
            boolean inWorkFile = rnd.nextBoolean();
            if (!inWorkFile) {
                Map<String, byte[]> moved = new LinkedHashMap<>();
                dirs.forEach((d, data) -> moved.put("w0/" + d, data));
                dirs.clear();
                dirs.putAll(moved);
            }
            StringBuilder work = new StringBuilder("go 1.18\n\nuse (\n");
            int n = 1 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                work.append("\t./w").append(i).append('\n');
                String own = i == 0 && !inWorkFile ? replaces : "";
                dirs.put("w" + i, bytes(mainGoMod(rnd, "example.com/w" + i, universe, excluded, own)));
            }
            work.append(")\n").append(inWorkFile ? replaces : "");
            return new GraphScenario("random-" + seed, comment.toString(), null, bytes(work.toString()), dirs, modules, Map.of());
        }
        return new GraphScenario("random-" + seed, comment.toString(), bytes(mainGoMod(rnd, "example.com/main", universe, excluded, replaces)),
                null, dirs, modules, Map.of());
    }

    private static String goMod(Random rnd, String path, List<ModuleVersion> universe, ModuleVersion self) {
        StringBuilder b = new StringBuilder("module " + path + "\n");
        b.append(switch (rnd.nextInt(3)) {
            case 0 -> "\ngo 1.16\n";
            case 1 -> "\ngo 1.17\n";
            default -> "";
        });
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            ModuleVersion r = universe.get(rnd.nextInt(universe.size()));
            if (self != null && r.path().equals(self.path())) {
                continue;
            }
            b.append("\nrequire ").append(r.path()).append(' ').append(r.version()).append('\n');
        }
        return b.toString();
    }

    private static String mainGoMod(Random rnd, String path, List<ModuleVersion> universe, Set<ModuleVersion> excluded, String replaces) {
        StringBuilder b = new StringBuilder("module " + path + "\n");
        b.append(switch (rnd.nextInt(5)) {
            case 0 -> "";
            case 1, 2 -> "\ngo 1.16\n";
            default -> "\ngo 1.17\n";
        });
        Set<ModuleVersion> required = new HashSet<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            ModuleVersion r = universe.get(rnd.nextInt(universe.size()));
            if (r.path().equals(path)) {
                continue;
            }
            required.add(r);
            b.append("\nrequire ").append(r.path()).append(' ').append(r.version()).append('\n');
        }
        int x = rnd.nextInt(3);
        for (int i = 0; i < x; i++) {
            ModuleVersion e = universe.get(rnd.nextInt(universe.size()));
            if (!required.contains(e) && excluded.add(e)) {
                b.append("\nexclude ").append(e.path()).append(' ').append(e.version()).append('\n');
            }
        }
        return b.append(replaces).toString();
    }

    private static String replaces(Random rnd, List<ModuleVersion> universe, List<ModuleVersion> forks, Map<String, byte[]> dirs) {
        StringBuilder b = new StringBuilder();
        Set<String> replacedPaths = new HashSet<>();
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            ModuleVersion old = universe.get(rnd.nextInt(universe.size()));
            if (old.path().equals("example.com/main") || !replacedPaths.add(old.path())) {
                continue; // one replacement per path keeps them from conflicting
            }
            boolean allVersions = rnd.nextBoolean();
            String from = allVersions ? old.path() : old.path() + " " + old.version();
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    List<String> vs = versionsOf(old.path());
                    b.append("\nreplace ").append(from).append(" => ").append(old.path()).append(' ')
                            .append(vs.get(rnd.nextInt(vs.size()))).append('\n');
                }
                case 1 -> {
                    ModuleVersion f = forks.get(rnd.nextInt(forks.size()));
                    b.append("\nreplace ").append(from).append(" => ").append(f.path()).append(' ').append(f.version()).append('\n');
                }
                default -> {
                    String dir = "local/l" + i;
                    dirs.put(dir, bytes(goMod(rnd, old.path(), universe, old)));
                    b.append("\nreplace ").append(from).append(" => ./").append(dir).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The scenario as a txtar archive, to reproduce a failure as a file in src/test/resources/modgraph. */
    static String txtar(GraphScenario s) {
        List<Txtar.File> files = new ArrayList<>();
        if (s.goMod() != null) {
            files.add(new Txtar.File("go.mod", s.goMod()));
        }
        if (s.goWork() != null) {
            files.add(new Txtar.File("go.work", s.goWork()));
        }
        s.dirs().forEach((d, data) -> files.add(new Txtar.File(d + "/go.mod", data)));
        s.modules().forEach((m, data) -> files.add(new Txtar.File(m.path() + "@" + m.version(), data)));
        return new String(new Txtar(bytes(s.comment() + "\n"), files).format(), StandardCharsets.UTF_8);
    }
}
