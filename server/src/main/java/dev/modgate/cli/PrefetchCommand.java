package dev.modgate.cli;

import dev.modgate.config.SettingValues;
import dev.modgate.wiring.Pipeline;
import dev.modgate.prefetch.LocalFetcher;
import dev.modgate.prefetch.ModuleFetcher;
import dev.modgate.prefetch.PrefetchInputs;
import dev.modgate.prefetch.PrefetchPlanner;
import dev.modgate.prefetch.PrefetchRunner;
import dev.modgate.prefetch.RemoteFetcher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prefetch",
        mixinStandardHelpOptions = true,
        modelTransformer = SettingOptions.Prefetch.class,
        sortOptions = false,
        description = {
            "Loads everything a set of projects needs, as `go mod download all` would fetch it: the go.mod files of the whole "
                + "module graph (minimal version selection, with the main module's replace and exclude directives and go 1.17+ "
                + "graph pruning) and the zips of every module in the build list. Fetches go through the normal pipeline "
                + "(same checks as serve), into a data directory (--data, default) or through a running modgate (--server).",
            "",
            "INPUT is a go.mod, go.work or go.sum file, a directory (searched for them; vendor, testdata and hidden "
                + "directories skipped), or module@version / module@latest. A second run downloads nothing.",
            ""})
public final class PrefetchCommand implements Callable<Integer> {
    @Option(names = "--server", paramLabel = "URL", description = "Fill a running modgate (or any GOPROXY) at URL instead of writing a data directory.")
    String server;

    @Option(names = {"-j", "--concurrency"}, paramLabel = "N", description = "Module versions fetched at once (default 8).")
    int concurrency = 8;

    @Option(names = "--retries", paramLabel = "N", description = "Retries of a transient failure (5xx, timeout, connection), with doubling backoff from 500ms (default 3).")
    int retries = 3;

    /** Its options include the settings that Settings declares for prefetch (SettingOptions.Prefetch). */
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "go.mod, go.work, go.sum, directory, or module@version.")
    List<String> inputs;

    @Override public Integer call() throws Exception {
        PrefetchInputs in = PrefetchInputs.of(inputs);
        PrintWriter out = spec.commandLine().getOut();
        try (ModuleFetcher fetcher = fetcher()) {
            out.println("resolving the module graph ...");
            List<PrefetchRunner.Job> jobs = new PrefetchPlanner(fetcher).plan(in);
            long zips = jobs.stream().filter(PrefetchRunner.Job::zip).count();
            out.printf("%d module versions (%d with zips) to fetch%n", jobs.size(), zips);
            PrefetchRunner.Summary s = new PrefetchRunner(fetcher, Math.max(1, concurrency), Math.max(0, retries), Duration.ofMillis(500))
                    .run(jobs, out, System.console() != null);
            out.printf("done: %d module versions, %d downloaded, %s in %.1fs, %d failed%n",
                    s.modules(), s.downloaded(), PrefetchRunner.human(s.bytes()), s.seconds(), s.failures().size());
            for (String f : s.failures()) spec.commandLine().getErr().println("failed: " + f);
            return s.ok() ? 0 : 1;
        }
    }

    private ModuleFetcher fetcher() throws Exception {
        Map<String, String> env = System.getenv();
        if (server != null) {
            RemoteFetcher remote = new RemoteFetcher(server, Duration.ofMinutes(10));
            try {
                remote.checkReachable();
            } catch (Exception e) {
                remote.close();
                throw e;
            }
            return remote;
        }
        SettingValues s = SettingOptions.values(spec, env);
        Pipeline pipeline = new Pipeline(ServerSettings.config(s, null).listen("127.0.0.1:0").shutdownTimeout(Duration.ZERO).build(), env);
        return new LocalFetcher(pipeline.modules(), pipeline);
    }

}
