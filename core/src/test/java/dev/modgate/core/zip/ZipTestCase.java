package dev.modgate.core.zip;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.txtar.Txtar;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One txtar test of golang.org/x/mod/zip's testdata, read as zip_test.go's readTest does: comment lines are
 * {@code key=value} ({@code #} starts a comment) with keys path, version, wantErr and hash.
 */
record ZipTestCase(String name, String path, String version, String wantErr, String hash, Txtar archive) {

    ModuleVersion module() {
        return new ModuleVersion(path, version);
    }

    /** The archive's files without the "want" file, and that file's text (check_* tests), or null. */
    List<Txtar.File> files() {
        return archive.files().stream().filter(f -> !f.name().equals("want")).toList();
    }

    String want() {
        return archive.file("want").map(Txtar.File::text).orElse(null);
    }

    static ZipTestCase read(Path file) throws IOException {
        Txtar a = Txtar.parse(file);
        String path = "", version = "", wantErr = "", hash = "";
        String[] lines = a.commentText().split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hashMark = line.indexOf('#');
            if (hashMark >= 0) line = line.substring(0, hashMark);
            line = line.strip();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new IOException(file + ":" + (n + 1) + ": missing = separator");
            String key = line.substring(0, eq).strip(), value = line.substring(eq + 1).strip();
            switch (key) {
                case "path" -> path = value;
                case "version" -> version = value;
                case "wantErr" -> wantErr = value;
                case "hash" -> hash = value;
                default -> throw new IOException(file + ":" + (n + 1) + ": unknown key " + key);
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
        return new ZipTestCase(name, path, version, wantErr, hash, a);
    }

    /** The test files of one testdata directory, e.g. "create", in name order. */
    static List<Path> files(String dir) {
        try {
            Path root = Path.of(ZipTestCase.class.getResource("/vectors/zip/" + dir).toURI());
            try (Stream<Path> s = Files.list(root)) {
                List<Path> out = new ArrayList<>(s.filter(p -> p.toString().endsWith(".txt")).sorted().toList());
                if (out.isEmpty()) throw new IllegalStateException("no vectors in " + root);
                return out;
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files as in-memory module files (zip_test.go's fakeFile). */
    static List<ModuleFile> moduleFiles(List<Txtar.File> files) {
        return files.stream().map(f -> ModuleFile.of(f.name(), f.data())).toList();
    }

    /** extractTxtarToTempDir. */
    static void writeTree(List<Txtar.File> files, Path dir) throws IOException {
        for (Txtar.File f : files) {
            Path p = dir.resolve(f.name());
            Files.createDirectories(p.getParent());
            Files.write(p, f.data());
        }
    }

    /**
     * extractTxtarToTempZip: every file becomes an entry with exactly that name (a raw zip, not a module zip).
     * ZipOutputStream refuses duplicate names, which several tests need, so this uses the module zip writer.
     */
    static void writeZip(List<Txtar.File> files, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip)) {
            ZipWriter z = new ZipWriter(out);
            for (Txtar.File f : files) z.startEntry(f.name()).write(f.data());
            z.finish();
        }
    }

    /** formatCheckedFiles of zip_test.go. */
    static String format(CheckedFiles cf) {
        StringBuilder b = new StringBuilder("valid:\n");
        cf.valid().forEach(v -> b.append(v).append('\n'));
        b.append("\nomitted:\n");
        cf.omitted().forEach(e -> b.append(e).append('\n'));
        b.append("\ninvalid:\n");
        cf.invalid().forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }

    @Override public String toString() {
        return name;
    }
}
