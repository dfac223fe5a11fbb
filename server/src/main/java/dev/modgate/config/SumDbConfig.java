package dev.modgate.config;

/**
 * Checksum databases: the public one modules are verified against, which modules skip it, and modgate's own log.
 * Made by {@link #builder()}; what each part means is said at its accessor.
 */
public final class SumDbConfig {
    private final SumDbSpec publicDb;
    private final String noSumDb;
    private final String privateName;
    private final boolean required;

    private SumDbConfig(Builder b) {
        publicDb = b.publicDb;
        noSumDb = b.noSumDb == null ? "" : b.noSumDb.strip();
        privateName = b.privateName != null && b.privateName.isBlank() ? null : b.privateName;
        required = b.required;
        if (privateName != null) SumDbSpec.checkName(privateName, "--private-sumdb");
        if (privateName != null && publicDb != null && privateName.equals(publicDb.name())) {
            throw new IllegalArgumentException("--private-sumdb " + privateName + " has the name of the --sumdb database");
        }
    }

    /** A builder for no database at all: none verified against, no own log. */
    public static Builder builder() {
        return new Builder();
    }

    /** No checksum database at all (tests that are not about them; the default of serve is sum.golang.org). */
    public static SumDbConfig off() {
        return builder().build();
    }

    /** --sumdb (GOSUMDB): verified against on ingest and proxied at /sumdb/NAME/; null when off */
    public SumDbSpec publicDb() { return publicDb; }

    /**
     * --nosumdb (GONOSUMDB, default --private): comma-separated module path patterns never looked up in the public
     * database (their names must not leak to it)
     */
    public String noSumDb() { return noSumDb; }

    /** --private-sumdb: the name of the log modgate keeps itself, or null for none */
    public String privateName() { return privateName; }

    /**
     * --sumdb-required: refuse downloads when the public database cannot be reached at all, instead of serving them
     * unverified with a warning
     */
    public boolean required() { return required; }

    /** Sets what a SumDbConfig holds; build() checks the private log's name. */
    public static final class Builder {
        private SumDbSpec publicDb;
        private String noSumDb = "";
        private String privateName;
        private boolean required;

        private Builder() {}

        public Builder publicDb(SumDbSpec db) { publicDb = db; return this; }

        public Builder noSumDb(String patterns) { noSumDb = patterns; return this; }

        public Builder privateName(String name) { privateName = name; return this; }

        public Builder required(boolean r) { required = r; return this; }

        public SumDbConfig build() {
            return new SumDbConfig(this);
        }
    }
}
