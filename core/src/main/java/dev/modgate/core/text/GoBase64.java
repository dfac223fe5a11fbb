package dev.modgate.core.text;

import java.util.Base64;

/**
 * Go's {@code base64.StdEncoding}, whose decoder is stricter than Java's in one way and looser in another:
 * padding is required (Java accepts unpadded input), and carriage returns and newlines anywhere in the input
 * are skipped (Java rejects them). Checksum-database keys, signatures and hashes are parsed this way, so a
 * string Go rejects must not be accepted here and vice versa.
 */
public final class GoBase64 {
    private GoBase64() {}

    /** base64.StdEncoding.DecodeString; throws IllegalArgumentException where Go returns a CorruptInputError. */
    public static byte[] decode(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = s.replace("\n", "").replace("\r", "");
        }
        // Padded encoding: whole 4-character quanta only. Java's decoder then rejects characters outside the
        // alphabet, '=' anywhere but at the end of the last quantum, and data after the padding, as Go does.
        if (s.length() % 4 != 0) {
            throw new IllegalArgumentException("illegal base64 data at input byte " + (s.length() / 4 * 4));
        }
        return Base64.getDecoder().decode(s);
    }

    /** base64.StdEncoding.EncodeToString. */
    public static String encode(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
