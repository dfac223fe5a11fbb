/**
 * Logback extensions for modgate's log format: {@link dev.modgate.logging.OneLineThrowable} ({@code %oneLineEx} in
 * {@code logback.xml}) writes a log event's exception on the event's own line, the full stack trace only at DEBUG.
 *
 * <p>May use: SLF4J and Logback only, nothing of modgate; nothing in modgate calls it (Logback loads it from its
 * configuration).
 *
 * <p>A reader must know: an operator reads one line per event, so a library's exception (JGit, Jetty) must stay on
 * that line too; the pattern is configured in {@code logback.xml}, not in code.
 */
package dev.modgate.logging;
