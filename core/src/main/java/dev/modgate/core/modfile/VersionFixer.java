package dev.modgate.core.modfile;

/**
 * Canonicalizes a version found in a go.mod or go.work file (modfile.VersionFixer), for example by
 * resolving a branch name. Without one the parser only accepts versions that have a canonical
 * semantic-version form and uses that form.
 */
@FunctionalInterface
public interface VersionFixer {
    /**
     * Returns the version to use for {@code version} of module {@code path} ({@code ""} for retract
     * lines read before the module line is known is never passed: retractions are fixed last).
     *
     * @throws IllegalArgumentException to reject the version; its message becomes the error text,
     *     placed after the file position as Go does for a plain error
     */
    String fix(String path, String version);
}
