package dev.modgate.testing;

import dev.modgate.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs modgate's command line: in this JVM, or as a separate JVM (own working directory, own heap limit). */
public final class Cli {
    private Cli() {}

    public record Result(int exit, String out, String err) {
        public List<String> outLines() { return out.lines().toList(); }

        public List<String> errLines() { return err.lines().toList(); }
    }

    public static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs Main in a new JVM on this test's class path, in dir, with the given JVM options first. */
    public static Result runProcess(Path dir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return runProcess(dir, java.util.Map.of(), jvmOptions, args);
    }

    /** As {@link #runProcess(Path, List, String...)}, with these variables added to (or replacing) the environment. */
    public static Result runProcess(Path dir, java.util.Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.add("-D" + ExpectedErrors.PRINT_ALL + "=true"); // its stderr is what the test reads: nothing held back
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("modgate-cli", ".out"), err = Files.createTempFile("modgate-cli", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("modgate " + String.join(" ", args) + " did not finish in 2 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
