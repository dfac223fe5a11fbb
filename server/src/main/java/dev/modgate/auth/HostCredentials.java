package dev.modgate.auth;

/**
 * A user name and secret for one host (from the config file or netrc). The secret never appears in toString, logs
 * or error messages.
 */
public record HostCredentials(String user, String password) {
    @Override public String toString() { return "HostCredentials[user=" + user + ", password=***]"; }

    /** The Basic authorization header value. */
    public String basicAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
