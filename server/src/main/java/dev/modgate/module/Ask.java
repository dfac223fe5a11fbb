package dev.modgate.module;

/**
 * Who asks the module chain, and how: what every layer may take into account beside the request itself.
 *
 * @param mayFetch false when only stored answers may be given (offline mode, or the client sent
 *     Disable-Module-Fetch: true)
 * @param client the client's address, for the log and for rules about who asks (null when not a network client);
 *     the address object as the connection has it, so a request that needs no rule about it pays nothing to format it
 */
public record Ask(boolean mayFetch, java.net.SocketAddress client) {
    /** A caller inside modgate that may fetch (prefetch, the private checksum database). */
    public static final Ask INTERNAL = new Ask(true, null);

    /** The same caller, limited to stored answers. */
    public Ask storedOnly() {
        return mayFetch ? new Ask(false, client) : this;
    }
}
