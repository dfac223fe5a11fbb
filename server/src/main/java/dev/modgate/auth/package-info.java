/**
 * Who modgate is to each server it reaches: netrc files read as the go command reads them, per-host credentials from
 * the config file, and the lookup order between those and a configured URL's user information ({@link
 * dev.modgate.auth.Credentials}).
 *
 * <p>May use: the JDK only. It is a leaf: configuration, outbound HTTP and git ask it for the credentials of one host
 * and port.
 *
 * <p>A reader must know: a secret is handed out only for the host (and port) it was looked up for, never for a
 * redirect target, and never appears in a {@code toString}, a log line or an error message.
 */
package dev.modgate.auth;
