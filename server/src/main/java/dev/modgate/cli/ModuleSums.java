package dev.modgate.cli;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.dirhash.GoSum;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.core.zip.ZipEntryInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** What {@code modgate zip} and {@code modgate sum} share: zipping a directory and the go.sum lines of a zip. */
final class ModuleSums {
    private ModuleSums() {}

    /**
     * The default zip name: the case-encoded module path with "/" as "_" (as cmd/go's test proxy names its
     * archives), "@", the version, ".zip". Only a name for people: sum reads the module from the entries.
     */
    static String defaultZipName(ModuleVersion mv) {
        return CaseEncoding.escapePath(mv.path()).replace('/', '_') + "@" + CaseEncoding.escapeVersion(mv.version()) + ".zip";
    }

    /**
     * Writes the module zip of dir (CreateFromDir's file selection) to zipFile, replacing it only once complete.
     * zipFile itself is left out when it lies inside dir, so zipping twice into the module's own directory does
     * not put the first zip into the second.
     */
    static void zipDir(ModuleVersion mv, Path dir, Path zipFile) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory");
        Path parent = zipFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) throw new IOException("cannot write " + zipFile + ": " + parent + " is not a directory");
        if (Files.isDirectory(zipFile)) throw new IOException("cannot write " + zipFile + ": it is a directory");
        String self = relativeSlashPath(dir.toRealPath(), parent.toRealPath().resolve(zipFile.getFileName()));
        List<ModuleFile> files = ModuleZip.listDir(dir).stream().filter(f -> !f.path().equals(self)).toList();
        Path tmp = Files.createTempFile(parent, "." + zipFile.getFileName(), ".tmp");
        try {
            ModuleZip.create(mv, files, tmp);
            Files.move(tmp, zipFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String relativeSlashPath(Path dir, Path file) {
        return file.startsWith(dir) ? dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/") : null;
    }

    /** The module version a zip is for, read from the "path@version/" prefix of its first entry. */
    static ModuleVersion moduleOf(Path zipFile) throws IOException {
        String first;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            if (!en.hasMoreElements()) throw new IOException("empty zip: give --module and --version to say which module it is");
            first = en.nextElement().getName();
        } catch (ZipException e) {
            throw new IOException("zip: not a valid zip file", e);
        }
        // Module paths contain no "@" and versions no "/", so the first of each delimits the prefix.
        int at = first.indexOf('@');
        int slash = at < 0 ? -1 : first.indexOf('/', at);
        if (at <= 0 || slash < 0) {
            throw new IOException("first entry \"" + first + "\" is not below a module@version/ directory (give --module and --version)");
        }
        return new ModuleVersion(first.substring(0, at), first.substring(at + 1, slash));
    }

    /**
     * The go.sum lines of a module zip, after checking it is one for mv (CheckZip) and that every entry's content
     * matches its declared size and CRC (hashing streams each entry and stops at its declared size).
     */
    static List<GoSum.Line> ofZip(ModuleVersion mv, Path zipFile) throws IOException {
        ModuleZip.checkZip(mv, zipFile);
        String h1 = DirHash.hashZip(zipFile);
        return List.of(GoSum.Line.zip(mv, h1), GoSum.Line.goMod(mv, DirHash.hashGoMod(goMod(mv, zipFile))));
    }

    /** The zip's go.mod, which is what a proxy serves as .mod, or the one the go command makes up when there is none. */
    private static byte[] goMod(ModuleVersion mv, Path zipFile) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            ZipEntry e = zip.getEntry(mv.path() + "@" + mv.version() + "/go.mod");
            // getEntry also finds "go.mod/", a directory.
            if (e == null || e.isDirectory()) return ModFile.legacyGoMod(mv.path()).getBytes(StandardCharsets.UTF_8);
            // CheckZip has held its declared size to the go.mod limit; ZipEntryInput holds the content to that.
            try (InputStream in = ZipEntryInput.open(zip, e)) {
                return in.readAllBytes();
            }
        }
    }
}
