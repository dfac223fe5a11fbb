package dev.modgate.core.zip;

import static dev.modgate.core.text.GoStrings.quote;

import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleRuleException;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.text.GoStrings;
import dev.modgate.core.text.SlashPath;
import dev.modgate.core.zip.CheckedFiles.FileError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Module zip files exactly as golang.org/x/mod/zip makes and checks them. Entry names are
 * {@code <module>@<version>/<file>}; which files a module zip holds, and which trees or zips are refused, follows
 * zip.go rule for rule (including the go 1.24 vendor rule), with Go's error texts. Rule violations throw
 * {@link ZipCheckException}; other IOExceptions are I/O failures. Zips are streamed, never held in memory.
 */
public final class ModuleZip {
    private ModuleZip() {}

    /** Largest module zip file, and largest total uncompressed size of its files. */
    public static final long MAX_ZIP_FILE = 500L << 20;
    /** Largest go.mod file at the module root. */
    public static final long MAX_GO_MOD = 16L << 20;
    /** Largest LICENSE file at the module root. */
    public static final long MAX_LICENSE = 16L << 20;

    private static final String ERR_NOT_CLEAN = "file path is not clean";
    private static final String ERR_NOT_RELATIVE = "file path is not relative";
    private static final String ERR_GO_MOD_CASE = "go.mod files must have lowercase names";
    private static final String ERR_GO_MOD_SIZE = "go.mod file too large (max size is " + MAX_GO_MOD + " bytes)";
    private static final String ERR_LICENSE_SIZE = "LICENSE file too large (max size is " + MAX_LICENSE + " bytes)";
    private static final String ERR_VCS = "directory is a version control repository";
    private static final String ERR_VENDORED = "file is in vendor directory";
    private static final String ERR_SUBMODULE_FILE = "file is in another module";
    private static final String ERR_SUBMODULE_DIR = "directory is in another module";
    private static final String ERR_HG_ARCHIVAL = "file is inserted by 'hg archive' and is always omitted";
    private static final String ERR_SYMLINK = "file is a symbolic link";
    private static final String ERR_NOT_REGULAR = "not a regular file";

    // ---------------------------------------------------------------------------------------------------------
    // Checking file lists and directories

    /**
     * CheckFiles: sorts files into valid, omitted and invalid without opening them (except a root go.mod, whose
     * go directive decides the vendor rule).
     *
     * @throws ZipCheckException when the files do not make a valid module zip; its checkedFiles() has the report
     */
    public static CheckedFiles checkFiles(List<? extends ModuleFile> files) throws ZipCheckException {
        CheckedFiles cf = check(files).report;
        throwIfInvalid(cf);
        return cf;
    }

    /**
     * CheckDir: like {@link #checkFiles} for the tree createFromDir would zip. Paths in the report are file system
     * paths under dir; directories skipped as a whole (nested modules, VCS metadata) are listed once, after the
     * files checkFiles omitted.
     */
    public static CheckedFiles checkDir(Path dir) throws IOException {
        DirListing listing = listing(dir);
        CheckedFiles cf = check(listing.files).report;
        List<FileError> omitted = new ArrayList<>(cf.omitted());
        omitted.addAll(listing.omitted);
        CheckedFiles report = new CheckedFiles(
                cf.valid().stream().map(p -> inDir(dir, p)).toList(),
                omitted.stream().map(e -> new FileError(inDir(dir, e.path()), e.error())).toList(),
                cf.invalid().stream().map(e -> new FileError(inDir(dir, e.path()), e.error())).toList(),
                cf.sizeError());
        throwIfInvalid(report);
        return report;
    }

    private static String inDir(Path dir, String slashPath) {
        return dir.resolve(slashPath).normalize().toString();
    }

    private static void throwIfInvalid(CheckedFiles cf) throws ZipCheckException {
        var error = cf.error();
        if (error.isPresent()) throw new ZipCheckException(error.get(), cf);
    }

    /** checkFiles' report plus the valid files themselves, which create() copies. */
    private record Checked(CheckedFiles report, List<ModuleFile> validFiles) {}

    /** Omitted and invalid files; each path is reported once, under its first error (a third copy adds nothing). */
    private static final class Report {
        final List<FileError> omitted = new ArrayList<>();
        final List<FileError> invalid = new ArrayList<>();
        private final Set<String> reported = new HashSet<>();

        void add(String path, boolean omit, String error) {
            if (reported.add(path)) (omit ? omitted : invalid).add(new FileError(path, error));
        }
    }

