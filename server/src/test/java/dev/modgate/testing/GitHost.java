package dev.modgate.testing;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.UrlRewrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A made-up git host for parity tests: git's own smart HTTP server serving the repositories in one directory, with
 * go-import pages for {@code HOST/...}, reached by the go command and by modgate alike. How the go command 1.19 gets
 * there: go-import pages through {@code HTTP_PROXY} (a loopback forward proxy sending every host to the server) with
 * {@code GOINSECURE}, and git through {@code url.<server>.insteadOf = https://HOST/} in the test HOME's .gitconfig;
 * modgate gets the same proxy in its environment and the same rewrite in its configuration. The host is --private,
 * so modgate fetches it from git whatever its upstream list says.
 */
public final class GitHost implements AutoCloseable {
    private final String host;
    private final GitHttpServer git;
    private final ForwardProxy proxy;

    /** Serves the repositories in served (a bare repository NAME there is https://HOST/NAME); home is the GoTool's. */
    public GitHost(String host, Path served, Path home) throws Exception {
        this.host = host;
        this.git = new GitHttpServer(served, host, null);
        this.proxy = new ForwardProxy(null, git.port());
        Files.writeString(home.resolve(".gitconfig"), "[url \"" + git.url() + "/\"]\n\tinsteadOf = https://" + host + "/\n");
    }

    /** A go-import page for HOST/name naming the repository https://HOST/name (which may not exist). */
    public GitHost announce(String name) {
        git.goImport(host + "/" + name, "git", "https://" + host + "/" + name);
        return this;
    }

    public GitHttpServer server() { return git; }

    /** modgate's configuration of the host: private, with the rewrite to the server. */
    public DirectConfig direct() {
        return DirectConfig.builder().privateModules(host).insecure(host).rewrites(List.of(new UrlRewrite("https://" + host + "/", git.url() + "/"))).build();
    }

    /** The environment modgate needs to reach the go-import pages. */
    public Map<String, String> modgateEnv() { return Map.of("HTTP_PROXY", proxy.url()); }

    /** The go command straight from git (GOPROXY=direct), with its own module cache. */
    public GoTool direct(GoTool go, String cache) {
        return go.set("GOPROXY", "direct").set("GOPRIVATE", host).set("GOINSECURE", host).set("HTTP_PROXY", proxy.url()).freshModCache(cache);
    }

    /** The go command with modgate (at url) as its only source, with its own module cache. */
    public GoTool via(GoTool go, String url, String cache) {
        return go.set("GOPROXY", url).set("GOPRIVATE", "").set("GOINSECURE", "").set("HTTP_PROXY", "").set("GONOSUMDB", host).freshModCache(cache);
    }

    @Override public void close() throws Exception {
        proxy.close();
        git.close();
    }
}
