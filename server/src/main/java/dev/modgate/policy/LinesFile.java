package dev.modgate.policy;

import dev.modgate.storage.FileLocks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of text lines that several processes append to. Writers hold a lock file (not the file itself: a POSIX lock
 * belongs to the process and closing any descriptor on the file, a reader's included, would drop it); readers take no
 * lock and see only complete lines, so an append under way or torn by a crash is not read. The next append ends the
 * torn line with {@link #TORN}, which no line format accepts (a time cut short is an earlier time: it must never be
 * read as one), and starts on a new line.
 */
final class LinesFile {
    private static final Logger log = LoggerFactory.getLogger(LinesFile.class);

    /** Ends a line torn by a crash, so that it stays a bad line once a newline follows it. */
    static final String TORN = " <torn by a crash: ignored>";

    /** The bad-line count last warned about per file, so one WARN is written per file, again only when it changes. */
    private static final Map<Path, Integer> WARNED = new ConcurrentHashMap<>();

    /** What one stat says of the file: a reader re-reads only when this changed. ABSENT when there is no file. */
    record Stamp(long size, FileTime modified) {
        static final Stamp ABSENT = new Stamp(-1, FileTime.fromMillis(0));
    }

    /** A line that does not parse: skipped by {@link #parse}, with the reason in the WARN. */
    static final class BadLine extends Exception {
        BadLine(String reason) { super(reason, null, false, false); }
    }

    interface LineParser<T> {
        T parse(String line) throws BadLine;
    }

    private final Path file;
    private final Path lock;
    private final Duration lockWait;

    LinesFile(Path file, Path lock, Duration lockWait) {
        this.file = file;
        this.lock = lock;
        this.lockWait = lockWait;
    }

    Path path() { return file; }

    Stamp stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return Stamp.ABSENT;
        }
    }

    /** The complete lines (each ended by a newline); none when there is no file. */
    List<String> read() throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return completeLines(all, all.length);
    }

    /** Each line parsed; a line that does not is skipped, with one WARN per file naming the first. */
    <T> List<T> parse(List<String> lines, LineParser<T> parser) {
        List<T> out = new ArrayList<>(lines.size());
        int bad = 0;
        String first = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                out.add(parser.parse(line));
            } catch (BadLine | RuntimeException e) {
                if (bad++ == 0) first = "line " + (i + 1) + ": " + e.getMessage();
            }
        }
        Integer before = bad == 0 ? WARNED.remove(file) : WARNED.put(file, bad);
        if (bad > 0 && (before == null || before != bad)) {
            log.warn("skipped {} unreadable line(s) of {} ({}); fix or delete them", bad, file, first);
        }
        return out;
    }

    /** Appends lines; {@code durable} fsyncs them before the lock is released. */
    void append(List<String> lines, boolean durable) throws IOException {
        appendMissing(existing -> lines, durable, false);
    }

    /**
     * Appends what {@code toAdd} says is missing from the complete lines read under the lock, so that of two processes
     * racing to add the same line only the first does.
     */
    void appendMissing(Function<List<String>, List<String>> toAdd, boolean durable) throws IOException {
        appendMissing(toAdd, durable, true);
    }

    private void appendMissing(Function<List<String>, List<String>> toAdd, boolean durable, boolean readFirst) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileLocks.Held held = lock();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            List<String> existing = readFirst ? completeLines(readAll(ch, size), (int) size) : List.of();
            List<String> lines = toAdd.apply(existing);
            if (lines.isEmpty()) return;
            StringBuilder text = new StringBuilder();
            if (size > 0 && lastByte(ch, size) != '\n') text.append(TORN).append('\n');
            for (String l : lines) {
                if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) throw new IllegalArgumentException("a line must not contain a line break: " + l);
                text.append(l).append('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            long at = size;
            while (buf.hasRemaining()) at += ch.write(buf, at);
            if (durable) ch.force(true);
        }
    }

    /**
     * Under the lock, when the file is larger than {@code over} bytes, replaces its lines with {@code compacted(lines)}
     * (a temporary file beside it, fsynced, renamed over it: readers see the old file or the new, never a mix).
     */
    void compactIfOver(long over, UnaryOperator<List<String>> compacted) throws IOException {
        try (FileLocks.Held held = lock()) {
            if (stamp().size() <= over) return; // another process compacted it first
            List<String> kept = compacted.apply(read());
            // Not Files.createTempFile: its owner-only mode would become the file's, and the policy commands an
            // operator runs beside the server must still read it (files keep the process's umask).
            Path tmp = file.resolveSibling(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap((String.join("\n", kept) + (kept.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private FileLocks.Held lock() throws IOException {
        return FileLocks.acquire(lock, System.nanoTime() + lockWait.toNanos(), "the policy file " + file, "--lock-wait");
    }

    private static byte[] readAll(FileChannel ch, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) throw new IOException("file too large to read: " + size + " bytes");
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {}
        return buf.array();
    }

    private static int lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    private static List<String> completeLines(byte[] bytes, int length) {
        int end = length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (end == 0) return List.of();
        String text = new String(bytes, 0, end - 1, StandardCharsets.UTF_8);
        return List.of(text.split("\n", -1));
    }
}
