package dev.modgate.policy;

import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.GoRevInfoJson;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The policy gate as a layer of the module chain, outermost, so that it sees every request, cache hits included
 * (see {@link PolicyGate} for how a version is decided):
 * <ul>
 *   <li>a .zip of a version that is denied or held is refused with 403 and the reason (never 404 or 410, after
 *       which the go command would go around the gate to its next GOPROXY entry, such as direct);
 *   <li>@v/list leaves out what may not be listed, and @latest never names it;
 *   <li>.info and .mod are always answered: minimal version selection reads the go.mod of versions it does not select,
 *       and refusing them would break builds that never use the denied version.
 * </ul>
 * In dry-run mode nothing is refused or left out; the decision is logged and sent in the X-Modgate-Policy header.
 */
public final class PolicyLayer implements Modules {
    private final Modules inner;
    private final LivePolicy policy;

    public PolicyLayer(Modules inner, LivePolicy policy) {
        this.inner = inner;
        this.policy = policy;
    }

    @Override public Optional<Artifact> now(ModuleRequest request, Ask ask) throws Failure {
        PolicyGate gate = policy.gate();
        if (!gate.file().restrictsAnything()) return inner.now(request, ask);
        switch (request) {
            case ModuleRequest.File f when f.kind() == ArtifactKind.ZIP -> {
                Decision d = gate.knownDownload(f.version());
                if (d == null || !d.downloadable() && enforced(gate)) return Optional.empty(); // decided, recorded, refused in get()
                // A gated zip is served as revocable: a shared cache in front must not keep it once the policy refuses it.
                Optional<Artifact> a = inner.now(request, ask).map(Artifact::revocable);
                if (d.downloadable()) return d.note().isEmpty() ? a : a.map(x -> x.withPolicy(d.header())); // a vuln warn line's warning
                return a.map(x -> x.withPolicy(dryRun(d)));
            }
            case ModuleRequest.List l -> {
                Optional<Artifact> a = inner.now(request, ask);
                if (a.isEmpty()) return a;
                List<String> versions = versions(a.get());
                Map<String, Decision> decided = new HashMap<>();
                for (String v : versions) {
                    Decision d = gate.knownListing(new ModuleVersion(l.module(), v));
                    if (d == null) return Optional.empty();
                    decided.put(v, d);
                }
                return Optional.of(filtered(gate, a.get(), versions, decided));
            }
            case ModuleRequest.Latest l -> {
                return Optional.empty(); // decided in get(): it may need the list and another .info
            }
            default -> {
                return inner.now(request, ask);
            }
        }
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        PolicyGate gate = policy.gate();
        if (!gate.file().restrictsAnything()) return inner.get(request, ask);
        return switch (request) {
            case ModuleRequest.File f when f.kind() == ArtifactKind.ZIP -> zip(gate, f, ask);
            case ModuleRequest.List l -> list(gate, l, ask);
            case ModuleRequest.Latest l -> latest(gate, l, ask);
            default -> inner.get(request, ask);
        };
    }

    private Artifact zip(PolicyGate gate, ModuleRequest.File f, Ask ask) throws Failure {
        Decision d = gate.forDownload(f.version(), f.kind().extension(), client(ask));
        if (!d.downloadable()) {
            policy.refused(f.version(), d, client(ask));
            if (enforced(gate)) throw refusal(gate, f.version(), d);
            return inner.get(f, ask).revocable().withPolicy(dryRun(d));
        }
        Artifact a = inner.get(f, ask).revocable();
        return d.note().isEmpty() ? a : a.withPolicy(d.header()); // a vuln warn line's warning
    }

    private Artifact list(PolicyGate gate, ModuleRequest.List l, Ask ask) throws Failure {
        Artifact a = inner.get(l, ask);
        List<String> versions = versions(a);
        gate.seen(l.module(), versions);
        Map<String, Decision> decided = new HashMap<>();
        for (String v : versions) decided.put(v, gate.forListing(new ModuleVersion(l.module(), v)));
        return filtered(gate, a, versions, decided);
    }

