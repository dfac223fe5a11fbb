package dev.modgate.testing;

import dev.modgate.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `modgate serve` in a JVM of its own, so a test can kill it as hard as a power cut would (SIGKILL). */
public final class ModgateProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ModgateProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts serve with the given arguments (plus --listen on a free loopback port) and waits until it answers. */
    public static ModgateProcess start(Path dir, Path log, String... serveArgs) throws Exception {
        return start(dir, log, List.of(), List.of(), java.util.Map.of(), serveArgs);
    }

    /**
     * @param wrapper  a command the JVM is run under (e.g. a shell that sets up a mount namespace and ends with
     *                 {@code exec "$@"}), or empty
     * @param jvmArgs  extra JVM options (-Dname=value)
     * @param env      extra environment variables
     */
    public static ModgateProcess start(Path dir, Path log, List<String> wrapper, List<String> jvmArgs, java.util.Map<String, String> env,
            String... serveArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.add("-D" + ExpectedErrors.PRINT_ALL + "=true"); // its log file is read whole: nothing held back
        cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--listen", "127.0.0.1:" + port));
        cmd.addAll(List.of(serveArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        ModgateProcess m = new ModgateProcess(p, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError("modgate exited with " + p.exitValue() + ":\n" + m.log());
            try {
                if (m.get("/healthz").statusCode() == 200) return m;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        m.kill9();
        throw new AssertionError("modgate did not start in 60s:\n" + m.log());
    }

    public String url() { return "http://127.0.0.1:" + port; }

    public HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill9() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override public void close() throws InterruptedException {
        // The JVM may run under a wrapper (unshare, strace) that leaves it behind when the wrapper alone is stopped.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill9();
    }
}
