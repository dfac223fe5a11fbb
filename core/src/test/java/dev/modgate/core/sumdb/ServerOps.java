package dev.modgate.core.sumdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Client operations talking to a {@link SumDbServer} in memory, recording every remote request. */
class ServerOps implements SumDbClient.Ops {
    static final String BASE = "https://" + TestLogVectors.NAME;

    volatile SumDbServer server;
    /** Paths the "network" refuses (404), e.g. to simulate a server that dropped stale partial tiles. */
    volatile Predicate<String> gone = p -> false;
    final Map<String, byte[]> config = new HashMap<>(); // guarded by this
    final Map<String, byte[]> cache = new HashMap<>(); // guarded by this
    final List<String> requests = new ArrayList<>(); // guarded by this
    final List<String> securityReports = new ArrayList<>(); // guarded by this
    final List<String> logs = new ArrayList<>(); // guarded by this

    ServerOps(SumDbServer server) {
        this.server = server;
        config.put("key", TestLogVectors.VERIFIER_KEY.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] readRemote(String path) throws IOException {
        synchronized (this) {
            requests.add(path);
        }
        if (gone.test(path)) {
            throw new IOException("GET " + BASE + path + ": 404 Not Found");
        }
        SumDbServer.Response r = server.handle(path);
        if (r.status() != 200) {
            String status = r.status() == 404 ? "404 Not Found" : r.status() + "";
            throw new IOException("GET " + BASE + path + ": " + status);
        }
        return r.body();
    }

    /** As the go command: a missing latest file is the empty tree. */
    @Override
    public synchronized byte[] readConfig(String file) throws IOException {
        byte[] data = config.get(file);
        if (data == null) {
            if (file.endsWith("/latest")) {
                return new byte[0];
            }
            throw new IOException("no config " + file);
        }
        return data;
    }

    @Override
    public synchronized boolean writeConfig(String file, byte[] old, byte[] updated) {
        if (!Arrays.equals(old, config.getOrDefault(file, new byte[0]))) {
            return false;
        }
        config.put(file, updated);
        return true;
    }

    @Override
    public synchronized byte[] readCache(String file) {
        return cache.get(file);
    }

    @Override
    public synchronized void writeCache(String file, byte[] data) {
        cache.put(file, data);
    }

    @Override
    public synchronized void log(String msg) {
        logs.add(msg);
    }

    @Override
    public synchronized void securityError(String msg) {
        securityReports.add(msg);
    }

    synchronized List<String> takeRequests() {
        List<String> out = new ArrayList<>(requests);
        requests.clear();
        return out;
    }

    synchronized String latest() {
        byte[] b = config.get(TestLogVectors.NAME + "/latest");
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
