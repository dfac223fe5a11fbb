package dev.modgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process holding a lock file of a data directory, as a modgate process that hangs would: started as a
 * separate JVM (file locks are per process), holds the lock until {@link #close}.
 */
public final class LockHolder implements AutoCloseable {
    private final Process process;

    public LockHolder(Path lockFile) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lockFile.toString()));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            process.destroyForcibly();
            throw new IOException("lock holder did not take " + lockFile + ": " + line);
        }
    }

    /** Releases the lock: the process exits when its stdin closes. */
    @Override public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    public static void main(String[] args) throws IOException {
        Path f = Path.of(args[0]);
        Files.createDirectories(f.getParent());
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
