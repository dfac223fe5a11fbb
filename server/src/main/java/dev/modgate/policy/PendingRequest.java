package dev.modgate.policy;

import dev.modgate.core.module.ModuleVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Refused requests for one module@version by one rule, for an operator to review.
 *
 * @param rule the rule that refused it (file:line)
 * @param reason the rule's reason as the client was told
 * @param first the first refusal, {@code last} the latest
 * @param count how many refusals
 * @param clients who asked, most recent last, at most {@link #MAX_CLIENTS} distinct
 */
public record PendingRequest(ModuleVersion mv, String rule, String reason, Instant first, Instant last, long count, List<String> clients) {
    public static final int MAX_CLIENTS = 8;

    public PendingRequest {
        clients = List.copyOf(clients);
    }

    /** One refusal, as the gate records it. */
    public static PendingRequest of(ModuleVersion mv, String rule, String reason, Instant at, String client) {
        return new PendingRequest(mv, rule, reason, at, at, 1, List.of(client));
    }

    /** Both together: the earliest first, the latest last (and its reason), counts summed, the most recent clients. */
    PendingRequest merge(PendingRequest other) {
        PendingRequest older = last.isAfter(other.last) ? other : this;
        PendingRequest newer = older == this ? other : this;
        LinkedHashSet<String> who = new LinkedHashSet<>();
        for (PendingRequest p : List.of(older, newer)) {
            for (String c : p.clients) {
                who.remove(c); // re-added at the end: most recent last
                who.add(c);
            }
        }
        List<String> kept = new ArrayList<>(who);
        if (kept.size() > MAX_CLIENTS) kept = kept.subList(kept.size() - MAX_CLIENTS, kept.size());
        Instant earliest = first.isBefore(other.first) ? first : other.first;
        long sum = count + other.count;
        if (sum < 0) sum = Long.MAX_VALUE; // counts come from files an operator may edit: saturate, never throw
        return new PendingRequest(mv, rule, newer.reason, earliest, newer.last, sum, kept);
    }
}
