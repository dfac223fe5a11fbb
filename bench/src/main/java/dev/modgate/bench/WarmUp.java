package dev.modgate.bench;

import java.nio.file.Path;

/**
 * Fetches every module of a list (.info, .mod, .zip) through a proxy with a few concurrent clients, so that a fresh
 * modgate's JVM has compiled its fetch path before a cache-cold measurement (which is about the cache, not the JIT).
 *
 * <p>Usage: {@code WarmUp BASE_URL TREE MODULES_FILE CLIENTS}.
 */
public final class WarmUp {
    public static void main(String[] args) throws Exception {
        ColdFetch.Result r = ColdFetch.run(args[0], Path.of(args[1]), ColdFetch.modules(Path.of(args[2])), Integer.parseInt(args[3]));
        System.out.printf("warm-up: %d requests in %.2f s, %d ok%n", r.requests(), r.seconds(), r.ok());
    }
}
