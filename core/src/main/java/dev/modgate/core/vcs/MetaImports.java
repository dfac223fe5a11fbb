package dev.modgate.core.vcs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * parseMetaGoImports: the go-import tags of a {@code ?go-get=1} page. The go command reads the page with Go's XML
 * decoder in non-strict mode (unquoted and valueless attributes allowed, unknown entities kept), up to the start
 * of {@code <body>} or the end of {@code <head>}; a syntax error ends the scan, and is reported only when no tag
 * was found before it. This is a scanner with the same outcomes for the pages go-import servers produce.
 */
public final class MetaImports {
    private MetaImports() {}

    /**
     * @param preferMod module mode: "mod" entries come first and shadow other entries with the same prefix;
     *                  otherwise "mod" entries are dropped
     */
    public static List<MetaImport> parse(byte[] page, boolean preferMod) throws ImportPathException {
        List<MetaImport> imports = new ArrayList<>();
        Scanner s = new Scanner(new String(page, StandardCharsets.UTF_8));
        try {
            while (true) {
                Token t = s.next();
                if (t == null) break;
                if (t.start && t.name.equalsIgnoreCase("body")) break;
                if (!t.start && t.name.equalsIgnoreCase("head")) break;
                if (!t.start || !t.name.equalsIgnoreCase("meta")) continue;
                if (!"go-import".equals(t.attr("name"))) continue;
                String[] f = fields(t.attr("content"));
                if (f.length == 3) imports.add(new MetaImport(f[0], f[1], f[2]));
            }
        } catch (SyntaxError e) {
            if (imports.isEmpty()) throw new ImportPathException(e.getMessage());
        }
        List<MetaImport> list = new ArrayList<>();
        Set<String> have = new HashSet<>();
        if (preferMod) {
            for (MetaImport m : imports) {
                if (m.vcs().equals("mod")) {
                    have.add(m.prefix());
                    list.add(m);
                }
            }
        }
        for (MetaImport m : imports) {
            if (!m.vcs().equals("mod") && !have.contains(m.prefix())) list.add(m);
        }
        return list;
    }

