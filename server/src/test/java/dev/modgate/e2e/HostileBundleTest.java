package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.bundle.BundleManifest;
import dev.modgate.bundle.TarWriter;
import dev.modgate.testing.Cli;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles that lie about their members, made on the fly (zeros compress a thousandfold, so a small file can claim
 * gigabytes): sizes over a kind's limit, more than the disk holds, a member larger than the manifest says, members
 * whose content does not match. Each is refused with one line per problem, before or at the first bad member, with
 * at most one member's worth of disk ever used and nothing left behind. Before the fix every member was staged in
 * full before anything was checked.
 */
class HostileBundleTest {
    static final String SHA = "0".repeat(64);
    static final String H1 = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    @TempDir Path tmp;

    record Member(String name, long declared, long inTar, long written) {}

    /** A gzip'd bundle: the manifest declaring each member's size, then members of zeros (inTar in the header, written bytes). */
    private Path bundle(List<Member> members) throws IOException {
        List<BundleManifest.FileEntry> files = new ArrayList<>();
        List<BundleManifest.Module> modules = new ArrayList<>();
        for (Member m : members) {
            files.add(new BundleManifest.FileEntry(m.name(), m.declared(), SHA));
            String mod = m.name().substring(0, m.name().indexOf("/@v/"));
            String version = m.name().substring(m.name().indexOf("/@v/") + 4, m.name().lastIndexOf('.'));
            modules.add(new BundleManifest.Module(mod, version, H1, H1));
        }
        byte[] manifest = new BundleManifest(BundleManifest.FORMAT, "2026-01-01T00:00:00Z", modules, files).toJson();
        Path b = tmp.resolve("bundle-" + System.nanoTime() + ".tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(b), 1 << 16)) {
            TarWriter tar = new TarWriter(out);
            tar.add(BundleManifest.MEMBER, manifest, 0);
            for (Member m : members) {
                try {
                    tar.add(m.name(), m.inTar(), 0, zeros(m.written()));
                } catch (IOException cut) {
                    return b; // the header claims more than follows: the bundle ends here
                }
            }
            tar.close();
        }
        return b;
    }

