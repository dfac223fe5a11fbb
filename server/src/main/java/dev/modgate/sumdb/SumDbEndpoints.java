package dev.modgate.sumdb;

import dev.modgate.module.Artifact;
import dev.modgate.module.Failure;

/**
 * /sumdb/NAME/... : the checksum databases modgate serves, the public one it proxies (unless --sumdb off) and its
 * own. /sumdb/NAME/supported answers 200 for those, which makes the go command send its checksum database
 * requests through modgate; 404 for any other name lets it go to the database directly.
 */
public final class SumDbEndpoints {
    private final SumDbProxy proxy;
    private final String proxyName;
    private final PrivateSumDb privateDb;

    SumDbEndpoints(SumDbProxy proxy, String proxyName, PrivateSumDb privateDb) {
        this.proxy = proxy;
        this.proxyName = proxyName;
        this.privateDb = privateDb;
    }

    /** rest is the path after "/sumdb/", e.g. "sum.golang.org/lookup/rsc.io/quote@v1.5.2". */
    public Artifact serve(String rest, boolean mayFetch) throws Failure {
        // Names may have path elements, so the longer of two matching names wins.
        boolean isPrivate = privateDb != null && rest.startsWith(privateDb.name() + "/");
        boolean isProxied = proxy != null && rest.startsWith(proxyName + "/");
        if (isPrivate && isProxied) {
            if (privateDb.name().length() > proxyName.length()) isProxied = false;
            else isPrivate = false;
        }
        String name = isPrivate ? privateDb.name() : isProxied ? proxyName : null;
        if (name == null) {
            throw new Failure(Failure.Kind.NOT_FOUND, "not found: modgate serves no checksum database at /sumdb/" + rest + " (" + served() + ")");
        }
        String sub = rest.substring(name.length());
        if (sub.equals("/supported")) return Artifact.bytes(new byte[0], Artifact.TEXT, Artifact.CacheStatus.HIT, false);
        return isPrivate ? privateDb.serve(sub, mayFetch) : proxy.serve(sub, mayFetch);
    }

    private String served() {
        if (proxy == null && privateDb == null) return "it serves none: --sumdb off and no --private-sumdb";
        StringBuilder b = new StringBuilder("it serves ");
        if (proxy != null) b.append(proxyName);
        if (proxy != null && privateDb != null) b.append(" and ");
        if (privateDb != null) b.append(privateDb.name());
        return b.toString();
    }
}
