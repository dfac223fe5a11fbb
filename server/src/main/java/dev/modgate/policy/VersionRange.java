package dev.modgate.policy;

import dev.modgate.core.semver.Semver;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of versions written as constraints in Go's semantic versions: {@code <v0.31.0}, {@code >=v1.2.0 <v1.5.0}
 * (all must hold), {@code v1.4.*} (that major.minor, pre-releases and pseudo-versions included), {@code v1.4.2}
 * (exactly), alternatives joined by {@code ||}. Versions compare as the go command compares them
 * ({@code semver.Compare}: pseudo-versions are pre-releases of the version they precede, build suffixes such as
 * {@code +incompatible} are ignored), so {@code <v1.0.0} holds v1.0.0-rc.1 and every v0 pseudo-version.
 */
public final class VersionRange {
    /** Every version: a rule written without a range. */
    public static final VersionRange ANY = new VersionRange(List.of(List.of()), "");

    private enum Op { LT, LE, GT, GE, EQ, NE, PREFIX }

    private record Constraint(Op op, String version) {
        boolean holds(String v) {
            if (op == Op.PREFIX) return v.equals(version) || v.startsWith(version + ".") || v.startsWith(version + "-") || v.startsWith(version + "+");
            int c = Semver.compare(v, version);
            return switch (op) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case EQ -> c == 0;
                case NE -> c != 0;
                case PREFIX -> throw new AssertionError();
            };
        }
    }

    /** Alternatives (any may hold), each a conjunction of constraints (all must hold). */
    private final List<List<Constraint>> alternatives;
    private final String text;

    private VersionRange(List<List<Constraint>> alternatives, String text) {
        this.alternatives = alternatives;
        this.text = text;
    }

    /** Parses a range from its tokens (split on spaces); an operator may stand apart from its version. */
    public static VersionRange parse(List<String> tokens) {
        List<List<Constraint>> alts = new ArrayList<>();
        List<Constraint> current = new ArrayList<>();
        String pendingOp = null;
        for (String t : tokens) {
            if (t.equals("||")) {
                if (pendingOp != null) throw new IllegalArgumentException("\"" + pendingOp + "\" needs a version after it");
                if (current.isEmpty()) throw new IllegalArgumentException("\"||\" needs a constraint on each side");
                alts.add(List.copyOf(current));
                current = new ArrayList<>();
                continue;
            }
            if (pendingOp != null) {
                t = pendingOp + t;
                pendingOp = null;
            } else if (t.matches("[<>=!]=?")) {
                pendingOp = t;
                continue;
            }
            current.add(constraint(t));
        }
        if (pendingOp != null) throw new IllegalArgumentException("\"" + pendingOp + "\" needs a version after it");
        if (current.isEmpty()) {
            if (alts.isEmpty()) return ANY;
            throw new IllegalArgumentException("\"||\" needs a constraint on each side");
        }
        alts.add(List.copyOf(current));
        return new VersionRange(List.copyOf(alts), String.join(" ", tokens));
    }

    public static VersionRange parse(String text) {
        String s = text.strip();
        return s.isEmpty() ? ANY : parse(List.of(s.split("\\s+")));
    }

    private static Constraint constraint(String t) {
        if (t.contains("||")) throw new IllegalArgumentException("\"" + t + "\": put spaces around ||");
        Op op;
        String v;
        if (t.startsWith("<=")) { op = Op.LE; v = t.substring(2); }
        else if (t.startsWith(">=")) { op = Op.GE; v = t.substring(2); }
        else if (t.startsWith("!=")) { op = Op.NE; v = t.substring(2); }
        else if (t.startsWith("<")) { op = Op.LT; v = t.substring(1); }
        else if (t.startsWith(">")) { op = Op.GT; v = t.substring(1); }
        else if (t.startsWith("=")) { op = Op.EQ; v = t.substring(1); }
        else { op = Op.EQ; v = t; }
        if (v.endsWith(".*") && op != Op.EQ) {
            throw new IllegalArgumentException("\"" + t + "\" takes no operator: a vMAJOR.* pattern stands alone (v1.*), or write a bound such as <v2.0.0");
        }
        if (v.endsWith(".*")) {
            String prefix = v.substring(0, v.length() - 2);
            if (!prefix.matches("v(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?")) {
                throw new IllegalArgumentException("\"" + t + "\" is not a version pattern: write vMAJOR.* or vMAJOR.MINOR.*, e.g. v1.4.*");
            }
            return new Constraint(Op.PREFIX, prefix);
        }
        if (v.startsWith("~") || v.startsWith("^")) {
            // Athens' filter file and npm write ranges so: say what they mean in Go's words.
            throw new IllegalArgumentException("\"" + t + "\" is not a version constraint: ~ and ^ are not Go's; write the bounds, e.g. " + bounds(v));
        }
        if (!v.startsWith("v") && Semver.isValid("v" + v)) {
            throw new IllegalArgumentException("\"" + t + "\" is not a version constraint: Go versions start with v, e.g. "
                    + t.substring(0, t.length() - v.length()) + "v" + v);
        }
        if (!Semver.isValid(v)) {
            throw new IllegalArgumentException("\"" + t + "\" is not a version constraint: write a semantic version with an"
                    + " optional <, <=, >, >=, = or != before it (e.g. <v0.31.0), or vMAJOR.MINOR.*");
        }
        return new Constraint(op, v);
    }

    /**
     * The Go range for a ~ or ^ one: ~1.2.3 and ~1.2 keep the minor version, ~1 and ^1.2.3 the major (^0.x the minor,
     * as npm's); the vMAJOR.* or vMAJOR.MINOR.* pattern too when it is the same set.
     */
    private static String bounds(String tilde) {
        String v = tilde.substring(1).startsWith("v") ? tilde.substring(1) : "v" + tilde.substring(1);
        String low = Semver.canonical(v);
        if (low.isEmpty()) return ">=v1.2.0 <v1.3.0";
        String major = Semver.major(v);
        String minor = Semver.majorMinor(v);
        boolean keepMinor = tilde.startsWith("~") ? v.split("[-+]", 2)[0].indexOf('.') >= 0 : major.equals("v0");
        String upper;
        String pattern;
        if (keepMinor) {
            upper = major + "." + new java.math.BigInteger(minor.substring(major.length() + 1)).add(java.math.BigInteger.ONE) + ".0";
            pattern = low.equals(minor + ".0") ? minor + ".*" : null;
        } else {
            upper = "v" + new java.math.BigInteger(major.substring(1)).add(java.math.BigInteger.ONE) + ".0.0";
            pattern = low.equals(major + ".0.0") ? major + ".*" : null;
        }
        return ">=" + low + " <" + upper + (pattern == null ? "" : " or " + pattern);
    }

    /** Whether the version is in the range. An invalid version is in no range but {@link #ANY}. */
    public boolean contains(String version) {
        if (this == ANY) return true;
        if (!Semver.isValid(version)) return false;
        for (List<Constraint> all : alternatives) {
            boolean holds = true;
            for (Constraint c : all) {
                if (!c.holds(version)) {
                    holds = false;
                    break;
                }
            }
            if (holds) return true;
        }
        return false;
    }

    public boolean isAny() { return this == ANY; }

    /** The range as written (tokens joined by one space); "" for {@link #ANY}. */
    @Override public String toString() { return text; }
}
