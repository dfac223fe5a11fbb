package dev.modgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real go command with a private GOPATH/GOMODCACHE/GOCACHE. In CI (CI=true) a missing go is a failure,
 * never a skip.
 */
public final class GoTool {
    public record Result(int exit, String stdout, String stderr) {
        public String all() { return stdout + stderr; }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    public GoTool(Path home) throws IOException {
        require("go");
        this.home = home;
        Files.createDirectories(home);
        env.put("HOME", home.toString());
        env.put("GOPATH", home.resolve("gopath").toString());
        env.put("GOCACHE", home.resolve("gocache").toString());
        env.put("GOFLAGS", "-mod=mod -modcacherw");
        env.put("GOSUMDB", "off");
        env.put("GONOSUMDB", "");
        env.put("GOPRIVATE", "");
        env.put("GONOPROXY", "");
        env.put("GOTOOLCHAIN", "local");
        env.put("GO111MODULE", "on");
        env.put("CGO_ENABLED", "0");
    }

    /** Skips outside CI when the tool is missing; fails in CI. */
    public static void require(String tool) {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) present = true;
        }
        if (present) return;
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(tool + " is required in CI but not on PATH");
        Assumptions.abort(tool + " not on PATH");
    }

    public GoTool set(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** A fresh module cache, so the next download really goes to GOPROXY. */
    public GoTool freshModCache(String name) {
        env.put("GOMODCACHE", home.resolve("modcache-" + name).toString());
        return this;
    }

    public Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("go");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> penv = pb.environment();
        penv.keySet().removeIf(k -> k.startsWith("GO") || k.equals("HTTPS_PROXY") || k.equals("HTTP_PROXY") || k.equals("https_proxy") || k.equals("http_proxy"));
        penv.putAll(env);
        Path out = Files.createTempFile(home, "go-out", ".txt");
        Path err = Files.createTempFile(home, "go-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("go " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