    /**
     * The list without what may not be listed, by the decisions just made for it (not looked up again: approvals or a
     * new vulnerability snapshot may drop kept decisions meanwhile, and a version must never pass for lack of one).
     */
    private Artifact filtered(PolicyGate gate, Artifact a, List<String> versions, Map<String, Decision> decided) {
        StringBuilder kept = new StringBuilder();
        int left = 0;
        for (String v : versions) {
            if (decided.get(v).listed()) kept.append(v).append('\n');
            else left++;
        }
        if (left == 0) return a;
        if (!enforced(gate)) return a.withPolicy("dry-run: " + left + " version(s) would be left out");
        byte[] body = kept.toString().getBytes(StandardCharsets.UTF_8);
        return new Artifact(null, body, a.contentType(), a.cache(), false, Artifact.bytesEtag(body),
                left + " version(s) left out by policy " + gate.file().version());
    }

    /**
     * @latest names only a version that may be listed: the chain's answer when it may, else the newest version of the
     * filtered list (as the go command itself would pick it from that list), else a refusal.
     */
    private Artifact latest(PolicyGate gate, ModuleRequest.Latest l, Ask ask) throws Failure {
        Artifact a = inner.get(l, ask);
        String version = infoVersion(a);
        ModuleVersion mv = version == null ? null : new ModuleVersion(l.module(), version);
        Decision d = mv == null ? null : gate.forListing(mv);
        if (d == null || d.listed()) return a;
        if (!enforced(gate)) return a.withPolicy(dryRun(d));
        List<String> visible = new ArrayList<>();
        Artifact list;
        try {
            list = list(gate, new ModuleRequest.List(l.module()), ask);
            for (String v : versions(list)) {
                if (gate.forListing(new ModuleVersion(l.module(), v)).listed()) visible.add(v);
            }
        } catch (Failure f) {
            if (!f.isNotFound()) throw f;
        }
        Optional<String> best = LatestVersion.tagged(visible);
        if (best.isEmpty()) {
            policy.refused(mv, d, client(ask));
            throw refusal(gate, mv, d);
        }
        return inner.get(new ModuleRequest.File(ArtifactKind.INFO, l.module(), best.get()), ask).withPolicy("latest allowed version");
    }

    private static String infoVersion(Artifact a) {
        try {
            return GoRevInfoJson.decode(a.readAll()).version();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null; // the chain checked it; an answer that does not parse now is passed on as it is
        }
    }

    static List<String> versions(Artifact list) throws Failure {
        try {
            List<String> out = new ArrayList<>();
            for (String line : new String(list.readAll(), StandardCharsets.UTF_8).split("\n")) {
                String v = line.strip();
                if (!v.isEmpty()) out.add(v);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new Failure(Failure.Kind.INTERNAL, "reading a version list failed (details in the modgate log)");
        }
    }

    private static boolean enforced(PolicyGate gate) {
        return gate.file().mode() == PolicyFile.Mode.ENFORCE;
    }

    private static String dryRun(Decision d) {
        return "dry-run " + d.header();
    }

    private static String client(Ask ask) {
        if (ask.client() instanceof java.net.InetSocketAddress a) return a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return ask.client() == null ? "modgate" : ask.client().toString();
    }

    /** The 403 the go command prints: "denied by policy:", module@version, the rule, the reason, how to ask. */
    private static Failure refusal(PolicyGate gate, ModuleVersion mv, Decision d) {
        StringBuilder b = new StringBuilder("denied by policy: ").append(mv).append(": ").append(d.explain());
        String contact = gate.file().contact();
        List<String> lines = List.of(contact.isEmpty()
                ? "to ask for an exception, give this line to the modgate operators; they can run: modgate policy approve " + mv
                : "to ask for an exception: " + contact + " (modgate policy approve " + mv + ")");
        return new Failure(Failure.Kind.REFUSED, b.toString(), lines, false, d.header());
    }
}
