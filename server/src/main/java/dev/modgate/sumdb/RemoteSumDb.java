package dev.modgate.sumdb;

import dev.modgate.config.SumDbSpec;
import dev.modgate.core.module.PathPatterns;
import dev.modgate.core.sumdb.SumDbClient;
import dev.modgate.core.sumdb.SumDbException;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Verifiers;
import dev.modgate.core.sumdb.tlog.TlogException;
import dev.modgate.core.sumdb.tlog.Tree;
import dev.modgate.net.Outbound;
import dev.modgate.net.SourceException;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.DirStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checksum database modgate verifies modules against (--sumdb): the core client's operations over HTTP
 * (through {@link Outbound}: proxy settings, timeouts) and the data directory ({@link SumDbFiles}).
 *
 * <p>Once the database is caught signing two histories (a fork, or a rollback to a different one), everything
 * from it is refused until an operator has looked: the report is kept in SECURITY-ERROR and returned instead of
 * any answer. Restarting does not clear it, since the remembered tree head would show the fork again anyway.
 */
public final class RemoteSumDb implements SumDbClient.Ops {
    private static final Logger log = LoggerFactory.getLogger(RemoteSumDb.class);
    /** Lookups and tiles are a few KiB; data tiles at most 256 records. */
    static final long MAX_REMOTE = 4L << 20;

    private final SumDbSpec spec;
    private final PathPatterns noSumDb;
    private final String noSumDbText;
    private final SumDbFiles files;
    private final Outbound outbound;
    private final UpstreamList upstreams;
    private final boolean offline;
    private final SumDbClient client;
    private final Verifiers verifiers;
    private final Object baseLock = new Object();
    private volatile String base;
    private volatile String refusal;
    private final SumDbOutage outage;
    private final ServedUnverified servedUnverified;

    /** @param outageHold how long an unreachable database is not asked again (see {@link SumDbOutage}) */
    public RemoteSumDb(SumDbSpec spec, String noSumDb, DirStorage store, Outbound outbound, UpstreamList upstreams, boolean offline,
            Duration outageHold) throws IOException {
        this.spec = spec;
        this.outage = new SumDbOutage(spec.name(), outageHold);
        this.noSumDbText = noSumDb;
        this.noSumDb = PathPatterns.of(noSumDb);
        this.files = new SumDbFiles(store, spec.name());
        this.servedUnverified = new ServedUnverified(store, files.dir().resolve("unverified"));
        this.outbound = outbound;
        this.upstreams = upstreams;
        this.offline = offline;
        try {
            this.verifiers = Verifiers.of(NoteKeys.newVerifier(spec.verifierKey()));
        } catch (NoteException e) {
            throw new IllegalArgumentException("--sumdb: " + e.getMessage(), e);
        }
        this.client = new SumDbClient(this, SumDbClient.DEFAULT_TILE_HEIGHT, noSumDb);
        byte[] report = SumDbFiles.read(files.securityFile());
        if (report != null) {
            refusal = new String(report, StandardCharsets.UTF_8);
            log.error("checksum database {} misbehaved before (see {}): refusing every module it would verify until that file is removed\n{}",
                    spec.name(), files.securityFile(), refusal);
        }
    }

    public String name() { return spec.name(); }

    SumDbFiles files() { return files; }

    Verifiers verifiers() { return verifiers; }

    /** What was served while this database could not be reached, to verify once it answers. */
    ServedUnverified servedUnverified() { return servedUnverified; }

    /** Runs whenever the database answers again after an outage was remembered. */
    void onAnswersAgain(Runnable r) { outage.onAnswersAgain(r); }

    /** True while an outage is remembered: asking now would fail at once. */
    boolean knownDown() { return outage.remembered() != null; }

    boolean offline() { return offline; }

    /** Whether modules at this path are verified against this database (they do not match --nosumdb). */
    public boolean covers(String modulePath) {
        return !noSumDb.matches(modulePath);
    }

    String noSumDbPatterns() { return noSumDbText; }

    /** The security report that made modgate stop trusting this database, or null. */
    public String refusal() { return refusal; }

    /** The go.sum lines the database holds for path@version (version may end in "/go.mod"), verified. */
    public List<String> lookup(String path, String version) throws SumDbException {
        return client.lookup(path, version);
    }

