package dev.modgate.policy;

import dev.modgate.core.semver.Semver;
import dev.modgate.core.text.GoDuration;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A parsed policy file: the rules that decide which module versions may come in (see README "Policy").
 * <pre>
 *   mode enforce|dry-run
 *   default allow|deny
 *   allow PATTERNS [RANGE] [reason "..."]
 *   deny PATTERNS [RANGE] [reason "..."]
 *   pin PATTERNS VERSION...
 *   cooldown PATTERNS DURATION [except PATTERNS]
 *   retracted allow|hide|deny
 *   webhook URL [timeout=DURATION] [on-error=allow|deny]
 *   contact "how to ask for an exception"
 *   vuln warn|deny [PATTERNS] [fixed-available] [except IDS]
 * </pre>
 * The static part of a decision ({@link #decide}) is made here; what needs the network or the data directory
 * (approvals, vulnerabilities, retractions, cooldown, the webhook) is added by {@link PolicyGate}.
 */
public final class PolicyFile {
    public enum Mode { ENFORCE, DRY_RUN }

    public enum Retracted { ALLOW, HIDE, DENY }

    /** An allow or deny line. */
    public record Rule(boolean allow, ModulePatterns modules, VersionRange versions, String reason, PolicyLine line) {}

    /** A golden set: for modules matching, only these versions. */
    public record Pin(ModulePatterns modules, List<String> versions, PolicyLine line) {}

    /** New versions of matching modules wait this long (see {@link PolicyGate}). */
    public record Cooldown(ModulePatterns modules, Duration hold, ModulePatterns except, PolicyLine line) {}

    public record WebhookSpec(URI url, Duration timeout, boolean allowOnError, PolicyLine line) {}

    /**
     * A vuln line: versions of matching modules that entries of the vulnerability database affect are denied, or
     * allowed with a warning (see {@link PolicyGate}).
     *
     * @param modules the modules (every module when the line names none)
     * @param fixedAvailable only entries with a fixed version above the version count
     * @param except entry IDs (GO-, CVE-, GHSA-) that never count, matched against an entry's ID and its aliases
     */
    public record Vuln(boolean deny, ModulePatterns modules, boolean fixedAvailable, Set<String> except, PolicyLine line) {
        /** Whether the line ignores an entry named by one of these IDs (its ID and aliases). */
        public boolean excepts(List<String> ids) {
            for (String id : ids) if (except.contains(id.toUpperCase(java.util.Locale.ROOT))) return true;
            return false;
        }
    }

    /** The IDs an except list may hold: the Go database's own and the aliases it gives (CVE, GitHub advisories). */
    private static final Pattern VULN_ID = Pattern.compile("GO-[0-9]{4}-[0-9]{4,}|CVE-[0-9]{4}-[0-9]{4,}|GHSA(-[0-9a-z]{4}){3}",
            Pattern.CASE_INSENSITIVE);

    private static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final String version;
    private Mode mode = Mode.ENFORCE;
    private boolean defaultAllow = true;
    private PolicyLine defaultLine;
    private Retracted retracted = Retracted.ALLOW;
    private PolicyLine retractedLine;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Pin> pins = new ArrayList<>();
    private final List<Cooldown> cooldowns = new ArrayList<>();
    private final List<Vuln> vulns = new ArrayList<>();
    private final LicenceRules licences = new LicenceRules();
    private WebhookSpec webhook;
    private String contact = "";
    private boolean restricts;
    private PolicyLine modeLine;
    private PolicyLine contactLine;

    private PolicyFile(String name, String version) {
        this.name = name;
        this.version = version;
    }

    /** The policy in force when none is configured: everything allowed. */
    public static PolicyFile allowAll() {
        return new PolicyFile("(no policy)", "none");
    }

    /**
     * Parses a policy file's text.
     *
     * @param name the file's name for messages and rule locations (e.g. "policy.txt"): clients see it in refusals, so
     *     never a directory of the server
     * @throws PolicyException the first line that cannot be used, as "NAME:LINE: what is wrong; what to write"
     */
    public static PolicyFile parse(String name, String text) throws PolicyException {
        PolicyFile p = new PolicyFile(name, digest(text));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i]; // Windows editors' byte order mark
            if (raw.endsWith("\r")) raw = raw.substring(0, raw.length() - 1); // CRLF: the CR is no control character in quoted text
            PolicyLine line = PolicyLine.of(name, i + 1, raw);
            if (!line.words().isEmpty()) p.add(line);
        }
        p.restricts = !p.defaultAllow || p.rules.stream().anyMatch(r -> !r.allow()) || !p.pins.isEmpty() || !p.cooldowns.isEmpty()
                || p.retracted != Retracted.ALLOW || p.webhook != null
                || !p.vulns.isEmpty() // a warn line too: its warnings are sent with the versions it allows
                || p.licences.any();
        return p;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(PolicyLine line) throws PolicyException {
        List<String> w = line.words();
        String verb = w.getFirst();
        switch (verb) {
            case "mode" -> {
                if (modeLine != null) throw line.error("a second mode line (the first is line " + modeLine.number() + "): keep one");
                modeLine = line;
                String v = only(line, "enforce|dry-run");
                mode = switch (v) {
                    case "enforce" -> Mode.ENFORCE;
                    case "dry-run" -> Mode.DRY_RUN;
                    default -> throw line.error("mode must be enforce or dry-run, not \"" + v + "\"");
                };
            }
            case "default" -> {
                if (defaultLine != null) throw line.error("a second default line (the first is line " + defaultLine.number() + "): keep one");
                String v = only(line, "allow|deny");
                if (!v.equals("allow") && !v.equals("deny")) throw line.error("default must be allow or deny, not \"" + v + "\"");
                defaultAllow = v.equals("allow");
                defaultLine = line;
            }
            case "allow", "deny" -> rules.add(rule(line, verb.equals("allow")));
            case "pin" -> pins.add(pin(line));
            case "cooldown" -> cooldowns.add(cooldown(line));
            case "vuln" -> vulns.add(vuln(line));
            case "license", "licence" -> licences.add(line);
            case "retracted" -> {
                if (retractedLine != null) throw line.error("a second retracted line (the first is line " + retractedLine.number() + "): keep one");
                String v = only(line, "allow|hide|deny");
                retracted = switch (v) {
                    case "allow" -> Retracted.ALLOW;
                    case "hide" -> Retracted.HIDE;
                    case "deny" -> Retracted.DENY;
                    default -> throw line.error("retracted must be allow, hide or deny, not \"" + v + "\"");
                };
                retractedLine = line;
            }
            case "webhook" -> {
                if (webhook != null) throw line.error("a second webhook line (the first is line " + webhook.line().number() + "): keep one");
                webhook = webhook(line);
            }
            case "contact" -> {
                if (contactLine != null) throw line.error("a second contact line (the first is line " + contactLine.number() + "): keep one");
                contactLine = line;
                contact = only(line, "\"how to ask for an exception\"");
            }
            default -> throw line.error("unknown rule \"" + verb + "\": use mode, default, allow, deny, pin, cooldown, retracted, webhook, contact, vuln or license");
        }
    }

    private static String only(PolicyLine line, String what) throws PolicyException {
        if (line.words().size() != 2) throw line.error("write: " + line.words().getFirst() + " " + what);
        return line.words().get(1);
    }

    private static ModulePatterns patterns(PolicyLine line, String text) throws PolicyException {
        try {
            return ModulePatterns.parse(text);
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage());
        }
    }

    private static Rule rule(PolicyLine line, boolean allow) throws PolicyException {
        List<String> w = line.words();
        if (w.size() < 2) throw line.error("write: " + w.getFirst() + " PATTERNS [RANGE] [reason \"...\"]");
        ModulePatterns modules = patterns(line, w.get(1));
        int end = w.size();
        String reason = "";
        int r = w.indexOf("reason");
        if (r >= 0) {
            if (r != w.size() - 2) throw line.error("reason takes one quoted text and ends the line: reason \"why\"");
            reason = w.get(r + 1);
            end = r;
        }
        VersionRange range;
        try {
            range = VersionRange.parse(w.subList(2, end));
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage());
        }
        return new Rule(allow, modules, range, reason, line);
    }

    private static Pin pin(PolicyLine line) throws PolicyException {
        List<String> w = line.words();
        if (w.size() < 3) throw line.error("write: pin PATTERNS VERSION... (at least one version)");
        List<String> versions = new ArrayList<>();
        for (String v : w.subList(2, w.size())) {
            if (!Semver.isValid(v) || !v.equals(Semver.canonical(v)) && !v.endsWith("+incompatible")) {
                throw line.error("pin versions must be complete semantic versions such as v1.4.2, not \"" + v + "\"");
            }
            versions.add(v);
        }
        return new Pin(patterns(line, w.get(1)), List.copyOf(versions), line);
    }

    private static Cooldown cooldown(PolicyLine line) throws PolicyException {
        List<String> w = line.words();
        if (w.size() != 3 && !(w.size() == 5 && w.get(3).equals("except"))) {
            throw line.error("write: cooldown PATTERNS DURATION [except PATTERNS], e.g. cooldown * 7d except corp.example.com");
        }
        Duration hold = duration(line, w.get(2));
        return new Cooldown(patterns(line, w.get(1)), hold, w.size() == 5 ? patterns(line, w.get(4)) : null, line);
    }

    private static Vuln vuln(PolicyLine line) throws PolicyException {
        List<String> w = line.words();
        String usage = "write: vuln warn|deny [PATTERNS] [fixed-available] [except IDS], e.g. vuln deny golang.org/x/* fixed-available except GO-2024-1234";
        if (w.size() < 2 || !w.get(1).equals("warn") && !w.get(1).equals("deny")) throw line.error(usage);
        int i = 2;
        ModulePatterns modules = ModulePatterns.parse("*");
        if (i < w.size() && !w.get(i).equals("fixed-available") && !w.get(i).equals("except")) modules = patterns(line, w.get(i++));
        boolean fixedAvailable = i < w.size() && w.get(i).equals("fixed-available");
        if (fixedAvailable) i++;
        Set<String> except = new TreeSet<>();
        if (i < w.size() && w.get(i).equals("except")) {
            if (i + 2 != w.size()) throw line.error("except takes the IDs separated by commas, no spaces, and ends the line: except GO-2024-1234,CVE-2024-5678");
            for (String id : w.get(i + 1).split(",", -1)) {
                if (!VULN_ID.matcher(id).matches()) {
                    throw line.error("\"" + id + "\" is not a vulnerability ID: write GO-YYYY-NNNN, CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx, separated by commas");
                }
                except.add(id.toUpperCase(java.util.Locale.ROOT));
            }
            i += 2;
        }
        if (i != w.size()) throw line.error("unexpected \"" + w.get(i) + "\": " + usage);
        return new Vuln(w.get(1).equals("deny"), modules, fixedAvailable, java.util.Collections.unmodifiableSet(except), line);
    }

    /** Go's duration syntax (72h, 90m) and whole days or weeks (7d, 2w), which holds are usually counted in. */
    static Duration duration(PolicyLine line, String s) throws PolicyException {
        try {
            return duration(s);
        } catch (IllegalArgumentException e) {
            throw line.error("\"" + s + "\" is not a duration: write e.g. 7d, 2w, 36h or 90m");
        }
    }

    /** A duration as policy lines and `policy approve --until` take it: 7d, 2w, or Go's syntax (36h, 90m); never negative. */
    public static Duration duration(String s) {
        if (s.matches("[0-9]{1,5}d")) return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.matches("[0-9]{1,4}w")) return Duration.ofDays(7 * Long.parseLong(s.substring(0, s.length() - 1)));
        Duration d = GoDuration.parse(s);
        if (d.isNegative()) throw new IllegalArgumentException("negative duration " + s);
        return d;
    }

    /** Of the lines whose patterns match the module, the most specific; the later one when equally specific. */
    private static <T> T mostSpecific(List<T> lines, java.util.function.Function<T, ModulePatterns> patterns, String module) {
        T best = null;
        long fit = -1;
        for (T line : lines) {
            long s = patterns.apply(line).specificity(module);
            if (s >= 0 && s >= fit) {
                best = line;
                fit = s;
            }
        }
        return best;
    }

    private static WebhookSpec webhook(PolicyLine line) throws PolicyException {
        List<String> w = line.words();
        if (w.size() < 2) throw line.error("write: webhook URL [timeout=5s] [on-error=allow|deny]");
        URI url;
        try {
            url = new URI(w.get(1));
        } catch (java.net.URISyntaxException e) {
            throw line.error("webhook URL is not a URL: " + e.getReason() + "; write e.g. https://hooks.example/check");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw line.error("webhook URL must be http:// or https:// with a host, e.g. https://hooks.example/check");
        }
        if (url.getPort() > 65535) throw line.error("webhook URL port " + url.getPort() + " is out of range (1-65535)");
        Duration timeout = DEFAULT_WEBHOOK_TIMEOUT;
        boolean allowOnError = false;
        for (String opt : w.subList(2, w.size())) {
            if (opt.startsWith("timeout=")) {
                timeout = duration(line, opt.substring("timeout=".length()));
                if (timeout.isZero()) throw line.error("webhook timeout must be more than 0: write e.g. timeout=5s");
            } else if (opt.equals("on-error=allow") || opt.equals("on-error=deny")) {
                allowOnError = opt.endsWith("allow");
            } else {
                throw line.error("unknown webhook option \"" + opt + "\": use timeout=DURATION and on-error=allow|deny");
            }
        }
        // The line's text names the rule in refusals that clients see and in logs: the URL's origin only, never its
        // credentials, path or query (a function key in ?code=, a token in the path).
        List<String> shown = new ArrayList<>(w);
        shown.set(1, dev.modgate.net.Userinfo.origin(url));
        return new WebhookSpec(url, timeout, allowOnError, new PolicyLine(line.file(), line.number(), String.join(" ", shown), w));
    }

    /**
     * The decision of the file's own lines for a version: a pin of the module (only its versions), else the most
     * specific allow/deny line whose pattern and range hold (the later line when equally specific), else the default.
     * Approvals, retractions, cooldown and the webhook come on top ({@link PolicyGate}).
     */
    public Decision decide(String module, String version) {
        Pin pin = mostSpecific(pins, Pin::modules, module);
        if (pin != null) {
            for (String v : pin.versions()) {
                if (Semver.compare(v, version) == 0 && v.endsWith("+incompatible") == version.endsWith("+incompatible")) {
                    return new Decision(Decision.Verdict.ALLOW, pin.line().where(), pin.line().text(), "pinned", null);
                }
            }
            return new Decision(Decision.Verdict.DENY, pin.line().where(), pin.line().text(),
                    "only the pinned versions " + String.join(", ", pin.versions()) + " may be used", null);
        }
        Rule best = null;
        long fit = -1;
        for (Rule r : rules) {
            long s = r.modules().specificity(module);
            if (s >= 0 && s >= fit && r.versions().contains(version)) {
                best = r;
                fit = s;
            }
        }
        if (best != null) {
            String text = (best.allow() ? "allow " : "deny ") + best.modules() + (best.versions().isAny() ? "" : " " + best.versions());
            return new Decision(best.allow() ? Decision.Verdict.ALLOW : Decision.Verdict.DENY, best.line().where(), text, best.reason(), null);
        }
        String where = defaultLine == null ? "default" : defaultLine.where();
        String text = defaultLine == null ? "default allow (no default line)" : defaultLine.text();
        return new Decision(defaultAllow ? Decision.Verdict.ALLOW : Decision.Verdict.DENY, where, text,
                defaultAllow ? "" : "no rule allows this module", null);
    }

    /** Whether the version's decision is a pin's: a pinned version skips cooldown, retraction and webhook checks. */
    public boolean pinned(String module) {
        for (Pin p : pins) if (p.modules().matches(module)) return true;
        return false;
    }

    /** The cooldown for a module: the most specific matching line (later when equal), unless its except matches. */
    public Optional<Cooldown> cooldown(String module) {
        Cooldown best = mostSpecific(cooldowns, Cooldown::modules, module);
        if (best == null || best.except() != null && best.except().matches(module)) return Optional.empty();
        return Optional.of(best);
    }

    /** The vuln line for a module: the most specific matching line, the later one when equally specific. */
    public Optional<Vuln> vuln(String module) {
        return Optional.ofNullable(mostSpecific(vulns, Vuln::modules, module));
    }

    /** Whether any vuln line is in the file: only then do decisions depend on the vulnerability database. */
    public boolean hasVulnRules() {
        return !vulns.isEmpty();
    }

    /** Whether any license line is in the file: only then are downloads decided on their licence files. */
    public boolean hasLicenceRules() {
        return licences.any();
    }

    /**
     * What the license lines say of a version whose download the other lines allowed: a refusal, the same decision
     * with a warning, or the decision unchanged.
     */
    public Decision licences(dev.modgate.licence.ModuleLicences found, Decision allowed) {
        Decision d = licences.decide(found, allowed);
        return d == null ? allowed : d;
    }

    /** The file's name as given. */
    public String name() { return name; }

    /** A digest of the text: decisions are cached and logged per policy version. */
    public String version() { return version; }

    public Mode mode() { return mode; }

    public Retracted retracted() { return retracted; }

    /** Where the retracted line is ("" for none). */
    public String retractedRule() { return retractedLine == null ? "retracted" : retractedLine.where(); }

    public String retractedText() { return retractedLine == null ? "retracted" : retractedLine.text(); }

    public Optional<WebhookSpec> webhook() { return Optional.ofNullable(webhook); }

    /** How to ask for an exception, as the file's contact line says ("" for none). */
    public String contact() { return contact; }

    /** Whether any version could be refused or hidden: with none, lists need no filtering. */
    public boolean restrictsAnything() {
        return restricts; // asked on every request: decided once
    }

    /** Every rule, for `policy check`: counts by kind. */
    public String summary() {
        return String.format("mode %s, default %s, %d allow, %d deny, %d pin, %d cooldown, retracted %s, %s",
                mode == Mode.ENFORCE ? "enforce" : "dry-run", defaultAllow ? "allow" : "deny",
                rules.stream().filter(Rule::allow).count(), rules.stream().filter(r -> !r.allow()).count(), pins.size(), cooldowns.size(),
                retracted.name().toLowerCase(), webhook == null ? "no webhook" : "webhook " + dev.modgate.net.Userinfo.origin(webhook.url()))
                + (vulns.isEmpty() ? "" : ", " + vulns.size() + " vuln") + (licences.any() ? ", " + licences.count() + " license" : "");
    }
}
