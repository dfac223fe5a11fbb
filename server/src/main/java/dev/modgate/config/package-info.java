/**
 * Configuration after flags, environment and config file are merged: {@link dev.modgate.config.ServerConfig} and its
 * parts ({@link dev.modgate.config.DirectConfig} for fetching from version control, {@link
 * dev.modgate.config.SumDbConfig} and {@link dev.modgate.config.SumDbSpec} for checksum databases), the config-file
 * reader, every setting declared once ({@link dev.modgate.config.Settings}: name, kind, default, help, commands; it
 * drives the options, environment variables, config-file keys, {@code --help} and the README's table), where each value
 * came from ({@link dev.modgate.config.SettingValues}), and repository rules and rewrites (Go's duration syntax is core's, {@code core.text.GoDuration}).
 *
 * <p>May use: core, the credentials package, and the small value types of outbound HTTP (user information in URLs). It
 * must not use anything that does I/O on modules (sources, storage, the module chain, HTTP): everything else reads
 * configuration, so configuration reads nothing of theirs.
 *
 * <p>A reader must know: values are spelled in the go command's vocabulary (GOPROXY lists, GOPRIVATE patterns, GOSUMDB
 * forms, Go durations and booleans), parsed with the go command's rules, and refused at start with one line naming the
 * flag, variable or key they came from.
 */
package dev.modgate.config;