    private static Checked check(List<? extends ModuleFile> files) {
        List<String> valid = new ArrayList<>();
        List<ModuleFile> validFiles = new ArrayList<>();
        Report report = new Report();

        // Directories holding a go.mod (any case) are other modules; the root go.mod's go directive picks the
        // vendor rule.
        Set<String> haveGoMod = new HashSet<>();
        boolean go124 = false;
        for (ModuleFile f : files) {
            String p = f.path();
            String dir = SlashPath.splitDir(p), base = SlashPath.splitFile(p);
            if (!GoStrings.toFold(base).equals("go.mod") || f.type() != ModuleFile.Type.REGULAR) continue;
            haveGoMod.add(dir);
            if (base.equals("go.mod") && dir.isEmpty()) {
                byte[] data = readGoMod(f::open);
                if (data != null) go124 = GoDirective.atLeastGo124(data);
            }
        }

        CollisionChecker collisions = new CollisionChecker();
        long budget = MAX_ZIP_FILE;
        String sizeError = null;
        for (ModuleFile f : files) {
            String p = f.path();
            if (!p.equals(SlashPath.clean(p))) {
                report.add(p, false, ERR_NOT_CLEAN);
                continue;
            }
            if (SlashPath.isAbs(p)) {
                report.add(p, false, ERR_NOT_RELATIVE);
                continue;
            }
            if (isVendoredPackage(p, go124)) {
                report.add(p, true, ERR_VENDORED);
                continue;
            }
            if (inSubmodule(p, haveGoMod)) {
                report.add(p, true, ERR_SUBMODULE_FILE);
                continue;
            }
            if (p.equals(".hg_archival.txt")) {
                // Inserted by hg archive; the go command drops it whatever the VCS.
                report.add(p, true, ERR_HG_ARCHIVAL);
                continue;
            }
            try {
                ModulePath.checkFilePath(p);
            } catch (ModuleRuleException e) {
                report.add(p, false, e.getMessage());
                continue;
            }
            if (p.toLowerCase(Locale.ROOT).equals("go.mod") && !p.equals("go.mod")) {
                report.add(p, false, ERR_GO_MOD_CASE);
                continue;
            }
            String collision = collisions.check(p, f.type() == ModuleFile.Type.DIRECTORY);
            if (collision != null) {
                report.add(p, false, collision);
                continue;
            }
            if (f.type() == ModuleFile.Type.SYMLINK) {
                report.add(p, true, ERR_SYMLINK); // golang.org/issue/27093
                continue;
            }
            if (f.type() != ModuleFile.Type.REGULAR) {
                report.add(p, true, ERR_NOT_REGULAR);
                continue;
            }
            long size = f.size();
            if (size >= 0 && size <= budget) {
                budget -= size;
            } else if (sizeError == null) {
                sizeError = "module source tree too large (max size is " + MAX_ZIP_FILE + " bytes)";
            }
            if (p.equals("go.mod") && size > MAX_GO_MOD) {
                report.add(p, false, ERR_GO_MOD_SIZE);
                continue;
            }
            if (p.equals("LICENSE") && size > MAX_LICENSE) {
                report.add(p, false, ERR_LICENSE_SIZE);
                continue;
            }
            valid.add(p);
            validFiles.add(f);
        }
        return new Checked(new CheckedFiles(valid, report.omitted, report.invalid, sizeError), validFiles);
    }

    /**
     * The root go.mod's bytes for reading its go directive, or null when unreadable. Go reads it whole whatever
     * its size; reading stops past MAX_GO_MOD here, since such a go.mod makes the module invalid anyway.
     */
    private static byte[] readGoMod(ModuleFile.Content content) {
        try (InputStream in = content.open()) {
            byte[] data = in.readNBytes((int) MAX_GO_MOD + 1);
            return data.length > MAX_GO_MOD ? null : data;
        } catch (IOException | RuntimeException e) {
            return null; // as in Go: an unreadable go.mod just has no go directive
        }
    }

    private static boolean inSubmodule(String p, Set<String> haveGoMod) {
        for (;;) {
            String dir = SlashPath.splitDir(p);
            if (dir.isEmpty()) return false;
            if (haveGoMod.contains(dir)) return true;
            p = dir.substring(0, dir.length() - 1);
        }
    }

    /**
     * isVendoredPackage: whether a file belongs to a vendored package, which module zips leave out. Files directly
     * in a vendor directory are kept (they are not a package path below it), except vendor/modules.txt from go
     * 1.24 on. Before go 1.24 the offset after a nested "/vendor/" was computed wrongly (golang.org/issue/37397),
     * dropping files like pkg/vendor/vendor.go; that stays for old modules so their checksums do not change.
     */
    static boolean isVendoredPackage(String name, boolean go124) {
        if (go124 && name.equals("vendor/modules.txt")) return true;
        int i;
        if (name.startsWith("vendor/")) {
            i = "vendor/".length();
        } else {
            int j = name.indexOf("/vendor/");
            if (j < 0) return false;
            i = go124 ? j + "/vendor/".length() : "/vendor/".length();
        }
        return name.indexOf('/', i) >= 0;
    }

