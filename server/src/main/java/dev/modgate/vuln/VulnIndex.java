package dev.modgate.vuln;

import dev.modgate.core.module.ModuleVersion;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The vulnerability entries that affect a module version, from one snapshot of the Go vulnerability database: a
 * module-level match ({@link Affects}), which over-reports where govulncheck would look at the symbols called.
 */
public interface VulnIndex {
    /** The entries affecting the version (withdrawn ones never do), by ID; empty when none or no data. */
    List<OsvEntry> affecting(ModuleVersion mv);

    /**
     * An ID naming the data answered from: decisions made with an index are made again when it changes. Asked on every
     * cached decision, so it must be cheap (no I/O).
     */
    String snapshot();

    /** No vulnerability data: nothing is affected. */
    static VulnIndex none() {
        return NoVulnIndex.INSTANCE;
    }

    /**
     * An index over a database's entries by module path (raw OSV JSON of the snapshot named by {@code snapshot}, for
     * a module path or for {@code stdlib} and {@code toolchain}), parsed once per module and snapshot.
     */
    static VulnIndex over(Supplier<String> snapshot, Function<String, List<byte[]>> entries) {
        return new OsvIndex(snapshot, entries);
    }

    /** The index {@code current} supplies at each call: what the policy uses, so that a new snapshot is seen at once. */
    static VulnIndex following(Supplier<VulnIndex> current) {
        return new VulnIndex() {
            @Override public List<OsvEntry> affecting(ModuleVersion mv) { return current.get().affecting(mv); }

            @Override public String snapshot() { return current.get().snapshot(); }

            @Override public String toString() { return current.get().toString(); }
        };
    }
}
