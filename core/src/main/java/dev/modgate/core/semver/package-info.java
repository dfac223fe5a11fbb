/**
 * Go's semantic versions (golang.org/x/mod/semver): validity, canonical form, comparison, major versions.
 *
 * <p>May use: core's text package and the JDK.
 *
 * <p>A reader must know: Go's rules, not semver.org's: a leading {@code v} is required, {@code v1} and {@code v1.2}
 * are shorthands, and build metadata is dropped from the canonical form.
 */
package dev.modgate.core.semver;
