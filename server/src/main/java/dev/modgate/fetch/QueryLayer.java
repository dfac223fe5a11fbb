package dev.modgate.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.module.Artifact;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import java.time.Duration;

/**
 * Queries (a branch, a commit, a version prefix: an .info that is not a canonical version's) are resolved upstream
 * and their answers held in memory for the list TTL only: what a branch names changes.
 */
public final class QueryLayer implements Modules {
    private final Modules inner;
    /** By request key; 50,000 answers of a few hundred bytes at most. */
    private final Cache<String, byte[]> answers;

    public QueryLayer(Modules inner, Duration ttl) {
        this.inner = inner;
        this.answers = Caffeine.newBuilder().maximumSize(ttl.isZero() ? 0 : 50_000).expireAfterWrite(ttl).build();
    }

    @Override public java.util.Optional<Artifact> now(ModuleRequest request, Ask ask) throws Failure {
        return inner.now(request, ask);
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        if (!(request instanceof ModuleRequest.Query q)) return inner.get(request, ask);
        byte[] cached = answers.getIfPresent(q.key());
        if (cached != null) return Artifact.bytes(cached, Artifact.JSON, Artifact.CacheStatus.HIT, false);
        Artifact a = inner.get(request, ask);
        if (a.bytes() != null && a.cache() == Artifact.CacheStatus.MISS) answers.put(q.key(), a.bytes());
        return a;
    }
}
