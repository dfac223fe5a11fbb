package dev.modgate.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps fetches for public modules away from internal networks: a go-import page or module path is written by
 * whoever controls a public host, so without this check it could make modgate fetch from the loopback interface,
 * private networks or a cloud metadata service (169.254.169.254) and show what it got. Private modules
 * ({@code --private}) and repositories named by modgate's own configuration are not checked.
 *
 * <p>A host name is resolved here and refused if any of its addresses is internal. The JVM caches the answer
 * (30 s by default), so the connection made right after uses the address that was checked. When the connection
 * goes through an HTTP proxy and the name does not resolve here, the proxy's resolution decides.
 */
public final class AddressGuard {
    /** Checks nothing: for private modules and configured repositories. */
    public static final AddressGuard OFF = new AddressGuard(false);

    /** The guard for public modules. */
    public static final AddressGuard PUBLIC_ONLY = new AddressGuard(true);

    private final boolean on;

    private AddressGuard(boolean on) {
        this.on = on;
    }

    public boolean enabled() { return on; }

    /** Refuses the URL when its host is, or resolves to, an internal address. */
    public void check(URI uri) throws SourceException {
        if (!on || uri.getHost() == null) return;
        check(uri.getHost(), Userinfo.origin(uri));
    }

    /** Refuses a host (for non-HTTP transports such as ssh://) when it is, or resolves to, an internal address. */
    public void checkHost(String host, String what) throws SourceException {
        if (!on) return;
        check(host, what);
    }

    private void check(String rawHost, String what) throws SourceException {
        String host = rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) throw refused(what, "localhost");
        InetAddress[] addrs;
        try {
            addrs = resolve(host);
        } catch (UnknownHostException e) {
            // Through a proxy, the proxy resolves it; without one, the connection fails with a clear "unknown host".
            return;
        }
        for (InetAddress a : addrs) {
            String kind = internalKind(a);
            if (kind != null) throw refused(what, host.equals(a.getHostAddress()) ? kind : host + " resolves to " + a.getHostAddress() + ", " + kind);
        }
    }

    private static SourceException refused(String what, String why) {
        return new SourceException(SourceException.Kind.FAILED, "refusing to fetch from " + what + " (" + why
                + ") for a module that is not private; list the module in --private to allow internal addresses");
    }

    /** DNS lookups can hang; bound them. */
    private static InetAddress[] resolve(String host) throws UnknownHostException, SourceException {
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<InetAddress[]> f = ex.submit(() -> InetAddress.getAllByName(host));
            try {
                return f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownHostException u) throw u;
                throw new SourceException(SourceException.Kind.FAILED, "resolving " + host + ": " + e.getCause());
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new SourceException(SourceException.Kind.TIMEOUT, "resolving " + host + " took longer than 10s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.FAILED, "interrupted");
            }
        }
    }

    /** Why an address is internal, or null for a public address. */
    static String internalKind(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback address";
        if (a.isAnyLocalAddress()) return "unspecified address";
        if (a.isLinkLocalAddress()) return a.getHostAddress().equals("169.254.169.254") ? "cloud metadata address" : "link-local address";
        if (a.isSiteLocalAddress()) return "private address";
        if (a.isMulticastAddress()) return "multicast address";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff, b1 = b[1] & 0xff;
            if (b0 == 0) return "unspecified address";
            if (b0 == 100 && (b1 & 0xc0) == 64) return "shared (carrier-grade NAT) address"; // 100.64/10, incl. 100.100.100.200
            if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) return "IETF protocol address"; // 192.0.0/24, incl. 192.0.0.192
            if (b0 == 198 && (b1 & 0xfe) == 18) return "benchmarking address";
            if (b0 >= 240) return "reserved address";
            return null;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return "unique local address"; // fc00::/7, incl. fd00:ec2::254
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local address";
            // IPv4-mapped, NAT64 and 6to4 addresses carry an IPv4 address; judge that one.
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12);
            if (mapped || nat64) return internalKind(v4(b, 12));
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) return internalKind(v4(b, 2));
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    private static InetAddress v4(byte[] b, int off) {
        try {
            return InetAddress.getByAddress(new byte[] {b[off], b[off + 1], b[off + 2], b[off + 3]});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
