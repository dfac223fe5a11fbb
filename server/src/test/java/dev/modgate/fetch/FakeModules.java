package dev.modgate.fetch;

import dev.modgate.module.Artifact;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An inner layer for testing one layer alone: answers each request key with a configured body or failure, and
 * records every call (what reached it is what the layer under test let through).
 */
final class FakeModules implements Modules {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    /** Held inside get() while set: lets a test make requests overlap. */
    volatile java.util.concurrent.CountDownLatch gate;

    FakeModules answer(ModuleRequest r, String body) {
        answers.put(r.key(), body.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    FakeModules fail(ModuleRequest r, Failure f) {
        answers.put(r.key(), f);
        return this;
    }

    int calls(ModuleRequest r) {
        return (int) calls.stream().filter(r.key()::equals).count();
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        calls.add(request.key());
        java.util.concurrent.CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Object a = answers.get(request.key());
        if (a instanceof Failure f) throw f;
        if (a == null) throw Failure.notFound("not found: " + request.key());
        return Artifact.bytes((byte[]) a, "text/plain; charset=utf-8", Artifact.CacheStatus.MISS, request instanceof ModuleRequest.File);
    }

    static String text(Artifact a) throws java.io.IOException {
        return new String(a.readAll(), StandardCharsets.UTF_8);
    }
}
