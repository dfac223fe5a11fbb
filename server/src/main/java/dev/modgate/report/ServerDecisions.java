package dev.modgate.report;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.source.UrlPaths;
import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * A running modgate's policy decisions, as the go command meets them: a HEAD on the .zip, answered 403 when refused,
 * with the decision in the X-Modgate-Policy header ("deny policy.txt:3", "hold policy.txt:5 until T", "dry-run deny
 * ...", "allow policy.txt:2; vuln warn ..."). An allowed version without a note has no header: its rule is not known.
 */
public final class ServerDecisions implements Decisions {
    static final String HEADER = "X-Modgate-Policy";

    private final ServerHttp http;

    public ServerDecisions(ServerHttp http) {
        this.http = http;
    }

    @Override public PolicyVerdict decide(ModuleVersion mv) throws IOException {
        HttpResponse<Void> r = http.head(UrlPaths.versionFile(mv.path(), mv.version(), "zip"));
        String header = r.headers().firstValue(HEADER).orElse("");
        int status = r.statusCode();
        if (status == 403) {
            PolicyVerdict v = parse(header, true);
            return v.wouldRefuse() ? v : new PolicyVerdict("deny", v.rule(), "403 Forbidden" + (header.isEmpty() ? "" : ": " + header), true);
        }
        if (status != 200) throw new IOException("HEAD " + mv + ".zip: " + status + " (not a policy decision)");
        if (header.startsWith("dry-run ")) return parse(header.substring("dry-run ".length()), false);
        PolicyVerdict v = parse(header, true);
        return v.verdict().equals("allow") || v.verdict().equals("hide") ? v : new PolicyVerdict("allow", "", header, true);
    }

    /** The header's decision ("VERDICT RULE[ until T][; NOTE]"), "allow" with no rule when there is none. */
    static PolicyVerdict parse(String header, boolean enforced) {
        String decision = header.split(";", 2)[0].strip();
        String[] words = decision.split(" ");
        String verdict = words[0];
        if (!(verdict.equals("allow") || verdict.equals("hide") || verdict.equals("hold") || verdict.equals("deny"))) {
            return new PolicyVerdict("allow", "", header, enforced);
        }
        return new PolicyVerdict(verdict, words.length > 1 ? words[1] : "", header, enforced);
    }
}
