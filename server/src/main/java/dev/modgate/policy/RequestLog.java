package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code requests.log}: refused requests, as lines that each count the refusals of one module@version and rule since
 * this process's previous line for it. Lines are merged by summing, so lines of several processes add up and a
 * compacted line stands for the lines it replaced. A refusal is written at most once an hour per key (the gate may
 * refuse the same build thousands of times); meanwhile it is counted in memory.
 */
final class RequestLog {
    /** Past this size the file is rewritten with one line per key. */
    static final long LIMIT = 4L << 20;
    static final Duration WRITE_EVERY = Duration.ofHours(1);
    /** Keys remembered in memory; past this, everything is written and forgotten (a flood of distinct refusals). */
    private static final int REMEMBERED = 10_000;

    record Key(ModuleVersion mv, String rule) {
        static Key of(PendingRequest r) { return new Key(r.mv(), r.rule()); }
    }

    /** What this process knows of a key: when it last wrote a line for it, and what it has counted since. */
    private record Recent(Instant written, PendingRequest unwritten) {}

    private final LinesFile file;
    private final Map<Key, Recent> recent = new HashMap<>();

    RequestLog(Path file, Duration lockWait) {
        this.file = new LinesFile(file, file.resolveSibling(file.getFileName() + ".lock"), lockWait);
    }

    void requested(PendingRequest r) throws IOException {
        PolicyJson.check(r.mv());
        Objects.requireNonNull(r.rule(), "a refused request names its rule");
        Objects.requireNonNull(r.first(), "a refused request has its time");
        Objects.requireNonNull(r.last(), "a refused request has its time");
        List<PendingRequest> due = new ArrayList<>();
        synchronized (recent) { // decided here, written outside: no file I/O while holding a monitor
            Key k = Key.of(r);
            Recent was = recent.get(k);
            PendingRequest counted = was == null || was.unwritten == null ? r : was.unwritten.merge(r);
            if (was == null || !r.last().isBefore(was.written.plus(WRITE_EVERY))) {
                due.add(counted);
                recent.put(k, new Recent(r.last(), null));
            } else {
                recent.put(k, new Recent(was.written, counted));
            }
            if (recent.size() > REMEMBERED) due.addAll(forget());
        }
        write(due);
    }

    /** The merged requests of every process, this one's unwritten counts included; lines written an hour ago go out first. */
    List<PendingRequest> pending(Instant now) throws IOException {
        List<PendingRequest> unwritten = new ArrayList<>();
        List<PendingRequest> due = new ArrayList<>();
        synchronized (recent) {
            for (Map.Entry<Key, Recent> e : recent.entrySet()) {
                PendingRequest u = e.getValue().unwritten;
                if (u == null) continue;
                if (!now.isBefore(e.getValue().written.plus(WRITE_EVERY))) {
                    due.add(u);
                    e.setValue(new Recent(now, null));
                } else {
                    unwritten.add(u);
                }
            }
        }
        write(due);
        List<PendingRequest> all = new ArrayList<>(file.parse(file.read(), PolicyJson::pendingRequest));
        all.addAll(unwritten);
        return merged(all);
    }

    /** Writes every count still in memory (on close). */
    void flush() throws IOException {
        List<PendingRequest> due;
        synchronized (recent) {
            due = forget();
        }
        write(due);
    }

    private List<PendingRequest> forget() {
        List<PendingRequest> due = new ArrayList<>();
        for (Recent r : recent.values()) if (r.unwritten != null) due.add(r.unwritten);
        recent.clear();
        return due;
    }

    private void write(List<PendingRequest> due) throws IOException {
        if (due.isEmpty()) return;
        // No fsync: a power failure may lose the last counts, which only makes a review queue slightly short.
        file.append(due.stream().map(PolicyJson::line).toList(), false);
        if (file.stamp().size() > LIMIT) file.compactIfOver(LIMIT, this::compacted);
    }

    /**
     * One line per key; if that is still over half the limit (many distinct refusals), the keys refused longest ago
     * are dropped until it is not, so the file stays bounded whatever is refused.
     */
    private List<String> compacted(List<String> lines) {
        List<PendingRequest> kept = merged(file.parse(lines, PolicyJson::pendingRequest));
        List<String> out = new ArrayList<>();
        long bytes = 0;
        for (PendingRequest r : kept) { // newest first
            String line = PolicyJson.line(r);
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes > LIMIT / 2) break;
            out.add(line);
        }
        return out.reversed(); // oldest first, as appends would have left them
    }

    /** One request per key (first the earliest, last the latest, counts summed), newest first. */
    static List<PendingRequest> merged(List<PendingRequest> all) {
        Map<Key, PendingRequest> byKey = new LinkedHashMap<>();
        for (PendingRequest r : all) byKey.merge(Key.of(r), r, PendingRequest::merge);
        List<PendingRequest> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(PendingRequest::last).reversed());
        return out;
    }
}
