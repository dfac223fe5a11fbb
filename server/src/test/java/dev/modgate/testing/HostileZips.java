package dev.modgate.testing;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Zip files a module proxy must refuse, each with the go command's reason: zip bombs (a tiny entry inflating to
 * 600 MiB, declaring that size or lying about it), names escaping the module directory, duplicate and colliding
 * names. Each starts with an honest go.mod entry, so the module can be read from its first entry.
 */
public final class HostileZips {
    private HostileZips() {}

    static final int BOMB_MIB = 600;
    private static final long BOMB_BYTES = (long) BOMB_MIB << 20;
    private static byte[] bomb;

    public record Case(String name, String reason, BiConsumer<HostileZip, String> entries) {
        /** Writes the zip for mv; reason() is then what refusing it says (entry names in it are mv's). */
        public Path write(ModuleVersion mv, Path file) throws IOException {
            HostileZip z = new HostileZip().add(prefix(mv) + "go.mod", "module " + mv.path() + "\n");
            entries.accept(z, prefix(mv));
            return z.write(file);
        }

        public String reason(ModuleVersion mv) {
            return reason.replace("$p", prefix(mv));
        }

        @Override public String toString() { return name; }
    }

    private static String prefix(ModuleVersion mv) {
        return mv.path() + "@" + mv.version() + "/";
    }

    private static synchronized byte[] bomb() {
        if (bomb == null) bomb = HostileZip.zeros(BOMB_MIB);
        return bomb;
    }

    public static List<Case> all() {
        return List.of(
                new Case("bomb-declaring-its-size",
                        "total uncompressed size of module contents too large (max size is 524288000 bytes)",
                        (z, p) -> z.addRaw(p + "zeros.bin", bomb(), 0, BOMB_BYTES)),
                new Case("bomb-declaring-1KiB",
                        "uncompressed size of file $pzeros.bin is larger than declared size (1024 bytes)",
                        (z, p) -> z.addRaw(p + "zeros.bin", bomb(), 0, 1024)),
                new Case("bomb-declaring-0",
                        "uncompressed size of file $pzeros.bin is larger than declared size (0 bytes)",
                        (z, p) -> z.addRaw(p + "zeros.bin", bomb(), 0, 0)),
                new Case("dotdot-inside-prefix",
                        "$p../../evil.go: malformed file path \"../../evil.go\": invalid path element \"..\"",
                        (z, p) -> z.add(p + "../../evil.go", "package evil\n")),
                new Case("dotdot-outside-prefix",
                        "../evil.go: path does not have prefix \"$p\"",
                        (z, p) -> z.add("../evil.go", "package evil\n")),
                new Case("unclean-path",
                        "$pa/../../evil.go: file path is not clean",
                        (z, p) -> z.add(p + "a/../../evil.go", "package evil\n")),
                new Case("absolute-path",
                        "/etc/passwd: path does not have prefix \"$p\"",
                        (z, p) -> z.add("/etc/passwd", "root:x:0:0\n")),
                new Case("absolute-path-inside-prefix",
                        "$p/etc/passwd: malformed file path \"/etc/passwd\": empty path element",
                        (z, p) -> z.add(p + "/etc/passwd", "root:x:0:0\n")),
                new Case("backslash-path",
                        "$p..\\evil.go: malformed file path \"..\\\\evil.go\": invalid char '\\\\'",
                        (z, p) -> z.add(p + "..\\evil.go", "package evil\n")),
                new Case("duplicate-name",
                        "$pa.go: multiple entries for file \"a.go\"",
                        (z, p) -> z.add(p + "a.go", "package a\n").add(p + "a.go", "package evil\n")),
                new Case("names-equal-but-for-case",
                        "$pA.go: case-insensitive file name collision: \"a.go\" and \"A.go\"",
                        (z, p) -> z.add(p + "a.go", "package a\n").add(p + "A.go", "package evil\n")),
                new Case("lying-crc",
                        "zip: checksum error in file $pa.go",
                        (z, p) -> z.addRaw(p + "a.go", HostileZip.deflate("package a\n".getBytes()), 12345, "package a\n".length())));
    }
}
