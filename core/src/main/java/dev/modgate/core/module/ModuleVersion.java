package dev.modgate.core.module;

/** A module path and a version (module.Version); the version may be empty for the main module. */
public record ModuleVersion(String path, String version) {
    @Override public String toString() { return version.isEmpty() ? path : path + "@" + version; }
}
