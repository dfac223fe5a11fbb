/**
 * The {@code modgate} command line (picocli): {@code serve}, {@code prefetch}, {@code bundle}, {@code sumdb key},
 * {@code report}, {@code vulndb}, {@code zip} and {@code sum}, their shared option groups, and the checks made before the server starts ({@link
 * dev.modgate.cli.StartupChecks}). {@link dev.modgate.cli.Main} is the jar's entry point.
 *
 * <p>May use: every other package; nothing uses it. It turns options, environment and config file into the
 * configuration records and hands them to the wiring; it holds no behaviour of its own beyond that.
 *
 * <p>A reader must know: a command declares which settings it takes; their names, environment variables,
 * config-file keys, defaults and parsing belong with configuration, so that a flag and its variable and key stay one
 * setting. A command that fails prints one line, {@code modgate: REASON}, and exits with status 1, never a stack trace.
 */
package dev.modgate.cli;
