package dev.modgate.core.module;

/**
 * The result of {@link ModulePath#splitPathVersion}: {@code prefix + pathMajor} is the path;
 * pathMajor is "", "/vN" (N &ge; 2) or, for gopkg.in, ".vN" / ".vN-unstable".
 * {@code ok} is false when the last element looks like a major version but is not a valid one
 * ("/v1", "/v0", "/v2.0", "/v02", or a gopkg.in path without ".vN"); then prefix is the whole path.
 */
public record PathSplit(String prefix, String pathMajor, boolean ok) {}
