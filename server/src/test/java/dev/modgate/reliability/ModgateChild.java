package dev.modgate.reliability;

import dev.modgate.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code modgate serve} as a process of its own, to be killed with SIGKILL: the built jar when the system property
 * {@code reliability.jar} names it (the full suite), else this test's classpath (the smoke run inside the test
 * command, where the jar is not packaged yet).
 */
final class ModgateChild implements AutoCloseable {
    private final Process process;
    private final int port;

    private ModgateChild(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ModgateChild start(Path log, String... serveArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        String jar = System.getProperty("reliability.jar", "");
        if (!jar.isEmpty()) {
            cmd.addAll(List.of("-jar", jar));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        cmd.addAll(List.of("serve", "--listen", "127.0.0.1:" + port));
        cmd.addAll(List.of(serveArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("MODGATE_ACCESS_LOG", "off");
        Process p = pb.start();
        ModgateChild c = new ModgateChild(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("modgate exited with " + p.exitValue() + " (log: " + log + ")");
            try (RawClient http = new RawClient(port, 2000)) {
                RawClient.Reply r = http.get("GET", "/healthz");
                if (r != null && r.status() == 200) return c;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        c.kill9();
        throw new IllegalStateException("modgate did not start within 60 s (log: " + log + ")");
    }

    int port() { return port; }

    long pid() { return process.pid(); }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill9();
    }
}
