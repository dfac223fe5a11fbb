package dev.modgate.core.sumdb.tlog;

import dev.modgate.core.text.GoStrings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records as served by a checksum database (tlog.FormatRecord, tlog.ParseRecord): a lookup answer is the
 * record id in decimal, a newline, the record text and a blank line. Record text (a module version's go.sum
 * lines) is valid UTF-8 without control characters other than newline, ends in a newline and has no blank
 * line, so the blank line delimits it.
 */
public final class Records {
    private Records() {}

    private static final String MALFORMED = "malformed record data";

    /** A record parsed from the start of a message, and the rest of the message (in a lookup: the tree note). */
    public record Parsed(long id, byte[] text, byte[] rest) {}

    /** FormatRecord: {@code <id>\n<text>\n}. */
    public static byte[] format(long id, byte[] text) throws TlogException {
        if (!isValidRecordText(text)) {
            throw new TlogException(MALFORMED);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 24);
        out.writeBytes((id + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(text);
        out.write('\n');
        return out.toByteArray();
    }

    /** ParseRecord: the record at the start of msg, stopping right after its terminating blank line. */
    public static Parsed parse(byte[] msg) throws TlogException {
        int i = indexOf(msg, 0);
        if (i < 0) {
            throw new TlogException(MALFORMED);
        }
        Long id = parseInt(new String(msg, 0, i, StandardCharsets.ISO_8859_1));
        if (id == null) {
            throw new TlogException(MALFORMED);
        }
        int start = i + 1;
        int blank = indexOfBlankLine(msg, start);
        if (blank < 0) {
            throw new TlogException(MALFORMED);
        }
        byte[] text = Arrays.copyOfRange(msg, start, blank + 1);
        if (!isValidRecordText(text)) {
            throw new TlogException(MALFORMED);
        }
        return new Parsed(id, text, Arrays.copyOfRange(msg, blank + 2, msg.length));
    }

    /**
     * The body of a data tile ({@code tile/H/data/...}): each record's text followed by a newline, so records
     * are separated by blank lines. Current x/mod and sum.golang.org write no record ids into data tiles.
     */
    public static byte[] formatDataTile(List<byte[]> texts) throws TlogException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] text : texts) {
            if (!isValidRecordText(text)) {
                throw new TlogException(MALFORMED);
            }
            out.writeBytes(text);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The record texts in a data tile body (the inverse of {@link #formatDataTile}). */
    public static List<byte[]> parseDataTile(byte[] data) throws TlogException {
        List<byte[]> texts = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            int blank = indexOfBlankLine(data, start);
            if (blank < 0) {
                throw new TlogException(MALFORMED);
            }
            byte[] text = Arrays.copyOfRange(data, start, blank + 1);
            if (!isValidRecordText(text)) {
                throw new TlogException(MALFORMED);
            }
            texts.add(text);
            start = blank + 2;
        }
        return texts;
    }

    /** isValidRecordText: UTF-8, no control characters but newline, ends in newline, no blank line. */
    public static boolean isValidRecordText(byte[] text) {
        String s = GoStrings.fromUtf8(text); // undecodable bytes become lone surrogates
        int last = -1;
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            if (r < 0x20 && r != '\n' || r >= Character.MIN_SURROGATE && r <= Character.MAX_SURROGATE
                    || last == '\n' && r == '\n') {
                return false;
            }
            i += Character.charCount(r);
            last = r;
        }
        return last == '\n';
    }

    /** strconv.ParseInt(s, 10, 64), or null: optional sign, then ASCII digits, in range. */
    private static Long parseInt(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfBlankLine(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\n' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
