/**
 * go.mod and go.work files as golang.org/x/mod/modfile reads them: the lexer and parser ({@link
 * dev.modgate.core.modfile.SyntaxParser}), the directive rules, and the parsed {@link
 * dev.modgate.core.modfile.ModFile} and {@link dev.modgate.core.modfile.WorkFile}.
 *
 * <p>May use: core's module, semver and text packages, and the JDK.
 *
 * <p>A reader must know: {@code parse} is for the main module (every directive checked), {@code parseLax} is how the
 * go command reads a dependency's go.mod (only module, go, require and retract); error texts and positions are the go
 * command's own, which is why the parser keeps read.go's structure.
 */
package dev.modgate.core.modfile;
