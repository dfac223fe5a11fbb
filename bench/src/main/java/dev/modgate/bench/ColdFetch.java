package dev.modgate.bench;

import dev.modgate.core.module.CaseEncoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cold-fetch benchmark: N concurrent clients, each asking for one module's .info, .mod and .zip in that order
 * (as the go command does), client i for module i mod M, all starting at once. Every body is compared with the
 * tree's file.
 *
 * <p>First it warms every JVM involved (this client, the upstream, modgate's fetch path) with other modules, then
 * measures the same load straight against the upstream (the reference: what the clients would see without modgate),
 * then against modgate, whose modules are uncached. The upstream's request count for the modgate pass comes from
 * its /_stats before and after.
 *
 * <p>Usage: {@code ColdFetch MODGATE_URL UPSTREAM_URL TREE WARM_MODULES COLD_MODULES CLIENTS}; prints one line
 * {@code direct_seconds=D seconds=S requests=R ok=K mismatches=X upstream_requests=U upstream_max_per_path=M statuses={...}}.
 */
public final class ColdFetch {
    public static void main(String[] args) throws Exception {
        String modgate = args[0], upstream = args[1];
        Path tree = Path.of(args[2]);
        List<String[]> warm = modules(Path.of(args[3]));
        List<String[]> cold = modules(Path.of(args[4]));
        int clients = Integer.parseInt(args[5]);

        List<String[]> warmUpstream = warm.subList(0, warm.size() / 2);
        List<String[]> warmModgate = warm.subList(warm.size() / 2, warm.size());
        for (int i = 0; i < 3; i++) run(upstream, tree, warmUpstream, clients);
        run(modgate, tree, warmModgate, clients);
        run(modgate, tree, warmModgate, clients);

        Result direct = run(upstream, tree, cold, clients);
        try (MiniHttp http = new MiniHttp(upstream)) {
            http.get("/_reset");
        }
        String prefix = "/" + CaseEncoding.escapePath(cold.get(0)[0]).replaceAll("/[^/]*$", "/");
        String before = stats(upstream, prefix);
        Result r = run(modgate, tree, cold, clients);
        String after = stats(upstream, prefix);
        int upstreamRequests = field(after, "requests") - field(before, "requests");
        System.out.printf("direct_seconds=%.3f seconds=%.3f requests=%d ok=%d mismatches=%d upstream_requests=%d upstream_max_per_path=%d statuses=%s%n",
                direct.seconds, r.seconds, r.requests, r.ok, r.mismatches, upstreamRequests, field(after, "maxPerPath"), r.statuses);
    }

    record Result(double seconds, int requests, int ok, int mismatches, Map<Integer, Integer> statuses) {}

    static List<String[]> modules(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> l.strip().split(" ")).toList();
    }

    static Result run(String base, Path tree, List<String[]> modules, int clients) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger mismatches = new AtomicInteger(), ok = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        long t0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                String[] mv = modules.get(c % modules.size());
                done.add(pool.submit(() -> {
                    go.await();
                    try (MiniHttp http = new MiniHttp(base)) {
                        for (String ext : List.of("info", "mod", "zip")) {
                            String rel = CaseEncoding.escapePath(mv[0]) + "/@v/" + CaseEncoding.escapeVersion(mv[1]) + "." + ext;
                            MiniHttp.Reply reply = http.get("/" + rel);
                            statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
                            if (reply.status() == 200) {
                                if (Arrays.equals(reply.body(), Files.readAllBytes(tree.resolve(rel)))) ok.incrementAndGet();
                                else mismatches.incrementAndGet();
                            } else {
                                System.err.println(reply.status() + " " + base + "/" + rel + ": " + new String(reply.body(), StandardCharsets.UTF_8).strip());
                            }
                        }
                    }
                    return null;
                }));
            }
            t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        TreeMap<Integer, Integer> st = new TreeMap<>();
        statuses.forEach((k, v) -> st.put(k, v.get()));
        return new Result(secs, clients * 3, ok.get(), mismatches.get(), st);
    }

    /** "requests=N distinct=D maxPerPath=M" for the upstream's paths below prefix. */
    static String stats(String upstream, String prefix) throws Exception {
        try (MiniHttp http = new MiniHttp(upstream)) {
            return new String(http.get("/_stats" + prefix).body(), StandardCharsets.UTF_8).strip();
        }
    }

    static int field(String s, String key) {
        for (String kv : s.split(" ")) {
            if (kv.startsWith(key + "=")) return Integer.parseInt(kv.substring(key.length() + 1));
        }
        throw new IllegalArgumentException(key + " not in " + s);
    }
}
