/**
 * Go's string semantics for Java: lossless UTF-8 ({@link dev.modgate.core.text.GoStrings}), Go's base64 and
 * slash-separated path operations, and Go's duration syntax ({@link dev.modgate.core.text.GoDuration}: time.ParseDuration and
 * the short form modgate prints).
 *
 * <p>May use: the JDK only; every other core package may use it.
 *
 * <p>A reader must know the convention it defines: a Java string stands for its UTF-8 bytes, and a byte Go would read
 * as {@code utf8.RuneError} is a lone surrogate {@code U+DC80 + (byte - 0x80)}, so invalid UTF-8 survives a round trip
 * and errors quote it as Go does.
 */
package dev.modgate.core.text;
