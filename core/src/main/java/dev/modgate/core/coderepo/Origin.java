package dev.modgate.core.coderepo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * codehost.Origin: where a result came from (VCS, repository URL, subdirectory) and what it depended on (a ref
 * and the commit it named). Empty strings are absent fields, as Go's {@code omitempty}.
 */
public record Origin(String vcs, String url, String subdir, String tagPrefix, String tagSum, String ref, String hash) {

    /** The URL without user information: a credential in a configured URL is never published, stored or exported. */
    public static Origin of(String vcs, String url) {
        return new Origin(vcs, url.replaceAll("://[^/@\\s]+@", "://"), "", "", "", "", "");
    }

    public Origin withSubdir(String s) { return new Origin(vcs, url, s, tagPrefix, tagSum, ref, hash); }

    public Origin withRef(String r) { return new Origin(vcs, url, subdir, tagPrefix, tagSum, r, hash); }

    public Origin withHash(String h) { return new Origin(vcs, url, subdir, tagPrefix, tagSum, ref, h); }

    public Origin withTags(String prefix, String sum) { return new Origin(vcs, url, subdir, prefix, sum, ref, hash); }

    /**
     * gitRepo.Tags' TagSum: "t1:" + base64(sha256 of one {@code "%q %s\n"} line per tag that could name a
     * version), over tags sorted by name.
     */
    public static String tagSum(String prefix, List<Tag> sortedTags) {
        String dir = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        StringBuilder b = new StringBuilder();
        for (Tag t : sortedTags) {
            if (Tag.isOriginTag(t.name().substring(dir.length()))) {
                b.append(dev.modgate.core.text.GoStrings.quote(t.name())).append(' ').append(t.hash()).append('\n');
            }
        }
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return "t1:" + Base64.getEncoder().encodeToString(sum);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's JSON encoding of the struct, fields in declaration order, empty ones left out. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        field(b, "VCS", vcs);
        field(b, "URL", url);
        field(b, "Subdir", subdir);
        field(b, "TagPrefix", tagPrefix);
        field(b, "TagSum", tagSum);
        field(b, "Ref", ref);
        field(b, "Hash", hash);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null || value.isEmpty()) return;
        if (b.length() > 1) b.append(',');
        b.append('"').append(name).append("\":");
        GoJson.appendString(b, value);
    }
}
