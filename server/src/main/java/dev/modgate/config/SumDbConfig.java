package dev.modgate.config;

/**
 * Checksum databases: the public one modules are verified against, which modules skip it, and modgate's own log.
 *
 * @param publicDb    --sumdb (GOSUMDB): verified against on ingest and proxied at /sumdb/NAME/; null when off
 * @param noSumDb     --nosumdb (GONOSUMDB, default --private): comma-separated module path patterns never looked up
 *                    in the public database (their names must not leak to it)
 * @param privateName --private-sumdb: the name of the log modgate keeps itself, or null for none
 * @param required    --sumdb-required: refuse downloads when the public database cannot be reached at all, instead of
 *                    serving them unverified with a warning
 */
public record SumDbConfig(SumDbSpec publicDb, String noSumDb, String privateName, boolean required) {
    public SumDbConfig(SumDbSpec publicDb, String noSumDb, String privateName) {
        this(publicDb, noSumDb, privateName, false);
    }

    public SumDbConfig {
        noSumDb = noSumDb == null ? "" : noSumDb.strip();
        if (privateName != null && privateName.isBlank()) privateName = null;
        if (privateName != null) SumDbSpec.checkName(privateName, "--private-sumdb");
        if (privateName != null && publicDb != null && privateName.equals(publicDb.name())) {
            throw new IllegalArgumentException("--private-sumdb " + privateName + " has the name of the --sumdb database");
        }
    }

    /** No checksum database at all (tests that are not about them; the default of serve is sum.golang.org). */
    public static SumDbConfig off() {
        return new SumDbConfig(null, "", null);
    }
}