    /** strings.Fields: split around runs of Unicode white space. */
    static String[] fields(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            int start = i;
            while (i < s.length() && !isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i > start) out.add(s.substring(start, i));
        }
        return out.toArray(String[]::new);
    }

    /** unicode.IsSpace. */
    private static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
            default -> c > 0xff && Character.isWhitespace(c) || c == 0x2007 || c == 0x202f;
        };
    }

    private static final class SyntaxError extends Exception {
        SyntaxError(int line, String msg) {
            super("XML syntax error on line " + line + ": " + msg);
        }
    }

    private record Attr(String name, String value) {}

    private record Token(boolean start, String name, List<Attr> attrs) {
        /** attrValue: the value of the first attribute whose local name equals key, ignoring case. */
        String attr(String key) {
            for (Attr a : attrs) {
                String local = a.name.contains(":") ? a.name.substring(a.name.indexOf(':') + 1) : a.name;
                if (local.equalsIgnoreCase(key)) return a.value;
            }
            return "";
        }
    }

    /** Start and end elements, as encoding/xml's RawToken yields them; text, comments and directives are skipped. */
    private static final class Scanner {
        private final String in;
        private int pos;

        Scanner(String in) {
            this.in = in;
        }

        private int line() {
            int n = 1;
            for (int i = 0; i < pos && i < in.length(); i++) if (in.charAt(i) == '\n') n++;
            return n;
        }

        Token next() throws SyntaxError {
            while (true) {
                int lt = in.indexOf('<', pos);
                if (lt < 0) return null;
                pos = lt + 1;
                if (pos >= in.length()) throw new SyntaxError(line(), "unexpected EOF");
                char c = in.charAt(pos);
                if (c == '/') {
                    pos++;
                    String name = name();
                    if (name.isEmpty()) throw new SyntaxError(line(), "expected element name after </");
                    skipSpace();
                    if (pos >= in.length() || in.charAt(pos) != '>') throw new SyntaxError(line(), "invalid characters between </" + name + " and >");
                    pos++;
                    return new Token(false, localName(name), List.of());
                }
                if (c == '?') {
                    int end = in.indexOf("?>", pos);
                    if (end < 0) throw new SyntaxError(line(), "unexpected EOF");
                    String body = in.substring(pos + 1, end);
                    pos = end + 2;
                    checkEncoding(body);
                    continue;
                }
                if (c == '!') {
                    skipDirective();
                    continue;
                }
                String name = name();
                if (name.isEmpty()) throw new SyntaxError(line(), "expected element name after <");
                List<Attr> attrs = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (pos >= in.length()) throw new SyntaxError(line(), "unexpected EOF");
                    char d = in.charAt(pos);
                    if (d == '/') {
                        pos++;
                        if (pos >= in.length() || in.charAt(pos) != '>') throw new SyntaxError(line(), "expected /> in element");
                        pos++;
                        break;
                    }
                    if (d == '>') {
                        pos++;
                        break;
                    }
                    String an = name();
                    if (an.isEmpty()) throw new SyntaxError(line(), "expected attribute name in element");
                    skipSpace();
                    if (pos >= in.length()) throw new SyntaxError(line(), "unexpected EOF");
                    if (in.charAt(pos) != '=') {
                        attrs.add(new Attr(an, an)); // non-strict: <option selected>
                        continue;
                    }
                    pos++;
                    skipSpace();
                    attrs.add(new Attr(an, value()));
                }
                return new Token(true, localName(name), attrs);
            }
        }

        private void checkEncoding(String procInst) throws SyntaxError {
            if (!procInst.startsWith("xml")) return;
            int i = procInst.indexOf("encoding=");
            if (i < 0) return;
            String rest = procInst.substring(i + "encoding=".length());
            if (rest.isEmpty()) return;
            char q = rest.charAt(0);
            int end = rest.indexOf(q, 1);
            if ((q != '"' && q != '\'') || end < 0) return;
            String enc = rest.substring(1, end);
            String lower = enc.toLowerCase(Locale.ROOT);
            if (!lower.equals("utf-8") && !lower.equals("ascii")) {
                throw new SyntaxError(line(), "can't decode XML document using charset \"" + enc + "\"");
            }
        }

        private void skipDirective() throws SyntaxError {
            if (in.startsWith("!--", pos)) {
                int end = in.indexOf("-->", pos + 3);
                if (end < 0) throw new SyntaxError(line(), "unexpected EOF");
                pos = end + 3;
                return;
            }
            if (in.startsWith("![CDATA[", pos)) {
                int end = in.indexOf("]]>", pos);
                if (end < 0) throw new SyntaxError(line(), "unexpected EOF in CDATA section");
                pos = end + 3;
                return;
            }
            // <!DOCTYPE ...>: up to the matching '>', skipping quoted strings and nested <...>.
            int depth = 0;
            char quote = 0;
            for (pos++; pos < in.length(); pos++) {
                char c = in.charAt(pos);
                if (quote != 0) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '<') {
                    depth++;
                } else if (c == '>') {
                    if (depth == 0) {
                        pos++;
                        return;
                    }
                    depth--;
                }
            }
            throw new SyntaxError(line(), "unexpected EOF");
        }

        private String value() throws SyntaxError {
            if (pos >= in.length()) throw new SyntaxError(line(), "unexpected EOF");
            char q = in.charAt(pos);
            if (q == '"' || q == '\'') {
                int end = in.indexOf(q, pos + 1);
                if (end < 0) throw new SyntaxError(line(), "unexpected EOF");
                String raw = in.substring(pos + 1, end);
                pos = end + 1;
                return unescape(raw);
            }
            // Non-strict: an unquoted value is a run of name characters.
            int start = pos;
            while (pos < in.length() && isNameChar(in.charAt(pos))) pos++;
            if (pos == start) throw new SyntaxError(line(), "unquoted or missing attribute value in element");
            return in.substring(start, pos);
        }

        private String name() {
            int start = pos;
            while (pos < in.length() && isNameChar(in.charAt(pos))) pos++;
            return in.substring(start, pos);
        }

        private void skipSpace() {
            while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t' || in.charAt(pos) == '\r' || in.charAt(pos) == '\n')) pos++;
        }

        private static String localName(String name) {
            int colon = name.indexOf(':');
            return colon < 0 ? name : name.substring(colon + 1);
        }

        /** isNameByte, plus any non-ASCII character. */
        private static boolean isNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-' || c >= 0x80;
        }

        /** The five XML entities and character references; unknown entities stay as written (non-strict). */
        private static String unescape(String s) {
            if (s.indexOf('&') < 0) return s;
            StringBuilder b = new StringBuilder(s.length());
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                int semi = c == '&' ? s.indexOf(';', i) : -1;
                if (semi < 0) {
                    b.append(c);
                    i++;
                    continue;
                }
                String ent = s.substring(i + 1, semi);
                String rep = switch (ent) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "apos" -> "'";
                    case "quot" -> "\"";
                    default -> charRef(ent);
                };
                if (rep == null) {
                    b.append(c);
                    i++;
                } else {
                    b.append(rep);
                    i = semi + 1;
                }
            }
            return b.toString();
        }

        private static String charRef(String ent) {
            try {
                if (ent.startsWith("#x")) return Character.toString(Integer.parseInt(ent.substring(2), 16));
                if (ent.startsWith("#")) return Character.toString(Integer.parseInt(ent.substring(1)));
            } catch (IllegalArgumentException e) {
                return null;
            }
            return null;
        }
    }
}
