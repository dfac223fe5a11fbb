package dev.modgate.vuln;

import java.util.regex.Pattern;

/**
 * The files of a vulnerability database in the v1 layout (go.dev/security/vuln/database, golang/vuln
 * internal/client): {@code index/db.json}, {@code index/modules.json}, {@code index/vulns.json} and one
 * {@code ID/GO-YYYY-NNNN.json} per entry, each also served as {@code .json.gz}. A name of any other shape is not a
 * file of the database: this is what keeps a request, a zip member or an index's id from naming anything else.
 */
public final class VulnDbPaths {
    private VulnDbPaths() {}

    public static final String DB = "index/db.json";
    public static final String MODULES = "index/modules.json";
    public static final String VULNS = "index/vulns.json";
    static final String GZ = ".gz";

    /** The Go database's ids, GO-YEAR-NUMBER. */
    static final Pattern ID = Pattern.compile("GO-\\d{4}-\\d{4,}");

    private static final Pattern SERVED = Pattern.compile("(index/(db|modules|vulns)|ID/GO-\\d{4}-\\d{4,})\\.json(\\.gz)?");

    /** Whether rest (the path below the mirror's root, no leading slash) is one of the database's files. */
    public static boolean isServed(String rest) {
        return rest != null && rest.length() <= 64 && SERVED.matcher(rest).matches();
    }

    /** The published file an id names. */
    static String entry(String id) {
        return "ID/" + id + ".json";
    }

    static boolean isId(String id) {
        return id != null && id.length() <= 40 && ID.matcher(id).matches();
    }

    /** What the mirror serves, for messages. */
    public static final String SHAPES = "index/db.json, index/modules.json, index/vulns.json or ID/GO-YYYY-NNNN.json, each also .json.gz";
}
