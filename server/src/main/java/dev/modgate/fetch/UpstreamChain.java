package dev.modgate.fetch;

import dev.modgate.core.module.PathPatterns;
import dev.modgate.module.Failure;
import dev.modgate.storage.Storage;
import dev.modgate.net.LocalStorageException;
import dev.modgate.net.Outbound;
import dev.modgate.net.SourceException;
import dev.modgate.source.FileProxySource;
import dev.modgate.source.HttpProxySource;
import dev.modgate.source.ModuleSource;
import dev.modgate.source.UpstreamList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream list applied to one fetch, with the go command's GOPROXY rules: after a "," only "not found"
 * moves on to the next entry, after a "|" any error does. The first success wins. Modules matching the noproxy
 * patterns (GONOPROXY, by default the private ones) go straight to version control whatever the list says,
 * "off" included, and are never sent to an upstream proxy: this is the one place that routing is decided.
 */
public final class UpstreamChain {
    private record Hop(ModuleSource source, boolean fallBackOnAnyError, boolean off) {}

    private final List<Hop> hops;
    private final List<Hop> directOnly;
    private final PathPatterns noproxy;
    private final String description;
    private final Storage storage;

    /**
     * @param direct  the source for "direct" and for noproxy modules
     * @param noproxy module path patterns fetched from version control only
     */
    public UpstreamChain(UpstreamList list, Outbound outbound, ModuleSource direct, PathPatterns noproxy, Storage storage) {
        this.storage = storage;
        List<Hop> h = new ArrayList<>();
        for (UpstreamList.Entry e : list.entries()) {
            switch (e.type()) {
                case OFF -> h.add(new Hop(null, false, true));
                case DIRECT -> h.add(new Hop(direct, false, false));
                case URL -> h.add(new Hop(e.url().startsWith("file:") ? new FileProxySource(e.url(), h.size() + 1) : new HttpProxySource(e.url(), outbound),
                        e.fallBackOnAnyError(), false));
            }
        }
        this.hops = List.copyOf(h);
        this.directOnly = List.of(new Hop(direct, false, false));
        this.noproxy = noproxy;
        this.description = list.toString();
    }

    public interface Call<T> {
        T apply(ModuleSource source) throws IOException;
    }

    /**
     * Runs the call against each upstream in turn.
     *
     * @param path the module path, which decides the route
     * @param what what is being fetched, for messages ("rsc.io/quote@v1.5.2 .zip")
     */
    public <T> T fetch(String path, String what, Call<T> call) throws Failure {
        List<String> lines = new ArrayList<>();
        SourceException worst = null;
        for (Hop hop : noproxy.matches(path) ? directOnly : hops) {
            if (hop.off()) {
                lines.add("off: module lookup disabled");
                break;
            }
            try {
                return call.apply(hop.source());
            } catch (LocalStorageException e) {
                throw storage(what, e);
            } catch (SourceException e) {
                if (e.kind() == SourceException.Kind.LOCAL) throw storage(what, e);
                lines.add(hop.source().name() + ": " + e.getMessage());
                if (!e.isNotFound() && (worst == null || worst.isNotFound())) worst = e;
                if (!e.isNotFound() && !hop.fallBackOnAnyError()) break;
            } catch (IOException e) {
                SourceException se = new SourceException(SourceException.Kind.FAILED, shown(hop.source().name(), what, e), e);
                lines.add(hop.source().name() + ": " + se.getMessage());
                if (worst == null || worst.isNotFound()) worst = se;
                if (!hop.fallBackOnAnyError()) break;
            }
        }
        if (worst == null) throw new Failure(Failure.Kind.NOT_FOUND, "not found: " + what, lines);
        throw switch (worst.kind()) {
            case TIMEOUT -> new Failure(Failure.Kind.UPSTREAM_TIMEOUT, "upstream timed out fetching " + what, lines);
            case INVALID -> new Failure(Failure.Kind.UPSTREAM_FAILED, "upstream sent an invalid " + what, lines);
            default -> new Failure(Failure.Kind.UPSTREAM_FAILED, "upstream failed fetching " + what, lines);
        };
    }

    /**
     * A failure that is not a {@link SourceException}, as a body may show it. A file system failure's message starts
     * with the file's path, which is this server's business only: it goes to the log, the body gets its reason.
     */
    private static String shown(String source, String what, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.FileSystemException f) {
                org.slf4j.LoggerFactory.getLogger(UpstreamChain.class).warn("{}: fetching {}: {}", source, what, e.toString());
                return "a local read failed (" + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason()) + "; details in the modgate log)";
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** A local write failure ends the fetch: another upstream would fail the same way, after another download. */
    private Failure storage(String what, IOException e) {
        return storage.failure(what, e);
    }

    @Override public String toString() { return description; }
}
