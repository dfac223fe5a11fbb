package dev.modgate.core.text;

/**
 * Go's {@code path} package: purely lexical operations on slash-separated paths, independent of the host
 * file system (module file names and zip entry names are always slash-separated).
 */
public final class SlashPath {
    private SlashPath() {}

    /** path.Clean: the shortest equivalent path; "" becomes ".". */
    public static String clean(String path) {
        if (path.isEmpty()) return ".";
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder(n);
        int r = 0, dotdot = 0;
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            char c = path.charAt(r);
            if (c == '/') {
                r++;
            } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (c == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') w--;
                    out.setLength(w);
                } else if (!rooted) {
                    if (!out.isEmpty()) out.append('/');
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if (rooted && out.length() != 1 || !rooted && !out.isEmpty()) out.append('/');
                for (; r < n && path.charAt(r) != '/'; r++) out.append(path.charAt(r));
            }
        }
        return out.isEmpty() ? "." : out.toString();
    }

    public static boolean isAbs(String path) {
        return path.startsWith("/");
    }

    /** The directory part of path.Split, including its trailing slash ("" when there is no slash). */
    public static String splitDir(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** The file part of path.Split: everything after the last slash. */
    public static String splitFile(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** path.Dir: Clean of everything up to the last slash. */
    public static String dir(String path) {
        return clean(splitDir(path));
    }

    /** path.Base: the last element, trailing slashes removed; "." for "" and "/" for all slashes. */
    public static String base(String path) {
        if (path.isEmpty()) return ".";
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') end--;
        if (end == 0) return "/";
        String p = path.substring(0, end);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** path.Join: the non-empty elements joined by slashes, cleaned; "" when all are empty. */
    public static String join(String... elems) {
        StringBuilder b = new StringBuilder();
        for (String e : elems) {
            if (e.isEmpty()) continue;
            if (!b.isEmpty()) b.append('/');
            b.append(e);
        }
        return b.isEmpty() ? "" : clean(b.toString());
    }
}
