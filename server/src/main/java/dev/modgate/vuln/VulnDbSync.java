package dev.modgate.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.auth.Credentials;
import dev.modgate.net.Outbound;
import dev.modgate.net.Userinfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * New snapshots of the vulnerability database: {@link #sync} from a server (https, http: through {@link Outbound},
 * with its timeouts, proxies and credentials) or a directory (file://), incremental by {@code modified}; and
 * {@link #importZip} from the bulk {@code vulndb.zip}, offline. Either way the files are kept byte for byte, the same
 * database gives the same snapshot, and nothing is switched unless the whole of it passed {@link SnapshotCheck}.
 */
public final class VulnDbSync {
    /** The public database. */
    public static final String DEFAULT_URL = "https://vuln.go.dev";
    /** Entries fetched at once during a sync. */
    private static final int PARALLEL = 8;
    /** Members of vulndb.zip: the three indexes and the entries, each maybe with a .json.gz, and two directories. */
    static final int MAX_ZIP_MEMBERS = 100_000;

    private final VulnDbSnapshots snapshots;
    private final Outbound outbound;

    /** @param outbound for http(s) databases; null when only file:// and zips are used */
    public VulnDbSync(VulnDbSnapshots snapshots, Outbound outbound) {
        this.snapshots = snapshots;
        this.outbound = outbound;
    }

    /**
     * What a sync or import did.
     *
     * @param switched false when the database was the one in force already
     * @param fetched  entries read from the source (for an import: all of them)
     * @param reused   entries linked from the snapshot in force because their {@code modified} did not change
     */
    public record Result(Snapshot snapshot, boolean switched, int fetched, int reused) {
        /** One line for the log and the command line. */
        public String summary() {
            String s = snapshot.name() + " (modified " + snapshot.modified() + ", " + snapshot.entryCount() + " entries, " + snapshot.moduleCount() + " modules)";
            return switched ? "switched to " + s + ": " + fetched + " entries fetched, " + reused + " unchanged" : "unchanged: " + s + " is in force";
        }
    }

    /** Where a database is read from, by file path in the v1 layout. */
    private interface Source {
        byte[] get(String rel, long max) throws IOException;
    }

    /**
     * Brings the snapshot up to the database at base (https://vuln.go.dev, http://mirror/vulndb, file:///dir): reads
     * index/db.json and stops there when its modified time is the snapshot's; else reads both indexes, fetches the
     * entries whose modified time changed (the others are linked from the snapshot in force), checks the whole and
     * switches to it. A database older than the one in force is refused unless forced.
     */
    public Result sync(URI base, boolean force) throws IOException {
        Source source = source(base);
        byte[] db = source.get(VulnDbPaths.DB, SnapshotCheck.MAX_DB_BYTES);
        Instant modified = dbModified(db);
        Snapshot current = snapshots.readCurrent();
        if (current != null && modified.equals(current.modified())) return new Result(current, false, 0, 0);
        if (current != null && modified.isBefore(current.modified()) && !force) throw VulnDbSnapshots.older(modified, current);

        byte[] vulns = source.get(VulnDbPaths.VULNS, SnapshotCheck.MAX_INDEX_BYTES);
        byte[] modules = source.get(VulnDbPaths.MODULES, SnapshotCheck.MAX_INDEX_BYTES);
        Map<String, Instant> wanted = modifiedById(vulns, VulnDbPaths.VULNS);
        Map<String, Instant> have = current == null ? Map.of() : modifiedById(current.read(VulnDbPaths.VULNS), "the snapshot's " + VulnDbPaths.VULNS);

        Path staging = snapshots.newStaging();
        try {
            Files.write(staging.resolve(VulnDbPaths.DB), db);
            Files.write(staging.resolve(VulnDbPaths.VULNS), vulns);
            Files.write(staging.resolve(VulnDbPaths.MODULES), modules);
            List<String> fetch = new ArrayList<>();
            int reused = 0;
            for (Map.Entry<String, Instant> e : wanted.entrySet()) {
                if (e.getValue().equals(have.get(e.getKey())) && link(current, VulnDbPaths.entry(e.getKey()), staging)) reused++;
                else fetch.add(e.getKey());
            }
            fetchAll(source, fetch, staging);
            VulnDbSnapshots.Installed done = snapshots.install(staging, force);
            return new Result(done.snapshot(), done.switched(), fetch.size(), reused);
        } finally {
            VulnDbSnapshots.deleteTree(staging);
        }
    }

    /**
     * Makes a snapshot of a bulk {@code vulndb.zip} (https://vuln.go.dev/vulndb.zip) and switches to it. Its members
     * must be the database's files and nothing else: a name that is absolute, climbs out with "..", is not of the v1
     * layout, comes twice or is a symbolic link refuses the whole zip, as does a member over the size limits or more
     * than {@value #MAX_ZIP_MEMBERS} members. A member's .json.gz is ignored (made again from its .json).
     */
    public Result importZip(Path zip, boolean force) throws IOException {
        if (!Files.isRegularFile(zip)) throw new VulnDbException(zip + " is not a file: give the path of vulndb.zip");
        List<ZipMembers.Member> members = ZipMembers.read(zip, MAX_ZIP_MEMBERS);
        Set<String> names = new HashSet<>();
        List<String> files = new ArrayList<>();
        for (ZipMembers.Member m : members) {
            String n = m.name();
            String q = SnapshotCheck.quote(n);
            if (n.startsWith("/") || n.startsWith("\\") || n.matches("^[A-Za-z]:.*")) throw new VulnDbException("zip member " + q + " is an absolute path");
            if (n.contains("\\")) throw new VulnDbException("zip member " + q + " has a backslash in its name");
            for (String el : n.split("/")) {
                if (el.equals("..") || el.equals(".")) throw new VulnDbException("zip member " + q + " leaves the database's directory (" + el + ")");
            }
            if (!names.add(n)) throw new VulnDbException("zip member " + q + " appears twice");
            if (m.symlink()) throw new VulnDbException("zip member " + q + " is a symbolic link");
            if (n.equals("index/") || n.equals("ID/")) continue;
            if (!VulnDbPaths.isServed(n)) throw new VulnDbException("zip member " + q + " is not a file of the vulnerability database (want " + VulnDbPaths.SHAPES + ")");
            long max = limit(n);
            if (m.size() > max) throw new VulnDbException("zip member " + q + " is " + m.size() + " bytes, more than the limit of " + max);
            if (!n.endsWith(VulnDbPaths.GZ)) files.add(n);
        }
        Path staging = snapshots.newStaging();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            if (zf.size() != members.size()) throw new VulnDbException(zip.getFileName() + " is not a valid zip file: its directories disagree");
            for (String n : files) {
                ZipEntry e = zf.getEntry(n);
                if (e == null) throw new VulnDbException(zip.getFileName() + " is not a valid zip file: member " + n + " cannot be read");
                long max = limit(n);
                try (InputStream in = zf.getInputStream(e); OutputStream out = Files.newOutputStream(staging.resolve(n), StandardOpenOption.CREATE_NEW)) {
                    copyAtMost(in, out, max, "zip member " + n);
                }
            }
            VulnDbSnapshots.Installed done = snapshots.install(staging, force);
            return new Result(done.snapshot(), done.switched(), done.switched() ? done.snapshot().entryCount() : 0, 0);
        } catch (java.util.zip.ZipException e) {
            throw new VulnDbException(zip.getFileName() + " is not a valid zip file: " + e.getMessage());
        } finally {
            VulnDbSnapshots.deleteTree(staging);
        }
    }

    private static long limit(String rel) {
        return rel.startsWith("ID/") ? SnapshotCheck.MAX_ENTRY_BYTES : rel.startsWith(VulnDbPaths.DB) ? SnapshotCheck.MAX_DB_BYTES : SnapshotCheck.MAX_INDEX_BYTES;
    }

    private static void copyAtMost(InputStream in, OutputStream out, long max, String what) throws IOException {
        byte[] buf = new byte[64 << 10];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) throw new VulnDbException(what + " is larger than the limit of " + max + " bytes");
            out.write(buf, 0, n);
        }
    }

    /** An entry's files linked (copied where links cannot be made) from the snapshot in force; false if it has none. */
    private static boolean link(Snapshot from, String rel, Path staging) throws IOException {
        Path src = from.file(rel);
        if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) return false;
        linkOrCopy(src, staging.resolve(rel));
        Path gz = from.file(rel + VulnDbPaths.GZ);
        if (Files.isRegularFile(gz, LinkOption.NOFOLLOW_LINKS)) linkOrCopy(gz, staging.resolve(rel + VulnDbPaths.GZ));
        return true;
    }

    private static void linkOrCopy(Path src, Path dst) throws IOException {
        try {
            Files.createLink(dst, src);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException) throw (java.nio.file.FileAlreadyExistsException) e;
            Files.copy(src, dst);
        }
    }

    /** Fetches the entries, {@value #PARALLEL} at a time; the first failure fails the sync. */
    private static void fetchAll(Source source, List<String> ids, Path staging) throws IOException {
        if (ids.isEmpty()) return;
        Semaphore permits = new Semaphore(PARALLEL);
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(pool.submit(() -> {
                    if (failed.get() > 0) return null;
                    permits.acquire();
                    try {
                        String rel = VulnDbPaths.entry(id);
                        Files.write(staging.resolve(rel), source.get(rel, SnapshotCheck.MAX_ENTRY_BYTES), StandardOpenOption.CREATE_NEW);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        throw e;
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted fetching the vulnerability database");
                }
            }
        }
    }

    /** index/db.json's modified time, refusing a file that is not one. */
    private static Instant dbModified(byte[] db) throws VulnDbException {
        JsonNode n = json(db, VulnDbPaths.DB);
        if (!n.isObject() || !n.path("modified").isTextual()) throw new VulnDbException(VulnDbPaths.DB + ": want {\"modified\": TIME}");
        return SnapshotCheck.time(n.get("modified").asText(), VulnDbPaths.DB);
    }

    /** index/vulns.json as id to modified time; ids checked, since they become file names. */
    private static Map<String, Instant> modifiedById(byte[] vulns, String what) throws VulnDbException {
        JsonNode n = json(vulns, what);
        if (!n.isArray()) throw new VulnDbException(what + ": want a JSON array of {id, modified, aliases}");
        if (n.size() > SnapshotCheck.MAX_ENTRIES) throw new VulnDbException(what + ": " + n.size() + " entries, more than the limit of " + SnapshotCheck.MAX_ENTRIES);
        Map<String, Instant> out = new LinkedHashMap<>();
        for (JsonNode v : n) {
            String id = v.path("id").asText("");
            if (!VulnDbPaths.isId(id)) throw new VulnDbException(what + ": " + SnapshotCheck.quote(id) + " is not a Go vulnerability id (GO-YYYY-NNNN)");
            if (!v.path("modified").isTextual()) throw new VulnDbException(what + ": " + id + ": no modified time");
            if (out.put(id, SnapshotCheck.time(v.get("modified").asText(), what + ": " + id)) != null) throw new VulnDbException(what + ": " + id + " is listed twice");
        }
        return out;
    }

    private static JsonNode json(byte[] b, String what) throws VulnDbException {
        try {
            JsonNode n = SnapshotCheck.JSON.readTree(b);
            if (n == null || n.isMissingNode()) throw new VulnDbException(what + " is empty, not JSON");
            return n;
        } catch (JsonProcessingException e) {
            throw new VulnDbException(what + " is not valid JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        } catch (IOException e) {
            throw new VulnDbException(what + ": " + e.getMessage());
        }
    }

    private Source source(URI base) throws VulnDbException {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                Path dir;
                try {
                    dir = Path.of(base);
                } catch (IllegalArgumentException e) {
                    throw new VulnDbException("vulnerability database " + base + ": " + e.getMessage() + " (write file:///absolute/dir)");
                }
                return (rel, max) -> {
                    Path f = dir.resolve(rel);
                    try {
                        long size = Files.size(f);
                        if (size > max) throw new VulnDbException(base + "/" + rel + " is " + size + " bytes, more than the limit of " + max);
                        return Files.readAllBytes(f);
                    } catch (NoSuchFileException e) {
                        throw new VulnDbException(base + "/" + rel + " does not exist: is " + dir + " a vulnerability database (index/db.json, ID/)?");
                    }
                };
            }
            case "http", "https" -> {
                if (outbound == null) throw new VulnDbException("vulnerability database " + Userinfo.redact(base.toString()) + ": no outbound HTTP in this process");
                String root = trimSlash(Userinfo.redact(base.toString()));
                return (rel, max) -> {
                    URI u = URI.create(root + "/" + rel);
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    Outbound.Answer a;
                    try {
                        a = outbound.get(u, buf, max, "vulnerability database " + rel);
                    } catch (IOException e) {
                        throw new VulnDbException("GET " + u + ": " + e.getMessage(), e);
                    }
                    if (a.status() != 200) {
                        throw new VulnDbException("GET " + u + ": " + a.status() + (a.errorText() == null || a.errorText().isEmpty() ? "" : " " + a.errorText()));
                    }
                    return buf.toByteArray();
                };
            }
            default -> throw new VulnDbException("vulnerability database " + Userinfo.redact(base.toString()) + ": want an https://, http:// or file:// URL");
        }
    }

    private static String trimSlash(String s) {
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /**
     * Credentials plus a database URL's user information (https://user:secret@host), for its host and port only, as
     * for upstreams: give the result to the {@link Outbound} that syncs, and the URL to {@link #sync} as it was given.
     */
    public static Credentials credentialsFor(String url, Credentials base) {
        try {
            URI u = new URI(Userinfo.escapeAtSigns(url));
            var c = Userinfo.credentials(u);
            return c == null ? base : base.withUserinfo(u, c);
        } catch (java.net.URISyntaxException e) {
            return base;
        }
    }

    /** The URL as given, parsed (user information and "@" in it read as the go command reads them); other schemes refused. */
    public static URI parse(String url) throws VulnDbException {
        try {
            URI u = new URI(Userinfo.escapeAtSigns(url.strip()));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
                throw new VulnDbException("vulnerability database " + Userinfo.redactUrl(url) + ": want an https://, http:// or file:// URL");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new VulnDbException("vulnerability database " + Userinfo.redactUrl(url) + ": invalid URL: " + Userinfo.redact(e.getReason()));
        }
    }
}
