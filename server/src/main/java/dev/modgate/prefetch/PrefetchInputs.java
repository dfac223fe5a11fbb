package dev.modgate.prefetch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user named on the command line, sorted by kind: go.mod files (each a main module), go.work files
 * (workspaces), go.sum files, and module@version queries. Directories are searched for the three file kinds,
 * skipping vendor, testdata and hidden directories as the go command skips them.
 */
public record PrefetchInputs(List<Path> goMods, List<Path> goWorks, List<Path> goSums, List<String> queries) {

    public static PrefetchInputs of(List<String> args) throws IOException {
        List<Path> mods = new ArrayList<>(), works = new ArrayList<>(), sums = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                scan(p, mods, works, sums);
            } else if (Files.isRegularFile(p)) {
                String name = p.getFileName().toString();
                if (name.equals("go.work")) works.add(p);
                else if (name.equals("go.sum") || name.endsWith(".sum")) sums.add(p);
                else if (name.equals("go.mod") || name.endsWith(".mod")) mods.add(p);
                else throw new IllegalArgumentException(a + ": not a go.mod, go.work or go.sum file");
            } else if (a.indexOf('@') > 0) {
                queries.add(a);
            } else {
                throw new IllegalArgumentException(a + ": no such file or directory, and not a module@version");
            }
        }
        return new PrefetchInputs(mods, works, sums, queries);
    }

    private static void scan(Path root, List<Path> mods, List<Path> works, List<Path> sums) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (n.equals("vendor") || n.equals("testdata") || n.startsWith(".") || n.startsWith("_"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                switch (file.getFileName().toString()) {
                    case "go.mod" -> mods.add(file);
                    case "go.work" -> works.add(file);
                    case "go.sum" -> sums.add(file);
                    default -> { }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public boolean isEmpty() {
        return goMods.isEmpty() && goWorks.isEmpty() && goSums.isEmpty() && queries.isEmpty();
    }
}
