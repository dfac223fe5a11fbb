package dev.modgate.vuln;

import dev.modgate.core.module.ModuleVersion;
import java.util.List;

/** {@link VulnIndex#none()}: no database, nothing affected. */
final class NoVulnIndex implements VulnIndex {
    static final NoVulnIndex INSTANCE = new NoVulnIndex();

    private NoVulnIndex() {}

    @Override public List<OsvEntry> affecting(ModuleVersion mv) { return List.of(); }

    @Override public String snapshot() { return "none"; }

    @Override public String toString() { return "no vulnerability database"; }
}
