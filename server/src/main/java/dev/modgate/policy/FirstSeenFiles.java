package dev.modgate.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.core.module.ModulePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code seen/}: when each version of a module was first seen, one file per module named by the SHA-256 of its path
 * (so no module string, however hostile or long, names a file outside the directory), starting {@code module PATH}
 * for whoever reads it, then {@code VERSION UNIXMILLIS} lines. The earliest line per version wins on read, so when
 * two processes both record a version the first writer's time stands. Not fsynced: a time lost to a power failure is
 * recorded again later, which can only hold a version longer, never release it early.
 */
final class FirstSeenFiles {
    private static final int REMEMBERED_MODULES = 10_000;
    private static final String HEADER = "module ";

    /** A file as last read: its size (of complete lines) and the earliest time per version. */
    private record Known(LinesFile.Stamp stamp, Map<String, Instant> first) {}

    private final Path dir;
    private final Path lock;
    private final Duration lockWait;
    private final Cache<String, Known> known = Caffeine.newBuilder().maximumSize(REMEMBERED_MODULES).build();

    FirstSeenFiles(Path dir, Duration lockWait) {
        this.dir = dir;
        // One lock for the directory: versions are new rarely, so appends seldom wait, and there is one lock file, not one per module.
        this.lock = dir.resolveSibling(dir.getFileName() + ".lock");
        this.lockWait = lockWait;
    }

    Map<String, Instant> firstSeen(String module, Collection<String> versions, Instant seenAt) throws IOException {
        ModulePath.checkPath(module);
        LinesFile file = new LinesFile(dir.resolve(fileName(module)), lock, lockWait);
        Map<String, Instant> first = read(module, file).first;
        List<String> missing = versions.stream().distinct()
                .filter(v -> !first.containsKey(v) && ModulePath.isCanonicalVersionOf(module, v)).toList();
        Map<String, Instant> now = first;
        if (!missing.isEmpty()) {
            file.appendMissing(lines -> {
                Map<String, Instant> there = parse(module, file, lines);
                List<String> add = new ArrayList<>();
                if (lines.isEmpty()) add.add(HEADER + module);
                for (String v : missing) if (!there.containsKey(v)) add.add(v + " " + seenAt.toEpochMilli());
                return add;
            }, false);
            known.invalidate(module);
            now = read(module, file).first;
        }
        Map<String, Instant> answer = new LinkedHashMap<>();
        for (String v : versions) answer.put(v, now.getOrDefault(v, seenAt));
        return answer;
    }

    private Known read(String module, LinesFile file) throws IOException {
        LinesFile.Stamp stamp = file.stamp();
        Known k = known.getIfPresent(module);
        if (k != null && k.stamp.equals(stamp)) return k;
        k = new Known(stamp, parse(module, file, file.read()));
        known.put(module, k);
        return k;
    }

    private static Map<String, Instant> parse(String module, LinesFile file, List<String> lines) {
        Map<String, Instant> first = new HashMap<>();
        List<Map.Entry<String, Instant>> entries = file.parse(lines, line -> {
            if (line.startsWith(HEADER)) {
                if (!line.substring(HEADER.length()).equals(module)) throw new LinesFile.BadLine("the header names another module");
                return null;
            }
            int space = line.indexOf(' ');
            if (space < 0) throw new LinesFile.BadLine("not VERSION UNIXMILLIS");
            String v = line.substring(0, space);
            if (!ModulePath.isCanonicalVersionOf(module, v)) throw new LinesFile.BadLine("not a version of " + module + ": " + v);
            try {
                return Map.entry(v, Instant.ofEpochMilli(Long.parseLong(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                throw new LinesFile.BadLine("not a time in Unix milliseconds");
            }
        });
        for (Map.Entry<String, Instant> e : entries) {
            if (e != null) first.merge(e.getKey(), e.getValue(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return first;
    }

    static String fileName(String module) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
