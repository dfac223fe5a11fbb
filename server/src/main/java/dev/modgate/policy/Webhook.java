package dev.modgate.policy;
// TEMPORARY STUB (lead) - replaced by the policy-webhook branch
import java.net.URI;
import java.time.Duration;
public final class Webhook {
    public record Answer(boolean valid, String reason, boolean failed) {}
    public Webhook(URI url, Duration timeout, boolean allowOnError, dev.modgate.net.Outbound outbound) {}
    public Answer check(String module, String version, String kind, String client) { return new Answer(true, "", false); }
}
