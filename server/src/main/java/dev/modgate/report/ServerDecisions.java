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
            String why = refusal(mv);
            return new PolicyVerdict(v.wouldRefuse() ? v.verdict() : "deny", v.rule(), why.isEmpty() ? "403 Forbidden: " + header : why, true);
        }
        if (status != 200) throw new IOException("HEAD " + mv + ".zip: " + status + " (not a policy decision)");
        if (header.startsWith("dry-run ")) return parse(header.substring("dry-run ".length()), false);
        PolicyVerdict v = parse(header, true);
        return v.verdict().equals("allow") || v.verdict().equals("hide") ? v : new PolicyVerdict("allow", "", header, true);
    }

    /**
     * The refusal in words, as the go command prints it: the first line of the 403's body, without the
     * "denied by policy: MODULE@VERSION: " that the report says already; "" when there is none.
     */
    private String refusal(ModuleVersion mv) throws IOException {
        HttpResponse<byte[]> r = http.get(UrlPaths.versionFile(mv.path(), mv.version(), "zip"));
        if (r.statusCode() != 403) return "";
        String first = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        String prefix = "denied by policy: " + mv + ": ";
        return first.startsWith(prefix) ? first.substring(prefix.length()) : first;
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
