package dev.modgate.git;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.Attributes;

/**
 * What {@code git archive} does to a file on the way out (git's convert.c, convert_to_working_tree), as the go
 * command runs it: {@code git -c core.autocrlf=input -c core.eol=lf archive}, export-subst and export-ignore
 * switched off. With those settings two attributes change bytes: {@code ident} ($Id$ becomes $Id: BLOB $) and
 * {@code eol=crlf} (lone LFs become CRLF; with {@code text=auto} only in files that look like text and have no CR
 * yet). Filter drivers and working-tree-encoding depend on the machine's git configuration and are not applied.
 */
final class ArchiveFilters {
    private ArchiveFilters() {}

    enum Crlf { NONE, TEXT, AUTO }

    /** The conversions a file's attributes ask for. */
    record Plan(boolean ident, Crlf crlf) {
        static final Plan NONE = new Plan(false, Crlf.NONE);

        boolean isNone() { return !ident && crlf == Crlf.NONE; }
    }

    private enum Action { UNDEFINED, BINARY, TEXT, TEXT_INPUT, TEXT_CRLF, AUTO, AUTO_INPUT, AUTO_CRLF }

    static Plan plan(Attributes a) {
        Action action = crlfAttr(a.get("text"));
        if (action == Action.UNDEFINED) action = crlfAttr(a.get("crlf"));
        if (action != Action.BINARY) {
            String eol = a.isCustom("eol") ? a.getValue("eol") : "";
            if (action == Action.AUTO && eol.equals("lf")) action = Action.AUTO_INPUT;
            else if (action == Action.AUTO && eol.equals("crlf")) action = Action.AUTO_CRLF;
            else if (eol.equals("lf")) action = Action.TEXT_INPUT;
            else if (eol.equals("crlf")) action = Action.TEXT_CRLF;
        }
        // core.autocrlf=input: "text" alone means LF, and no attribute means "auto, LF".
        Crlf crlf = switch (action) {
            case TEXT_CRLF -> Crlf.TEXT;
            case AUTO_CRLF -> Crlf.AUTO;
            default -> Crlf.NONE;
        };
        return new Plan(a.isSet("ident"), crlf);
    }

    private static Action crlfAttr(Attribute attr) {
        if (attr == null) return Action.UNDEFINED;
        return switch (attr.getState()) {
            case SET -> Action.TEXT;
            case UNSET -> Action.BINARY;
            case UNSPECIFIED -> Action.UNDEFINED;
            case CUSTOM -> switch (attr.getValue()) {
                case "input" -> Action.TEXT_INPUT;
                case "auto" -> Action.AUTO;
                default -> Action.UNDEFINED;
            };
        };
    }

    /** gather_stats: what the CRLF decision looks at. */
    static final class Stats {
        long lonecr, lonelf, crlf, nul, printable, nonprintable;
        private boolean pendingCr;
        private int last = -1;

        void add(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                int c = b[i] & 0xff;
                if (pendingCr) {
                    pendingCr = false;
                    if (c == '\n') {
                        crlf++;
                        last = c;
                        continue;
                    }
                    lonecr++;
                }
                if (c == '\r') {
                    pendingCr = true;
                } else if (c == '\n') {
                    lonelf++;
                } else if (c == 127) {
                    nonprintable++;
                } else if (c < 32) {
                    switch (c) {
                        case '\b', '\t', 033, 014 -> printable++;
                        case 0 -> {
                            nul++;
                            nonprintable++;
                        }
                        default -> nonprintable++;
                    }
                } else {
                    printable++;
                }
                last = c;
            }
        }

        void finish() {
            if (pendingCr) {
                lonecr++;
                pendingCr = false;
                last = '\r';
            }
            if (last == 032) nonprintable--; // a trailing ^Z (EOF marker) is not counted
        }

        boolean isBinary() {
            return lonecr > 0 || nul > 0 || (printable >> 7) < nonprintable;
        }

        static Stats of(InputStream in) throws IOException {
            Stats s = new Stats();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) s.add(buf, 0, n);
            s.finish();
            return s;
        }
    }

    /** will_convert_lf_to_crlf. */
    static boolean willConvert(Stats s, Crlf crlf) {
        if (crlf == Crlf.NONE || s.lonelf == 0) return false;
        if (crlf == Crlf.AUTO && (s.lonecr > 0 || s.crlf > 0 || s.isBinary())) return false;
        return true;
    }

    /** crlf_to_worktree as a stream: a CR before every LF that has none. */
    static InputStream toCrlf(InputStream in) {
        return new FilterInputStream(in) {
            private int prev = -1;
            private boolean owedLf;

            @Override public int read() throws IOException {
                if (owedLf) {
                    owedLf = false;
                    prev = '\n';
                    return '\n';
                }
                int c = super.read();
                if (c == '\n' && prev != '\r') {
                    owedLf = true;
                    prev = '\r';
                    return '\r';
                }
                prev = c;
                return c;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                int n = 0;
                while (n < len) {
                    if (n > 0 && !owedLf && in.available() <= 0) break;
                    int c = read();
                    if (c < 0) return n == 0 ? -1 : n;
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
    }

    /** ident_to_worktree: "$Id$" and git-style "$Id: ... $" become "$Id: BLOB $". */
    static byte[] ident(byte[] src, String blobId) {
        String s = new String(src, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(s.length() + 64);
        int i = 0;
        while (true) {
            int k = s.indexOf("$Id", i);
            if (k < 0 || k + 3 >= s.length()) break;
            char next = s.charAt(k + 3);
            int end;
            if (next == '$') {
                end = k + 4;
            } else if (next == ':') {
                int dollar = s.indexOf('$', k + 3);
                if (dollar < 0) break; // an incomplete keyword: nothing further to expand
                int nl = s.indexOf('\n', k + 3);
                // Spaces are looked for after "$Id: "'s first character: only "$Id: HASH $" is git's own.
                int spc = s.indexOf(' ', k + 5);
                if (nl >= 0 && nl < dollar || spc >= 0 && spc < dollar - 1) {
                    // A line break, or spaces in unexpected places (another system's id): keep it.
                    out.append(s, i, k + 3);
                    i = k + 3;
                    continue;
                }
                end = dollar + 1;
            } else {
                out.append(s, i, k + 3);
                i = k + 3;
                continue;
            }
            out.append(s, i, k).append("$Id: ").append(blobId).append(" $");
            i = end;
        }
        out.append(s.substring(i));
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A file's bytes with the ident expansion then the CRLF conversion applied, in memory. */
    static byte[] applyInMemory(byte[] src, String blobId, Plan plan) throws IOException {
        byte[] b = plan.ident() ? ident(src, blobId) : src;
        Stats s = Stats.of(new java.io.ByteArrayInputStream(b));
        if (!willConvert(s, plan.crlf())) return b;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + (int) s.lonelf);
        toCrlf(new java.io.ByteArrayInputStream(b)).transferTo(out);
        return out.toByteArray();
    }
}
