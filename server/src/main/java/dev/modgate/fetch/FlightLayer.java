package dev.modgate.fetch;

import dev.modgate.module.Artifact;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.module.SingleFlight;
import org.slf4j.LoggerFactory;

/**
 * Single-flight: concurrent requests for the same thing cause one fetch; the others wait for it and are answered
 * with its result (SHARED in the access log) or its failure.
 */
public final class FlightLayer implements Modules {
    private final Modules inner;
    private final SingleFlight<Artifact> flights = new SingleFlight<>();

    public FlightLayer(Modules inner) {
        this.inner = inner;
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        try {
            SingleFlight.Result<Artifact> r = flights.run(request.key(), () -> inner.get(request, ask));
            Artifact a = r.value();
            return r.shared() && a.cache() == Artifact.CacheStatus.MISS ? a.withCache(Artifact.CacheStatus.SHARED) : a;
        } catch (Failure e) {
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            LoggerFactory.getLogger(FlightLayer.class).error("internal error serving {}", request.key(), e);
            throw new Failure(Failure.Kind.INTERNAL, "internal error serving " + request.key() + " (" + e.getClass().getSimpleName()
                    + "; details in the modgate log)");
        }
    }
}