    private static InputStream zeros(long n) {
        return new InputStream() {
            long left = n;

            @Override public int read() {
                if (left <= 0) return -1;
                left--;
                return 0;
            }

            @Override public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 0);
                left -= k;
                return k;
            }
        };
    }

    private Cli.Result importInto(Path data, Path bundle) {
        return Cli.run("bundle", "import", "--data", data.toString(), bundle.toString());
    }

    private static void assertNothingLeft(Path data) throws IOException {
        assertThat(data.resolve("example.com")).as("nothing imported").doesNotExist();
        Path t = data.resolve(".modgate/tmp");
        if (!Files.exists(t)) return;
        try (Stream<Path> s = Files.walk(t)) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".alive")).toList()).as("no staged file left").isEmpty();
        }
    }

    @Test void sizesOverTheirKindsLimitAreRefusedBeforeAnythingIsRead() throws Exception {
        long big = 300L << 20;
        // Only the first member's header follows the manifest: reading it would fail as a truncated bundle.
        Path b = bundle(List.of(
                new Member("example.com/big/@v/v1.0.0.info", big, big, 10),
                new Member("example.com/big/@v/v1.0.0.mod", big, big, 0),
                new Member("example.com/big/@v/v1.0.0.zip", 600L << 20, 600L << 20, 0)));
        assertThat(Files.size(b)).isLessThan(1 << 20);
        Path data = tmp.resolve("data");
        Cli.Result r = importInto(data, b);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("example.com/big/@v/v1.0.0.info: its manifest size 314572800 is over the limit of 65536 bytes")
                .contains("example.com/big/@v/v1.0.0.mod: its manifest size 314572800 is over the limit of 16777216 bytes")
                .contains("example.com/big/@v/v1.0.0.zip: its manifest size 629145600 is over the limit of 524288000 bytes")
                .doesNotContain("truncated");
        assertNothingLeft(data);
    }

    @Test void aBundleNeedingMoreThanTheFreeSpaceIsRefusedBeforeStaging() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        long usable = Files.getFileStore(data).getUsableSpace();
        long zip = 500L << 20;
        List<Member> members = new ArrayList<>();
        for (long i = 0; i <= usable / zip + 1; i++) members.add(new Member("example.com/huge/@v/v1.0." + i + ".zip", zip, zip, 10));
        Path b = bundle(members);
        Cli.Result r = importInto(data, b);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("files need " + members.size() * zip + " bytes").contains("bytes free; free some space or import a smaller bundle")
                .doesNotContain("truncated");
        assertNothingLeft(data);
    }

    @Test void aMemberLargerThanItsManifestSizeIsRefusedAtItsHeader() throws Exception {
        // The manifest says 1000 bytes; the tar header claims 300 MB, and the bundle ends a few bytes into it.
        Path b = bundle(List.of(new Member("example.com/liar/@v/v1.0.0.zip", 1000, 300L << 20, 10)));
        Path data = tmp.resolve("data");
        Cli.Result r = importInto(data, b);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("example.com/liar/@v/v1.0.0.zip: size 314572800 does not match the manifest's 1000").doesNotContain("truncated");
        assertNothingLeft(data);
    }

    @Test void theFirstBadMemberEndsTheImportWithAtMostOneMemberOnDisk() throws Exception {
        long each = 48L << 20;
        List<Member> members = List.of(
                new Member("example.com/zeros/@v/v1.0.0.zip", each, each, each),
                new Member("example.com/zeros/@v/v1.0.1.zip", each, each, each),
                new Member("example.com/zeros/@v/v1.0.2.zip", each, each, each));
        Path b = bundle(members);
        assertThat(Files.size(b)).as("a small bundle claiming %d bytes", 3 * each).isLessThan(1 << 20);
        Path data = Files.createDirectories(tmp.resolve("data"));

        // Watch the staging directory while the import runs: its peak is what the bundle cost on disk.
        AtomicLong peak = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(staged(data.resolve(".modgate/tmp")), Math::max);
                Thread.onSpinWait();
            }
        });
        Cli.Result r;
        try {
            r = importInto(data, b);
        } finally {
            done.set(true);
            watcher.join();
        }
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("example.com/zeros/@v/v1.0.0.zip: SHA-256 ").contains("does not match the manifest")
                .contains("stopped at the first problem; the rest of the bundle was not read")
                .doesNotContain("v1.0.1.zip").doesNotContain("v1.0.2.zip");
        assertThat(r.err().lines().filter(l -> l.contains("v1.0.0.zip"))).as("one line for the bad member").hasSize(1);
        assertThat(peak.get()).as("bytes staged at the peak").isLessThanOrEqualTo(each);
        assertNothingLeft(data);
    }

    @Test void metadataTheGoCommandRejectsIsRefusedAsFromAnUpstream() throws Exception {
        // Intact (its SHA-256 is the manifest's), but the go command would read v1.9.9 from it, or no go.mod at all.
        for (String[] c : new String[][] {
                {"example.com/fold/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\",\"VERSION\":\"v1.9.9\"}", "returned info for version v1.9.9 instead of requested version v1.0.0"},
                {"example.com/fold/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00Z\"}", "parsing time"},
                {"example.com/fold/@v/v1.0.0.mod", "<html><body>Sign in</body></html>\n", "go.mod"}}) {
            byte[] body = c[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
            String h1 = dev.modgate.core.dirhash.DirHash.hashGoMod(body);
            byte[] manifest = new BundleManifest(BundleManifest.FORMAT, "2026-01-01T00:00:00Z",
                    List.of(new BundleManifest.Module("example.com/fold", "v1.0.0", null, h1)),
                    List.of(new BundleManifest.FileEntry(c[0], body.length, sha))).toJson();
            Path b = tmp.resolve("meta-" + System.nanoTime() + ".tar");
            try (TarWriter tar = new TarWriter(Files.newOutputStream(b))) {
                tar.add(BundleManifest.MEMBER, manifest, 0);
                tar.add(c[0], body, 0);
            }
            Path data = tmp.resolve("data-" + System.nanoTime());
            Cli.Result r = importInto(data, b);
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains(c[0] + ": ").contains(c[2]);
            assertNothingLeft(data);
        }
    }

    /**
     * A manifest with nulls where the importer expects values, or that is no JSON object, or nested beyond the
     * parser's limit: refused with one line saying the manifest is damaged. Before, these gave Jackson's two-line
     * messages or a NullPointerException's text ("Cannot invoke ... because "f" is null").
     */
    @Test void aDamagedManifestIsRefusedInOneLine() throws Exception {
        String f = "\"format\":\"" + BundleManifest.FORMAT + "\"";
        String[][] cases = {
                {"{" + f + ",\"modules\":[],\"files\":[null]}", "bundle manifest: files[0] lacks its name or sha256"},
                {"{" + f + ",\"modules\":[],\"files\":[{\"name\":null,\"size\":1,\"sha256\":\"00\"}]}", "bundle manifest: files[0] lacks its name or sha256"},
                {"{" + f + ",\"modules\":[null],\"files\":[]}", "bundle manifest: modules[0] lacks its path or version"},
                {"", "bundle manifest is not valid: "},
                {"[]", "bundle manifest is not valid: "},
                {"{" + f + ",\"modules\":[],\"files\":[{\"name\":\"example.com/m/@v/v1.0.0.mod\",\"size\":99999999999999999999999,\"sha256\":\"00\"}]}",
                        "bundle manifest is not valid: "},
                {"{" + f + ",\"modules\":[],\"files\":[],\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "bundle manifest is not valid: "}};
        for (String[] c : cases) {
            Path b = tmp.resolve("manifest-" + System.nanoTime() + ".tar");
            try (TarWriter tar = new TarWriter(Files.newOutputStream(b))) {
                tar.add(BundleManifest.MEMBER, c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
            }
            Path data = tmp.resolve("data-" + System.nanoTime());
            Cli.Result r = importInto(data, b);
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.errLines()).as(c[0]).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("modgate: " + c[1]).doesNotContain("Cannot invoke").doesNotContain("Source");
            assertNothingLeft(data);
        }
    }

    /**
     * A 200 KB gzipped bundle whose manifest is 120 MiB of white space: it was read whole into memory, and an import
     * with a 64 MiB heap died with OutOfMemoryError and a stack trace. Read as a stream, it is just an empty bundle.
     */
    @Test void aPaddedManifestDoesNotExhaustMemory() throws Exception {
        byte[] head = ("{\"format\":\"" + BundleManifest.FORMAT + "\",\"modules\":[],\"files\":[]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long padding = 120L << 20;
        Path b = tmp.resolve("padded.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(b), 1 << 16)) {
            TarWriter tar = new TarWriter(out);
            InputStream body = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                    new java.io.ByteArrayInputStream(head), new SpaceStream(padding), new java.io.ByteArrayInputStream(new byte[] {'}'}))));
            tar.add(BundleManifest.MEMBER, head.length + padding + 1, 0, body);
            tar.close();
        }
        assertThat(Files.size(b)).as("small on disk").isLessThan(1 << 20);
        Path data = tmp.resolve("data-padded");
        Cli.Result r = Cli.runProcess(tmp, List.of("-Xmx64m"), "bundle", "import", "--data", data.toString(), "--sumdb", "off", b.toString());
        assertThat(r.err()).doesNotContain("OutOfMemoryError");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 0 files");
        assertNothingLeft(data);
    }

    /** n spaces. */
    private static final class SpaceStream extends InputStream {
        long left;

        SpaceStream(long n) { left = n; }

        @Override public int read() {
            if (left <= 0) return -1;
            left--;
            return ' ';
        }

        @Override public int read(byte[] buf, int off, int len) {
            if (left <= 0) return -1;
            int k = (int) Math.min(len, left);
            java.util.Arrays.fill(buf, off, off + k, (byte) ' ');
            left -= k;
            return k;
        }
    }

    private static long staged(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    return 0; // deleted meanwhile
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
