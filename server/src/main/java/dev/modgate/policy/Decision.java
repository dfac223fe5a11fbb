package dev.modgate.policy;

import java.time.Instant;

/**
 * What the policy says about one module@version, and which rule said it.
 *
 * @param verdict what may be done with the version
 * @param rule where the deciding rule is: "FILE:LINE", or "default", "approval", "webhook"
 * @param ruleText the rule as written in the policy file (or a few words for rules outside it)
 * @param reason why, in words for the person whose build was refused (the rule's reason, the webhook's, an
 *     approval's); may be empty
 * @param until for {@link Verdict#HOLD}: when the hold ends; for an approval with an end: when it ends; else null
 * @param note a warning that goes with the decision whatever its verdict ({@code vuln warn}: the entries affecting an
 *     allowed version), sent in the X-Modgate-Policy header and logged; "" for none
 */
public record Decision(Verdict verdict, String rule, String ruleText, String reason, Instant until, String note) {
    public enum Verdict {
        /** Listed and downloadable. */
        ALLOW,
        /** Downloadable, left out of lists and @latest (retracted versions with "retracted hide"). */
        HIDE,
        /** Held back until a time (cooldown): neither listed nor downloadable before it. */
        HOLD,
        /** Neither listed nor downloadable. */
        DENY
    }

    public Decision {
        reason = reason == null ? "" : reason;
        note = note == null ? "" : note;
    }

    /** A decision without a note. */
    public Decision(Verdict verdict, String rule, String ruleText, String reason, Instant until) {
        this(verdict, rule, ruleText, reason, until, "");
    }

    /** This decision with a note (replacing any). */
    public Decision withNote(String note) {
        return new Decision(verdict, rule, ruleText, reason, until, note);
    }

    /** Whether the version's .zip may be served. */
    public boolean downloadable() {
        return verdict == Verdict.ALLOW || verdict == Verdict.HIDE;
    }

    /** Whether the version appears in @v/list and may be @latest. */
    public boolean listed() {
        return verdict == Verdict.ALLOW;
    }

    /**
     * The value of the X-Modgate-Policy header and the log's words: "deny policy.txt:7", "hold policy.txt:9 until T",
     * "allow default; vuln warn policy.txt:3: GO-2024-1234 ..." (the note after a semicolon).
     */
    public String header() {
        String h = verdict.name().toLowerCase() + " " + rule;
        if (until != null && verdict == Verdict.HOLD) h += " until " + shown(until);
        return note.isEmpty() ? h : h + "; " + note;
    }

    /** To the next whole second: a hold shown as ending never ends later than shown. */
    private static Instant shown(Instant t) {
        Instant s = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return s.equals(t) ? s : s.plusSeconds(1);
    }

    /** One line for people: the verdict, the rule and where it is, the reason. */
    public String explain() {
        StringBuilder b = new StringBuilder(switch (verdict) {
            case ALLOW -> "allowed";
            case HIDE -> "hidden from lists (downloadable)";
            case HOLD -> "held until " + shown(until);
            case DENY -> "denied";
        });
        b.append(" by ").append(ruleText.isEmpty() ? rule : ruleText);
        if (!rule.equals(ruleText) && !ruleText.isEmpty()) b.append(" (").append(rule).append(")");
        if (!reason.isEmpty()) b.append(": ").append(reason);
        if (!note.isEmpty()) b.append("; ").append(note);
        return b.toString();
    }
}
