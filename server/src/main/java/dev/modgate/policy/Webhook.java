package dev.modgate.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.modgate.core.text.GoDuration;
import dev.modgate.net.Outbound;
import dev.modgate.net.SourceException;
import dev.modgate.net.Userinfo;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy file's {@code webhook URL [timeout=D] [on-error=allow|deny]}: asks a validator, as Athens' validator
 * hook, whether module@version may come in. It POSTs {@code {"Module","Version","Kind","Client"}} and accepts only a
 * 200 whose body is one JSON object with a boolean {@code Valid} and an optional string {@code Reason}. Anything else
 * (no answer within the timeout, no connection, another status, a redirect, which is not followed, a body over
 * {@value #MAX_ANSWER} bytes, malformed JSON) is an error, and on-error decides.
 *
 * <p>Decisions are per module@version, whatever the kind and client that asked first, and kept for the life of this
 * instance (one per policy version: a changed policy file makes a new one). Errors are kept {@link #ERROR_MEMORY}, so
 * that a webhook that is down is asked again soon but not by every request meanwhile.
 */
public final class Webhook {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);

    /** The most an answer may hold: a decision and one line of reason. */
    static final int MAX_ANSWER = 64 * 1024;
    /** How long an error stands in for the webhook's decision before the webhook is asked again. */
    static final Duration ERROR_MEMORY = Duration.ofSeconds(10);
    /** Decisions kept: far more module versions than a build graph holds. */
    private static final long MAX_DECISIONS = 100_000;
    /** The longest reason passed on to clients and logs, in characters. */
    static final int MAX_REASON = 300;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // {"Valid":true,"Valid":false} is no answer

    /**
     * What the webhook decided, or what on-error decided for it ({@code failed}). {@code reason} is one sanitized line:
     * the webhook's own (null when it gave none) or, when failed, what went wrong.
     */
    public record Answer(boolean valid, String reason, boolean failed) {}

    private final URI url;
    private final String shown;
    private final Duration timeout;
    private final boolean allowOnError;
    private final Outbound outbound;
    private final AsyncCache<String, Answer> answers;
    /** True from a failure until the next answer: one warning per episode, not one per request. */
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param url          http(s); user information in it ({@code https://user:secret@host/check}) is sent as Basic
     *                     credentials to that host and port only, and shown nowhere
     * @param allowOnError what an error decides: on-error=allow (true) or deny
     */
    public Webhook(URI url, Duration timeout, boolean allowOnError, Outbound outbound) {
        this(url, timeout, allowOnError, outbound, Ticker.systemTicker());
    }

    /** @param ticker the clock errors expire by */
    Webhook(URI url, Duration timeout, boolean allowOnError, Outbound outbound, Ticker ticker) {
        // Named by its origin only, wherever it is shown (refusals reach clients): a key in the path or query
        // (?code=..., a token path) is as secret as a password in the userinfo.
        this.shown = Userinfo.origin(url);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("policy webhook " + shown + ": must be an http:// or https:// URL with a host");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("policy webhook " + shown + ": timeout must be positive, not " + GoDuration.format(timeout));
        }
        this.url = url;
        this.timeout = timeout;
        this.allowOnError = allowOnError;
        this.outbound = outbound;
        this.answers = Caffeine.newBuilder()
                .maximumSize(MAX_DECISIONS)
                .expireAfter(Expiry.writing((String key, Answer a) -> a.failed() ? ERROR_MEMORY : Duration.ofNanos(Long.MAX_VALUE)))
                .ticker(ticker)
                .buildAsync();
    }

    /**
     * The decision for module@version: cached, or asked once however many requests want it at the same time (the
     * first one's kind and client go with the question).
     *
     * @param kind   "info", "mod" or "zip"
     * @param client who asked (an address or a name), or null
     */
    public Answer check(String module, String version, String kind, String client) {
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> answer = answers.get(module + "@" + version, (key, executor) -> mine);
        if (answer == mine) {
            // Asked on this thread, outside the cache's lock: other module versions are not held up meanwhile.
            try {
                mine.complete(ask(module, version, kind, client));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
        }
        return answer.join();
    }

    private Answer ask(String module, String version, String kind, String client) {
        ObjectNode q = JSON.createObjectNode();
        q.put("Module", module);
        q.put("Version", version);
        q.put("Kind", kind);
        q.put("Client", client);
        Outbound.Page page;
        try {
            page = outbound.post(url, JSON.writeValueAsBytes(q), "application/json", MAX_ANSWER, timeout, "answer");
        } catch (SourceException e) {
            String noAnswer = " did not answer within " + GoDuration.format(timeout);
            return failed(e.kind() == SourceException.Kind.TIMEOUT && e.getMessage().endsWith(noAnswer)
                    ? noAnswer.substring(1)
                    : "failed: " + Userinfo.redact(e.getMessage()).replace(url.toString(), shown));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy check as JSON", e);
        } catch (RuntimeException e) {
            // The HTTP client refuses some URLs the parser let through (a port out of range): on-error decides, no 500.
            return failed("cannot be asked: " + e.getClass().getSimpleName());
        }
        if (page.status() / 100 == 3) return failed("redirected (" + page.status() + "), which modgate does not follow: give the URL it redirects to");
        if (page.status() != 200) return failed("answered " + page.status() + ", not 200");
        JsonNode a;
        try {
            a = JSON.readTree(page.body());
        } catch (java.io.IOException e) {
            return failed("answered with no valid JSON (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        if (a == null || !a.isObject()) return failed("answered with no JSON object");
        JsonNode valid = a.get("Valid");
        JsonNode reason = a.get("Reason");
        if (valid == null || !valid.isBoolean()) return failed("answered with no boolean \"Valid\"");
        if (reason != null && !reason.isNull() && !reason.isTextual()) return failed("answered with a \"Reason\" that is not a string");
        if (failing.compareAndSet(true, false)) log.info("policy webhook {} answers again", shown);
        return new Answer(valid.booleanValue(), reason == null || reason.isNull() ? null : emptyToNull(sanitize(reason.textValue())), false);
    }

    /** An error: on-error decides, and the reason says so. */
    private Answer failed(String what) {
        String reason = "policy webhook " + shown + " " + sanitize(what) + "; on-error=" + (allowOnError ? "allow" : "deny");
        if (failing.compareAndSet(false, true)) {
            log.warn("{} (further failures are not logged until it answers again)", reason);
        }
        return new Answer(allowOnError, reason, true);
    }

    /**
     * One line fit for a client's 403 body and a log line: control characters (line breaks, tabs, escapes) become
     * spaces, and it is cut at {@value #MAX_REASON} characters.
     */
    static String sanitize(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_REASON + 1));
        s.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean control = Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            b.appendCodePoint(control ? ' ' : c);
        });
        String t = b.toString().strip();
        if (t.codePointCount(0, t.length()) > MAX_REASON) t = t.substring(0, t.offsetByCodePoints(0, MAX_REASON)).stripTrailing() + "…";
        return t;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** The URL without user information, as {@code policy explain} shows it. */
    @Override public String toString() { return shown; }
}
