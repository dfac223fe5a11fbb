package dev.modgate.git;

import dev.modgate.auth.Credentials;
import dev.modgate.net.AddressGuard;
import dev.modgate.net.EnvProxySelector;
import dev.modgate.net.TrustAll;
import java.io.IOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * Every HTTP connection JGit opens, made by modgate: through the proxy HTTPS_PROXY/HTTP_PROXY name (with its
 * credentials), after the address guard has seen the host (each redirect hop is a new connection, so each hop is
 * checked), and without certificate checks only for --insecure modules. JGit's factory is global; what applies to
 * a fetch travels with the thread that runs it.
 */
final class GitHttpConnections implements HttpConnectionFactory {
    /**
     * What the git fetch running on this thread may do.
     *
     * @param credentialsFor "host:port" (port made explicit) the fetch's credentials belong to: JGit keeps the
     *                       Authorization it found for one connection on the next, a redirect's to another server
     *                       too, so connections elsewhere drop it
     */
    record Rules(AddressGuard guard, boolean insecureTls, EnvProxySelector proxies, String credentialsFor) {}

    private static final ThreadLocal<Rules> CURRENT = new ThreadLocal<>();
    private static final GitHttpConnections INSTANCE = new GitHttpConnections();

    private GitHttpConnections() {}

    static synchronized void install() {
        if (HttpTransport.getConnectionFactory() != INSTANCE) HttpTransport.setConnectionFactory(INSTANCE);
    }

    interface Call<T> {
        T run() throws IOException;
    }

    /** Runs a JGit operation under these rules. */
    static <T> T with(Rules rules, Call<T> call) throws IOException {
        Rules before = CURRENT.get();
        CURRENT.set(rules);
        try {
            return call.run();
        } finally {
            if (before == null) CURRENT.remove();
            else CURRENT.set(before);
        }
    }

    @Override public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override public HttpConnection create(URL url, Proxy ignored) throws IOException {
        Rules rules = CURRENT.get();
        if (rules == null) throw new IOException("git over http outside a modgate fetch: " + url.getProtocol() + "://" + url.getAuthority());
        java.net.URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("invalid repository URL", e);
        }
        rules.guard().check(uri);
        List<Proxy> proxies = rules.proxies().select(uri);
        Proxy proxy = proxies.isEmpty() ? Proxy.NO_PROXY : proxies.getFirst();
        HttpURLConnection c = (HttpURLConnection) url.openConnection(proxy);
        EnvProxySelector.ProxyUrl p = rules.proxies().proxyFor(uri);
        if (p != null && p.user() != null) {
            c.setAuthenticator(new Authenticator() {
                @Override protected PasswordAuthentication getPasswordAuthentication() {
                    if (getRequestorType() != RequestorType.PROXY) return null;
                    return new PasswordAuthentication(p.user(), p.password().toCharArray());
                }
            });
        }
        if (rules.insecureTls() && c instanceof HttpsURLConnection h) {
            h.setSSLSocketFactory(TrustAll.sslContext().getSocketFactory());
            h.setHostnameVerifier((host, session) -> true);
        }
        return new UrlConnectionAdapter(c, Credentials.hostPort(uri).equals(rules.credentialsFor()));
    }
}
