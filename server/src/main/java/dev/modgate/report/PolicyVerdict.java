package dev.modgate.report;

/**
 * What the policy says about a module version's .zip, as the report shows it.
 *
 * @param verdict "allow", "hide", "hold", "deny", or "none" when no policy is in force
 * @param rule where the deciding rule is ("policy.txt:3", "default", "approval"); "" when not known (a server says the
 *     rule only when it refuses or warns)
 * @param text the decision in words, for people; may be empty
 * @param enforced false in the policy's dry-run mode: the .zip is served whatever the verdict
 */
public record PolicyVerdict(String verdict, String rule, String text, boolean enforced) {
    public static final PolicyVerdict NO_POLICY = new PolicyVerdict("none", "", "no policy", true);

    public PolicyVerdict {
        rule = rule == null ? "" : rule;
        text = text == null ? "" : text;
    }

    /** Whether the .zip is refused: what fails a build, and the report's exit status. */
    public boolean refused() {
        return enforced && (verdict.equals("deny") || verdict.equals("hold"));
    }

    /** Whether the policy would refuse the .zip were it enforced (dry-run included). */
    public boolean wouldRefuse() {
        return verdict.equals("deny") || verdict.equals("hold");
    }

    /** The table's cell: "deny policy.txt:3", "deny (dry-run) policy.txt:3", "allow". */
    public String cell() {
        String v = verdict + (enforced ? "" : " (dry-run)");
        return rule.isEmpty() ? v : v + " " + rule;
    }
}
