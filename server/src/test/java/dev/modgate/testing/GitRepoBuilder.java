package dev.modgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds a fixture repository with the real git command: files, commits at fixed times (so pseudo-versions are
 * predictable), lightweight and annotated tags, branches; then publishes it as a bare repository a git server can
 * serve.
 */
public final class GitRepoBuilder {
    private final Path work;
    private final Path home;
    private Instant time = Instant.parse("2021-03-04T05:06:07Z");

    public GitRepoBuilder(Path work) throws IOException, InterruptedException {
        GoTool.require("git");
        this.work = Files.createDirectories(work);
        this.home = Files.createDirectories(work.resolveSibling(work.getFileName() + ".home"));
        git("init", "-q", "-b", "main");
    }

    public Path dir() { return work; }

    public GitRepoBuilder write(String path, String content) throws IOException {
        Path f = work.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return this;
    }

    public GitRepoBuilder symlink(String path, String target) throws IOException {
        Path f = work.resolve(path);
        Files.createDirectories(f.getParent());
        Files.createSymbolicLink(f, Path.of(target));
        return this;
    }

    public GitRepoBuilder delete(String path) throws IOException, InterruptedException {
        git("rm", "-q", "-r", path);
        return this;
    }

    /** Commits everything, one day after the previous commit; returns the commit hash. */
    public String commit(String message) throws IOException, InterruptedException {
        time = time.plusSeconds(86_400);
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    public Instant lastCommitTime() { return time; }

    public GitRepoBuilder tag(String name) throws IOException, InterruptedException {
        git("tag", name);
        return this;
    }

    public GitRepoBuilder annotatedTag(String name) throws IOException, InterruptedException {
        git("tag", "-a", "-m", "release " + name, name);
        return this;
    }

    /** Switches to a new branch starting at rev. */
    public GitRepoBuilder branch(String name, String rev) throws IOException, InterruptedException {
        git("checkout", "-q", "-b", name, rev);
        return this;
    }

    public GitRepoBuilder checkout(String name) throws IOException, InterruptedException {
        git("checkout", "-q", name);
        return this;
    }

    /** Makes (or updates) a bare copy at dest with every branch and tag, HEAD on main. */
    public Path publish(Path dest) throws IOException, InterruptedException {
        if (!Files.exists(dest)) {
            Files.createDirectories(dest);
            run(dest, "git", "init", "-q", "--bare", "-b", "main");
        }
        git("push", "-q", "--mirror", dest.toString());
        return dest;
    }

    public String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(work, cmd.toArray(String[]::new));
    }

    private String run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Fixture");
        env.put("GIT_AUTHOR_EMAIL", "fixture@example.test");
        env.put("GIT_COMMITTER_NAME", "Fixture");
        env.put("GIT_COMMITTER_EMAIL", "fixture@example.test");
        env.put("GIT_AUTHOR_DATE", time.getEpochSecond() + " +0200");
        env.put("GIT_COMMITTER_DATE", time.getEpochSecond() + " +0200");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
