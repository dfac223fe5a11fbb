package dev.modgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted on a test's directory, for tests of a full disk (needs root, as the tests have here). */
public final class Tmpfs {
    private Tmpfs() {}

    /** Mounts a tmpfs of the given size (as mount's size=, e.g. "8m") on dir, or returns why it cannot. */
    public static String mount(Path dir, String size) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) return "mount did not finish";
            return p.exitValue() == 0 ? null : out.isEmpty() ? "mount exited with " + p.exitValue() : out;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Mounts a tmpfs on dir for a test that cannot run without one: outside CI the test is skipped, saying why; in
     * CI (CI=true, where the tests run as root) it fails, as a test needing a real part never skips there.
     */
    public static void mountOrSkip(Path dir, String size) throws InterruptedException {
        String error = mount(dir, size);
        if (error == null) return;
        String why = "cannot mount a small tmpfs here (needs root, CAP_SYS_ADMIN): " + error;
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(why);
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    /** Unmounts dir, lazily if it is still busy. */
    public static void umount(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
