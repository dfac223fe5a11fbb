package dev.modgate.policy;

import dev.modgate.licence.DetectedLicence;
import dev.modgate.licence.ModuleLicences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy's licence lines, decided on a version's root licence files as pkg.go.dev finds them (the module's
 * licence; package licences in subdirectories do not count, as for pkg.go.dev's "redistributable"):
 * <pre>
 *   license deny IDS                 any root licence file naming one of these SPDX ids refuses the version
 *   license allow IDS                when any allow line exists, every id the root files name must be allowed
 *   license unknown allow|warn|deny  no root licence file, or one under 75% coverage (UNKNOWN)
 * </pre>
 * IDs are compared without case. A file naming two licences (MIT and Apache-2.0 in one LICENSE) names both: both
 * must be allowed and neither denied.
 */
final class LicenceRules {
    enum Unknown { ALLOW, WARN, DENY }

    private final Map<String, PolicyLine> allowed = new LinkedHashMap<>();
    private final Map<String, PolicyLine> denied = new LinkedHashMap<>();
    private Unknown unknown = Unknown.ALLOW;
    private PolicyLine unknownLine;

    void add(PolicyLine line) throws PolicyException {
        List<String> w = line.words();
        if (w.size() != 3) throw line.error("write: license allow IDS, license deny IDS (SPDX ids, comma-separated) or license unknown allow|warn|deny");
        switch (w.get(1)) {
            case "allow", "deny" -> {
                Map<String, PolicyLine> into = w.get(1).equals("allow") ? allowed : denied;
                for (String id : w.get(2).split(",", -1)) {
                    if (!id.matches("[A-Za-z0-9][A-Za-z0-9.+-]*")) {
                        throw line.error("\"" + id + "\" is not an SPDX licence id: write ids such as MIT,Apache-2.0,BSD-3-Clause separated by commas, no spaces");
                    }
                    into.put(id.toLowerCase(Locale.ROOT), line);
                }
            }
            case "unknown" -> {
                if (unknownLine != null) throw line.error("a second license unknown line (the first is line " + unknownLine.number() + "): keep one");
                unknown = switch (w.get(2)) {
                    case "allow" -> Unknown.ALLOW;
                    case "warn" -> Unknown.WARN;
                    case "deny" -> Unknown.DENY;
                    default -> throw line.error("license unknown takes allow, warn or deny, not \"" + w.get(2) + "\"");
                };
                unknownLine = line;
            }
            default -> throw line.error("license takes allow, deny or unknown, not \"" + w.get(1) + "\"");
        }
    }

    boolean any() {
        return !allowed.isEmpty() || !denied.isEmpty() || unknownLine != null;
    }

    int count() {
        return allowed.size() + denied.size() + (unknownLine == null ? 0 : 1);
    }

    /** What the licence lines say of these licences: a refusal, an allowed decision with a warning, or null (nothing to say). */
    Decision decide(ModuleLicences licences, Decision allowedSoFar) {
        List<DetectedLicence> root = licences.root();
        List<String> unknownFiles = new ArrayList<>();
        for (DetectedLicence f : root) {
            if (f.unknown()) {
                unknownFiles.add(f.path() + " (" + Math.round(f.coveragePercent()) + "% licence text)");
                continue;
            }
            for (String id : f.ids()) {
                PolicyLine deny = denied.get(id.toLowerCase(Locale.ROOT));
                if (deny != null) return refusal(deny, f.path() + " is " + id + " (" + Math.round(f.coveragePercent()) + "% licence text)");
                if (!allowed.isEmpty() && !allowed.containsKey(id.toLowerCase(Locale.ROOT))) {
                    PolicyLine first = allowed.values().iterator().next();
                    return refusal(first, f.path() + " is " + id + ", which no license allow line names");
                }
            }
        }
        if (root.isEmpty() || !unknownFiles.isEmpty()) {
            String what = root.isEmpty() ? "no licence file at the module root" : "licence not recognized: " + String.join(", ", unknownFiles);
            return switch (unknown) {
                case ALLOW -> null;
                case WARN -> allowedSoFar.withNote("license unknown " + unknownLine.where() + ": " + what);
                case DENY -> refusal(unknownLine, what);
            };
        }
        return null;
    }

    private static Decision refusal(PolicyLine line, String why) {
        return new Decision(Decision.Verdict.DENY, line.where(), line.text(), why, null);
    }
}
