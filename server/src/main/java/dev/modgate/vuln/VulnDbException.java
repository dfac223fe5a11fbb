package dev.modgate.vuln;

import java.io.IOException;

/**
 * A vulnerability database that cannot become a snapshot (it fails validation, it could not be fetched, it is older
 * than the one in force), with a one-line reason saying which file broke which rule. Nothing was switched.
 */
public class VulnDbException extends IOException {
    public VulnDbException(String message) {
        super(message);
    }

    public VulnDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
