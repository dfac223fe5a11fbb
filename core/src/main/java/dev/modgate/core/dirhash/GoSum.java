package dev.modgate.core.dirhash;

import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * go.sum lines as the go command reads and writes them (cmd/go/internal/modfetch/fetch.go): {@code <path>
 * <version> <hash>} for a module zip and {@code <path> <version>/go.mod <hash>} for its go.mod file.
 */
public final class GoSum {
    private GoSum() {}

    /** The hash of a 0-byte go.mod; an old go command bug wrote it for non-modules, so readers drop such lines. */
    public static final String EMPTY_GO_MOD_HASH = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

    private static final String GO_MOD_SUFFIX = "/go.mod";

    /** One line: the version carries the "/go.mod" suffix for go.mod hashes. */
    public record Line(String path, String version, String hash) {
        public static Line zip(ModuleVersion mv, String hash) {
            return new Line(mv.path(), mv.version(), hash);
        }

        public static Line goMod(ModuleVersion mv, String hash) {
            return new Line(mv.path(), mv.version() + GO_MOD_SUFFIX, hash);
        }

        public boolean isGoMod() {
            return version.endsWith(GO_MOD_SUFFIX);
        }

        /** The module version the line is about, without the "/go.mod" suffix. */
        public ModuleVersion module() {
            return new ModuleVersion(path, isGoMod() ? version.substring(0, version.length() - GO_MOD_SUFFIX.length()) : version);
        }

        @Override public String toString() {
            return path + " " + version + " " + hash;
        }
    }

    /**
     * readGoSum: the lines of a go.sum file in file order. Blank lines are skipped and lines with the empty
     * go.mod hash dropped.
     *
     * @param fileName named in the error message
     * @throws IllegalArgumentException {@code malformed go.sum:\n<file>:<line>: wrong number of fields <n>}
     */
    public static List<Line> parse(String fileName, byte[] data) {
        String text = GoStrings.fromUtf8(data);
        List<Line> lines = new ArrayList<>();
        int lineno = 0;
        for (int start = 0; start < text.length(); ) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            lineno++;
            String[] f = fields(text.substring(start, end));
            start = end + 1;
            if (f.length == 0) continue;
            if (f.length != 3) {
                throw new IllegalArgumentException("malformed go.sum:\n" + fileName + ":" + lineno + ": wrong number of fields " + f.length);
            }
            if (f[2].equals(EMPTY_GO_MOD_HASH)) continue;
            lines.add(new Line(f[0], f[1], f[2]));
        }
        return lines;
    }

    /** strings.Fields: split around runs of Unicode white space. */
    private static String[] fields(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && GoStrings.isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            int start = i;
            while (i < s.length() && !GoStrings.isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i > start) out.add(s.substring(start, i));
        }
        return out.toArray(String[]::new);
    }

    /**
     * The go.sum text the go command writes for these lines: modules in module.Sort order (path, then semver of
     * the version with "/go.mod" after the zip line), each module's hashes sorted and deduplicated.
     */
    public static String format(Collection<Line> lines) {
        Map<ModuleVersion, TreeSet<String>> byKey = new TreeMap<>(ModulePath.MODULE_ORDER);
        for (Line l : lines) {
            byKey.computeIfAbsent(new ModuleVersion(l.path, l.version), k -> new TreeSet<>(GoStrings.BYTE_ORDER)).add(l.hash);
        }
        StringBuilder b = new StringBuilder();
        byKey.forEach((mv, hashes) -> hashes.forEach(h -> b.append(mv.path()).append(' ').append(mv.version()).append(' ').append(h).append('\n')));
        return b.toString();
    }
}
