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
 * "Not found from every upstream" is remembered for the negative TTL, so a build asking again and again for
 * something that does not exist costs the upstreams one request per TTL. Below single-flight: a request arriving as
 * a flight ends finds its answer here.
 */
public final class NegativeLayer implements Modules {
    private final Modules inner;
    /** By request key; bounded so a flood of distinct missing names cannot grow it without limit. */
    private final Cache<String, Failure> notFound;

    public NegativeLayer(Modules inner, Duration ttl) {
        this.inner = inner;
        this.notFound = Caffeine.newBuilder().maximumSize(ttl.isZero() ? 0 : 50_000).expireAfterWrite(ttl).build();
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        Failure known = notFound.getIfPresent(request.key());
        if (known != null) throw known;
        try {
            return inner.get(request, ask);
        } catch (Failure e) {
            if (e.isNotFound() && e.cacheable()) notFound.put(request.key(), e);
            throw e;
        }
    }
}
