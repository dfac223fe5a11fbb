package dev.modgate.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/** JGit's view of an HttpURLConnection that modgate opened itself (with its proxy, proxy credentials and TLS). */
final class UrlConnectionAdapter implements HttpConnection {
    private final HttpURLConnection c;
    private final boolean mayAuthorize;

    /** @param mayAuthorize false for a server other than the one the fetch's credentials belong to (a redirect) */
    UrlConnectionAdapter(HttpURLConnection c, boolean mayAuthorize) {
        this.c = c;
        this.mayAuthorize = mayAuthorize;
    }

    @Override public int getResponseCode() throws IOException { return c.getResponseCode(); }
    @Override public URL getURL() { return c.getURL(); }
    @Override public String getResponseMessage() throws IOException { return c.getResponseMessage(); }
    @Override public Map<String, List<String>> getHeaderFields() { return c.getHeaderFields(); }
    @Override public void setRequestProperty(String key, String value) {
        if (!mayAuthorize && key.equalsIgnoreCase("Authorization")) return;
        c.setRequestProperty(key, value);
    }
    @Override public void setRequestMethod(String method) throws ProtocolException { c.setRequestMethod(method); }
    @Override public void setUseCaches(boolean usecaches) { c.setUseCaches(usecaches); }
    @Override public void setConnectTimeout(int timeout) { c.setConnectTimeout(timeout); }
    @Override public void setReadTimeout(int timeout) { c.setReadTimeout(timeout); }
    @Override public String getContentType() { return c.getContentType(); }
    @Override public InputStream getInputStream() throws IOException { return c.getInputStream(); }
    @Override public String getHeaderField(String name) { return c.getHeaderField(name); }

    @Override public List<String> getHeaderFields(String name) {
        for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return List.of();
    }

    @Override public int getContentLength() { return c.getContentLength(); }
    @Override public void setInstanceFollowRedirects(boolean followRedirects) { c.setInstanceFollowRedirects(followRedirects); }
    @Override public void setDoOutput(boolean dooutput) { c.setDoOutput(dooutput); }
    @Override public void setFixedLengthStreamingMode(int contentLength) { c.setFixedLengthStreamingMode(contentLength); }
    @Override public OutputStream getOutputStream() throws IOException { return c.getOutputStream(); }
    @Override public void setChunkedStreamingMode(int chunklen) { c.setChunkedStreamingMode(chunklen); }
    @Override public String getRequestMethod() { return c.getRequestMethod(); }
    @Override public boolean usingProxy() { return c.usingProxy(); }
    @Override public void connect() throws IOException { c.connect(); }

    @Override public void setHostnameVerifier(HostnameVerifier hostnameverifier) {
        if (c instanceof HttpsURLConnection h) h.setHostnameVerifier(hostnameverifier);
    }

    @Override public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws NoSuchAlgorithmException, KeyManagementException {
        if (c instanceof HttpsURLConnection h) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, tm, random);
            h.setSSLSocketFactory(ctx.getSocketFactory());
        }
    }
}
