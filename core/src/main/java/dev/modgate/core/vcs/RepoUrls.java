package dev.modgate.core.vcs;

/**
 * Checks on repository URLs that modgate adds to the go command's own: a URL whose path holds a dot-segment
 * ({@code .} or {@code ..}, raw or percent-encoded, also behind an encoded slash) is refused. Such a URL can only be
 * meant to climb out of where it points: through a {@code rewrite} to {@code file:///srv/git/} it would read any
 * repository of the server (modgate's own mirrors of private repositories included), and over http it reaches other
 * paths of the mirror server. No real repository needs one.
 */
public final class RepoUrls {
    private RepoUrls() {}

    /** Refuses a URL with a dot-segment anywhere after its authority (path, query or fragment). */
    public static void requireNoDotSegments(String url) throws ImportPathException {
        if (hasDotSegment(url)) {
            throw new ImportPathException("a \".\" or \"..\" path segment (perhaps percent-encoded) in a repository URL is refused");
        }
    }

    /**
     * Whether a segment of the URL after its authority is "." or "..", once percent-decoded as often as it decodes
     * (a server or a file:// transport may decode once more than expected), with "/", "\", "?", "#" and ";" all
     * taken as separators.
     */
    public static boolean hasDotSegment(String url) {
        String rest = afterAuthority(url);
        for (int round = 0; round < 4; round++) {
            for (String seg : rest.split("[/\\\\?#;]", -1)) {
                if (seg.equals(".") || seg.equals("..")) return true;
            }
            String decoded = percentDecode(rest);
            if (decoded.equals(rest)) return false;
            rest = decoded;
        }
        return true; // still decoding after four rounds: nobody names a repository like that
    }

    private static String afterAuthority(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return url;
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "" : url.substring(slash);
    }

    /** %XX decoded to the byte's character (ASCII is all a dot-segment or separator needs); others left as they are. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
