package dev.modgate.licence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Detects the licences of a module version from its zip, as pkg.go.dev does: the files {@link LicenceFileNames}
 * picks, each identified by the {@link LicenceMatcher}, UNKNOWN below {@link #COVERAGE_THRESHOLD} percent coverage.
 * The same MIT and Apache texts recur across thousands of versions, so results are cached by the SHA-256 of the
 * file's bytes (bounded; a miss costs one scan, see the package documentation for the figure).
 *
 * <p>Slow enough (milliseconds per file, plus reading the zip) that it belongs off the request path. Thread-safe.
 */
public final class LicenceDetector {
    /** pkgsite's coverageThreshold: less licence text than this and the file's licence is UNKNOWN. */
    public static final double COVERAGE_THRESHOLD = 75;

    private final LicenceMatcher matcher;
    private final Cache<String, Identified> byHash = Caffeine.newBuilder().maximumSize(10_000).build();

    public LicenceDetector(LicenceMatcher matcher) {
        this.matcher = matcher;
    }

    /**
     * The licence files of the module zip at {@code zip}, whose entries lie under {@code module@version/}. Reads the
     * zip's directory, then only the licence files.
     *
     * @throws IOException if the zip cannot be read
     */
    public ModuleLicences detect(Path zip, String module, String version) throws IOException {
        String prefix = module + "@" + version + "/";
        List<DetectedLicence> found = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String path = licencePath(entry, prefix);
                if (path != null) {
                    try (InputStream in = file.getInputStream(entry)) {
                        found.add(read(path, entry, in));
                    }
                }
            }
        }
        return sorted(found);
    }

    /**
     * The same from a zip read as a stream (a stored artifact, which the storage hands out as a channel): every
     * entry is passed over, only the licence files are read.
     *
     * @throws IOException if the zip cannot be read
     */
    public ModuleLicences detect(InputStream zip, String module, String version) throws IOException {
        String prefix = module + "@" + version + "/";
        List<DetectedLicence> found = new ArrayList<>();
        ZipInputStream in = new ZipInputStream(zip);
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            String path = licencePath(entry, prefix);
            if (path != null) {
                found.add(read(path, entry, in));
            }
        }
        return sorted(found);
    }

    /** The entry's path in the module if it is a licence file, else null. */
    private static String licencePath(ZipEntry entry, String prefix) {
        if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
            return null;
        }
        String path = entry.getName().substring(prefix.length());
        return LicenceFileNames.isLicenceFile(path) ? path : null;
    }

    /** Reads at most the size limit: a larger file is UNKNOWN, as pkgsite's readFile refuses it. */
    private DetectedLicence read(String path, ZipEntry entry, InputStream in) throws IOException {
        if (entry.getSize() > LicenceFileNames.MAX_SIZE) {
            return new DetectedLicence(path, List.of(DetectedLicence.UNKNOWN), 0);
        }
        byte[] bytes = in.readNBytes((int) LicenceFileNames.MAX_SIZE + 1);
        return bytes.length > LicenceFileNames.MAX_SIZE
                ? new DetectedLicence(path, List.of(DetectedLicence.UNKNOWN), 0)
                : identify(path, bytes);
    }

    private static ModuleLicences sorted(List<DetectedLicence> found) {
        found.sort(Comparator.comparing((DetectedLicence d) -> !d.atRoot()).thenComparing(DetectedLicence::path));
        return new ModuleLicences(found);
    }

    /** The licence of one file's {@code bytes}, found at {@code path}. */
    public DetectedLicence identify(String path, byte[] bytes) {
        Identified identified = byHash.get(sha256(bytes), hash -> identify(bytes));
        return new DetectedLicence(path, identified.ids, identified.percent);
    }

    private Identified identify(byte[] bytes) {
        Coverage coverage = matcher.scan(bytes);
        List<String> ids = coverage.percent() < COVERAGE_THRESHOLD
                ? List.of()
                : coverage.matches().stream().map(Coverage.Match::id).distinct().sorted().toList();
        return new Identified(ids.isEmpty() ? List.of(DetectedLicence.UNKNOWN) : ids, coverage.percent());
    }

    /** The hash of a licence file's bytes: the cache key, and the key a background queue can share. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private record Identified(List<String> ids, double percent) {
    }
}
