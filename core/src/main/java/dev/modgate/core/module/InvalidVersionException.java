package dev.modgate.core.module;

import dev.modgate.core.text.GoStrings;

/**
 * module.InvalidVersionError: {@code version "<v>" invalid: <reason>}, or {@code pseudo-version ...}
 * when the version was taken as a pseudo-version.
 */
public class InvalidVersionException extends ModuleRuleException {
    private final String version;
    private final boolean pseudo;
    private final String reason;

    public InvalidVersionException(String version, boolean pseudo, String reason) {
        super(noun(pseudo) + " " + GoStrings.quote(version) + " invalid: " + reason);
        this.version = version;
        this.pseudo = pseudo;
        this.reason = reason;
    }

    public String version() { return version; }

    public boolean pseudo() { return pseudo; }

    /** The rule broken, without the version, e.g. "should be v2, not v1". */
    public String reason() { return reason; }

    /** "version" or "pseudo-version". */
    public String noun() { return noun(pseudo); }

    private static String noun(boolean pseudo) { return pseudo ? "pseudo-version" : "version"; }
}
