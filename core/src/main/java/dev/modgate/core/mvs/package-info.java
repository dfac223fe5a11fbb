/**
 * Minimal version selection and the module graph as the go command loads it ({@link dev.modgate.core.mvs.Mvs}, {@link
 * dev.modgate.core.mvs.ModuleGraph}, {@link dev.modgate.core.mvs.GraphLoader}): the main module's replace and exclude
 * directives, graph pruning from go 1.17, workspaces. go.mod files and version lists come from a {@link
 * dev.modgate.core.mvs.GoModSource} the caller provides.
 *
 * <p>May use: core's module, modfile, semver and text packages, and the JDK.
 *
 * <p>A reader must know: which go.mod files are read depends on the pruning mode exactly as in modload, and that
 * decides what {@code go mod download all} (and so {@code modgate prefetch}) fetches.
 */
package dev.modgate.core.mvs;