    /**
     * collisionChecker: no two paths may be equal under case folding, no path may be both a file and a directory,
     * no file may appear twice. Every parent directory of a path counts as a directory entry.
     */
    private static final class CollisionChecker {
        private record Seen(String path, boolean isDir) {}

        private final Map<String, Seen> seen = new HashMap<>();

        /** The error for p, or null. */
        String check(String p, boolean isDir) {
            for (;;) {
                String fold = GoStrings.toFold(p);
                Seen other = seen.get(fold);
                if (other != null) {
                    if (!p.equals(other.path)) return "case-insensitive file name collision: " + quote(other.path) + " and " + quote(p);
                    if (isDir != other.isDir) return "entry " + quote(p) + " is both a file and a directory";
                    if (!isDir) return "multiple entries for file " + quote(p);
                    // The same directory again is fine: every file in it checks it.
                } else {
                    seen.put(fold, new Seen(p, isDir));
                }
                String parent = SlashPath.dir(p);
                if (parent.equals(".")) return null;
                p = parent;
                isDir = true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Directories

    /** The files createFromDir would consider, and the files and directories the walk itself skipped. */
    private record DirListing(List<ModuleFile> files, List<FileError> omitted) {}

    /**
     * The regular files of a module source directory, as createFromDir and checkDir see them (listFilesInDir):
     * a lexical walk that does not follow symbolic links, skipping VCS metadata directories, nested modules
     * and vendored packages, and omitting everything that is not a regular file.
     */
    public static List<ModuleFile> listDir(Path dir) throws IOException {
        return listing(dir).files;
    }

    private static DirListing listing(Path dir) throws IOException {
        // Like os.ReadFile, this follows a symbolic link; checkFiles reads the go.mod again, without following.
        byte[] goMod = readGoMod(() -> Files.newInputStream(dir.resolve("go.mod")));
        boolean go124 = goMod != null && GoDirective.atLeastGo124(goMod);
        List<ModuleFile> files = new ArrayList<>();
        List<FileError> omitted = new ArrayList<>();
        BasicFileAttributes rootAttrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        walk(dir, dir, ".", rootAttrs, go124, files, omitted);
        return new DirListing(files, omitted);
    }

    private static void walk(Path root, Path file, String slashPath, BasicFileAttributes attrs, boolean go124,
                             List<ModuleFile> files, List<FileError> omitted) throws IOException {
        boolean descend;
        if (isVendoredPackage(slashPath, go124)) {
            // Go's walk function returns nil here, so a vendored directory is still walked into.
            omitted.add(new FileError(slashPath, ERR_VENDORED));
            descend = attrs.isDirectory();
        } else if (attrs.isDirectory()) {
            descend = true;
            if (!file.equals(root)) {
                String name = file.getFileName().toString();
                if (name.equals(".bzr") || name.equals(".git") || name.equals(".hg") || name.equals(".svn")) {
                    // fossil repositories are regular files with arbitrary names, so they cannot be skipped.
                    omitted.add(new FileError(slashPath, ERR_VCS));
                    descend = false;
                } else if (isNonDirectory(file.resolve("go.mod"))) {
                    omitted.add(new FileError(slashPath, ERR_SUBMODULE_DIR));
                    descend = false;
                }
            }
        } else {
            if (attrs.isRegularFile()) {
                long size = attrs.size();
                files.add(ModuleFile.of(slashPath, size, () -> Files.newInputStream(file)));
            } else {
                omitted.add(new FileError(slashPath, ERR_NOT_REGULAR));
            }
            descend = false;
        }
        if (!descend) return;
        List<Path> children;
        try (Stream<Path> s = Files.list(file)) {
            children = new ArrayList<>(s.toList());
        }
        children.sort((a, b) -> GoStrings.compare(a.getFileName().toString(), b.getFileName().toString()));
        for (Path child : children) {
            String childSlash = slashPath.equals(".") ? child.getFileName().toString() : slashPath + "/" + child.getFileName();
            BasicFileAttributes childAttrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            walk(root, child, childSlash, childAttrs, go124, files, omitted);
        }
    }

    private static boolean isNonDirectory(Path p) {
        try {
            return !Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Creating

    /**
     * Create: writes the module zip of mv holding the valid files, in the order given, to out (which stays open).
     * Omitted files are left out silently; any invalid file, or a module path or version that is not valid and
     * canonical, fails before anything is written. A file whose content is larger than its declared size fails
     * mid-stream.
     */
    public static void create(ModuleVersion mv, List<? extends ModuleFile> files, OutputStream out) throws IOException {
        try {
            createUnwrapped(mv, files, out);
        } catch (ZipCheckException e) {
            throw new ZipCheckException("create zip: " + e.getMessage(), e.checkedFiles(), e);
        }
    }

    /** Create into a new file, which is deleted again if creating fails. */
    public static void create(ModuleVersion mv, List<? extends ModuleFile> files, Path zipFile) throws IOException {
        writeFile(zipFile, out -> create(mv, files, out));
    }

    /**
     * CreateFromDir: the module zip of the regular files below dir (see {@link #listDir}); symbolic links,
     * VCS directories, nested modules and vendored packages are left out.
     */
    public static void createFromDir(ModuleVersion mv, Path dir, OutputStream out) throws IOException {
        List<ModuleFile> files = listDir(dir);
        try {
            createUnwrapped(mv, files, out);
        } catch (ZipCheckException e) {
            throw new ZipCheckException("create zip " + dir + ": " + e.getMessage(), e.checkedFiles(), e);
        }
    }

    public static void createFromDir(ModuleVersion mv, Path dir, Path zipFile) throws IOException {
        writeFile(zipFile, out -> createFromDir(mv, dir, out));
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private static void writeFile(Path zipFile, Writing writing) throws IOException {
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(zipFile)) {
            writing.to(out);
            ok = true;
        } finally {
            if (!ok) Files.deleteIfExists(zipFile);
        }
    }

    private static void createUnwrapped(ModuleVersion mv, List<? extends ModuleFile> files, OutputStream out) throws IOException {
        checkModuleVersion(mv);
        Checked checked = check(files);
        throwIfInvalid(checked.report);
        ZipWriter zip = new ZipWriter(out);
        String prefix = mv.path() + "@" + mv.version() + "/";
        byte[] buf = new byte[64 * 1024];
        for (ModuleFile f : checked.validFiles) {
            long size = f.size();
            try (InputStream in = f.open()) {
                OutputStream entry = zip.startEntry(prefix + f.path());
                // Copy at most one byte more than declared: enough to notice the file lied about its size.
                long left = size + 1;
                for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
                    entry.write(buf, 0, n);
                }
                if (left <= 0) throw new ZipCheckException("file " + quote(f.path()) + " is larger than declared size");
            }
        }
        zip.finish();
    }

    /** The module path must be valid and the version valid, canonical and matching the path's major version. */
    private static void checkModuleVersion(ModuleVersion mv) throws ZipCheckException {
        String canonical = ModulePath.canonicalVersion(mv.version());
        if (!mv.version().equals(canonical)) {
            throw new ZipCheckException("version " + quote(mv.version()) + " is not canonical (should be " + quote(canonical) + ")");
        }
        try {
            ModulePath.check(mv.path(), mv.version());
        } catch (ModuleRuleException e) {
            throw new ZipCheckException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checking and extracting zips

    /**
     * CheckZip: whether zipFile is a valid module zip for mv, without reading any content. Entries are checked in
     * central directory order; the report lists full entry names.
     *
     * @throws ZipCheckException when it is not (including when it is not a zip at all); checkedFiles() has the report
     */
    public static CheckedFiles checkZip(ModuleVersion mv, Path zipFile) throws IOException {
        try (ZipFile zip = openChecked(mv, zipFile)) {
            CheckedFiles cf = checkEntries(mv, zip);
            throwIfInvalid(cf);
            return cf;
        }
    }

    /** Checks mv and the zip file size, then opens the zip. */
    private static ZipFile openChecked(ModuleVersion mv, Path zipFile) throws IOException {
        checkModuleVersion(mv);
        long size = Files.size(zipFile);
        if (size > MAX_ZIP_FILE) {
            String msg = "module zip file is too large (" + size + " bytes; limit is " + MAX_ZIP_FILE + " bytes)";
            throw new ZipCheckException(msg, new CheckedFiles(List.of(), List.of(), List.of(), msg));
        }
        try {
            return new ZipFile(zipFile.toFile());
        } catch (ZipException e) {
            throw new ZipCheckException("zip: not a valid zip file", e);
        }
    }

    private static CheckedFiles checkEntries(ModuleVersion mv, ZipFile zip) {
        String prefix = mv.path() + "@" + mv.version() + "/";
        List<String> valid = new ArrayList<>();
        List<FileError> invalid = new ArrayList<>();
        CollisionChecker collisions = new CollisionChecker();
        String sizeError = null;
        long total = 0;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            String entryName = e.getName();
            if (!entryName.startsWith(prefix)) {
                invalid.add(new FileError(entryName, "path does not have prefix " + quote(prefix)));
                continue;
            }
            String name = entryName.substring(prefix.length());
            if (name.isEmpty()) continue;
            boolean isDir = name.endsWith("/");
            if (isDir) name = name.substring(0, name.length() - 1);
            if (!SlashPath.clean(name).equals(name)) {
                invalid.add(new FileError(entryName, ERR_NOT_CLEAN));
                continue;
            }
            try {
                ModulePath.checkFilePath(name);
            } catch (ModuleRuleException ex) {
                invalid.add(new FileError(entryName, ex.getMessage()));
                continue;
            }
            String collision = collisions.check(name, isDir);
            if (collision != null) {
                invalid.add(new FileError(entryName, collision));
                continue;
            }
            if (isDir) continue;
            String base = SlashPath.base(name);
            if (GoStrings.toFold(base).equals("go.mod")) {
                if (!base.equals(name)) {
                    invalid.add(new FileError(entryName, "go.mod file not in module root directory"));
                    continue;
                }
                if (!name.equals("go.mod")) {
                    invalid.add(new FileError(entryName, ERR_GO_MOD_CASE));
                    continue;
                }
            }
            long size = e.getSize();
            if (size >= 0 && MAX_ZIP_FILE - total >= size) {
                total += size;
            } else if (sizeError == null) {
                sizeError = "total uncompressed size of module contents too large (max size is " + MAX_ZIP_FILE + " bytes)";
            }
            if (name.equals("go.mod") && size > MAX_GO_MOD) {
                invalid.add(new FileError(entryName, ERR_GO_MOD_SIZE));
                continue;
            }
            if (name.equals("LICENSE") && size > MAX_LICENSE) {
                invalid.add(new FileError(entryName, ERR_LICENSE_SIZE));
                continue;
            }
            valid.add(entryName);
        }
        return new CheckedFiles(valid, List.of(), invalid, sizeError);
    }

    /**
     * Unzip: checks zipFile as {@link #checkZip} does, then extracts its files below targetDir (created if
     * missing; it must be empty) as read-only files. Contents are streamed and held to their declared sizes and
     * CRCs, so a lying header cannot write more than the checked total. As in Go, files extracted before a
     * failure are left in place: extract into a fresh directory and discard it on failure.
     */
    public static void unzip(ModuleVersion mv, Path zipFile, Path targetDir) throws IOException {
        try {
            unzipUnwrapped(mv, zipFile, targetDir);
        } catch (ZipCheckException e) {
            throw new ZipCheckException("unzip " + zipFile + ": " + e.getMessage(), e.checkedFiles(), e);
        }
    }

    private static void unzipUnwrapped(ModuleVersion mv, Path zipFile, Path targetDir) throws IOException {
        if (Files.isDirectory(targetDir)) {
            try (Stream<Path> s = Files.list(targetDir)) {
                if (s.findAny().isPresent()) throw new IOException("unzip " + zipFile + ": target directory " + targetDir + " exists and is not empty");
            }
        }
        try (ZipFile zip = openChecked(mv, zipFile)) {
            throwIfInvalid(checkEntries(mv, zip));
            String prefix = mv.path() + "@" + mv.version() + "/";
            Path root = Files.createDirectories(targetDir).toAbsolutePath().normalize();
            FileAttribute<?>[] readOnly = root.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"))}
                    : new FileAttribute<?>[0];
            Set<Path> made = new HashSet<>(Set.of(root));
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName().substring(prefix.length());
                if (name.isEmpty() || name.endsWith("/")) continue;
                Path dst = root.resolve(name).normalize();
                // checkEntries has refused absolute and unclean names and "..": this is defence in depth.
                if (!dst.startsWith(root) || dst.equals(root)) throw new ZipCheckException("zip entry " + e.getName() + " is outside the target directory");
                // createDirectories on an existing directory costs an exception; remember what exists.
                if (made.add(dst.getParent())) Files.createDirectories(dst.getParent());
                try (InputStream in = ZipEntryInput.open(zip, e);
                     OutputStream out = Channels.newOutputStream(Files.newByteChannel(dst,
                             Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), readOnly))) {
                    in.transferTo(out);
                }
                if (readOnly.length == 0 && !dst.toFile().setReadOnly()) throw new IOException("cannot make " + dst + " read-only");
            }
        }
    }
}