    /** The newest tree head verified, or null for none yet. */
    Tree verifiedTree() {
        byte[] msg = SumDbFiles.read(files.latestFile());
        if (msg == null || msg.length == 0) return null;
        try {
            return Tree.parse(Note.open(msg, verifiers).text().getBytes(StandardCharsets.UTF_8));
        } catch (NoteException | TlogException e) {
            log.warn("ignoring unreadable {}: {}", files.latestFile(), e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- SumDbClient.Ops

    @Override public byte[] readRemote(String path) throws IOException {
        if (offline) throw new IOException("modgate is offline (--offline) and does not contact the checksum database " + spec.name());
        IOException down = outage.remembered();
        if (down != null) throw down;
        Outbound.Answer a;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        URI uri;
        try {
            uri = URI.create(base() + path);
            a = outbound.get(uri, buf, MAX_REMOTE, "checksum database " + path);
        } catch (IOException e) {
            outage.failed(e);
            throw e;
        }
        if (a.status() == 200) {
            outage.answered();
            return buf.toByteArray();
        }
        String text = a.errorText() == null || a.errorText().isEmpty() ? "" : ": " + a.errorText();
        RemoteStatusException e = new RemoteStatusException(a.status(), "GET " + uri + ": " + a.status() + text);
        if (SumDbErrors.unreachable(e)) outage.failed(e);
        else outage.answered();
        throw e;
    }

    @Override public byte[] readConfig(String file) throws IOException {
        if (file.equals("key")) return spec.verifierKey().getBytes(StandardCharsets.UTF_8);
        if (file.equals(spec.name() + "/latest")) {
            byte[] b = SumDbFiles.read(files.latestFile());
            return b == null ? new byte[0] : b;
        }
        throw new IOException("unknown checksum database config file " + file);
    }

    @Override public boolean writeConfig(String file, byte[] old, byte[] updated) throws IOException {
        if (!file.equals(spec.name() + "/latest")) throw new IOException("unknown checksum database config file " + file);
        return files.compareAndSwapLatest(old, updated);
    }

    @Override public byte[] readCache(String file) {
        String rel = relative(file);
        return rel == null ? null : SumDbFiles.read(files.cacheFile(rel));
    }

    @Override public void writeCache(String file, byte[] data) {
        String rel = relative(file);
        if (rel == null) return;
        try {
            files.write(files.cacheFile(rel), data);
        } catch (IOException | RuntimeException e) {
            log.warn("could not cache {} of checksum database {}: {}", rel, spec.name(), e.toString());
        }
    }

    private String relative(String file) {
        String prefix = spec.name() + "/";
        return file.startsWith(prefix) ? file.substring(prefix.length()) : null;
    }

    @Override public void log(String msg) {
        log.debug("sumdb {}: {}", spec.name(), msg);
    }

    @Override public void securityError(String msg) {
        refusal = msg;
        log.error("checksum database {} MISBEHAVED: refusing every module it would verify until {} is removed\n{}", spec.name(), files.securityFile(), msg);
        try {
            files.write(files.securityFile(), msg.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.error("could not write {}: {}", files.securityFile(), e.toString());
        }
    }

    // ---------------------------------------------------------------- where the database is

    /**
     * The database's base URL: the one configured, else as the go command finds it: the first upstream proxy
     * answering 200 for /sumdb/NAME/supported (after a 404/410, or any error before a "|", the next is asked;
     * "direct" or "off" end the search), else https://NAME. Decided once, on first use.
     */
    private String base() throws IOException {
        String b = base;
        if (b != null) return b;
        synchronized (baseLock) {
            if (base == null) base = findBase();
            return base;
        }
    }

    private String findBase() throws IOException {
        if (spec.url() != null) return spec.url();
        String direct = "https://" + spec.name();
        for (UpstreamList.Entry e : upstreams.entries()) {
            if (e.type() != UpstreamList.Type.URL) return direct;
            if (e.url().startsWith("file:")) continue; // a GOPROXY tree on disk proxies no checksum database
            String candidate = e.url() + "/sumdb/" + spec.name();
            URI supported = URI.create(candidate + "/supported");
            try {
                Outbound.Answer a = outbound.get(supported, OutputStream.nullOutputStream(), 1 << 16, "checksum database support");
                if (a.status() == 200) {
                    log.info("checksum database {} is reached through {}", spec.name(), candidate);
                    return candidate;
                }
                if (a.status() != 404 && a.status() != 410 && !e.fallBackOnAnyError()) {
                    throw new RemoteStatusException(a.status(), "GET " + supported + ": " + a.status());
                }
            } catch (SourceException ex) {
                if (!e.fallBackOnAnyError()) throw ex;
            }
        }
        return direct;
    }
}
