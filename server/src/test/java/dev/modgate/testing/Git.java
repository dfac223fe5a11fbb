package dev.modgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real git with a private HOME and global config and a fixed identity and clock, so repositories made
 * by tests are the same on every machine. In CI (CI=true) a missing git is a failure, never a skip.
 */
public final class Git {
    private final Path globalConfig;

    public Git(Path home) throws IOException {
        GoTool.require("git");
        Files.createDirectories(home);
        globalConfig = home.resolve(".gitconfig");
        if (!Files.exists(globalConfig)) Files.createFile(globalConfig);
    }

    /** The global config file, shared with the go command when it runs with the same HOME. */
    public Path globalConfig() { return globalConfig; }

    public String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("HOME", globalConfig.getParent().toString());
        env.put("GIT_CONFIG_GLOBAL", globalConfig.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "modgate test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.test");
        env.put("GIT_COMMITTER_NAME", "modgate test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.test");
        env.put("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z");
        env.put("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " did not finish in a minute");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError("git " + String.join(" ", args) + " in " + dir + " failed: " + text);
        return text;
    }
}
