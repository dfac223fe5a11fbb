/**
 * Where modules come from, behind {@link dev.modgate.source.ModuleSource}: an upstream GOPROXY over HTTP ({@link
 * dev.modgate.source.HttpProxySource}) or a local tree ({@link dev.modgate.source.FileProxySource}), and {@code
 * direct} ({@link dev.modgate.source.DirectSource}: discovery, then a git mirror read by core's {@code CodeRepo}).
 * {@link dev.modgate.source.UpstreamList} parses GOPROXY syntax; {@link dev.modgate.source.SourceException}'s kind
 * decides the list's fall-through. Today it also holds outbound HTTP ({@link dev.modgate.source.Outbound}, {@link
 * dev.modgate.source.HostPermits}, proxy selection, TLS for {@code --insecure}, {@link
 * dev.modgate.source.AddressGuard}, {@link dev.modgate.source.Userinfo}), which issue 13 moves to a package of its own
 * under everything that uses it.
 *
 * <p>May use: core, credentials, configuration, discovery, git and outbound HTTP. The module chain uses it; it never
 * uses the chain, storage's artifacts or HTTP serving.
 *
 * <p>A reader must know: "not found" (the thing does not exist there) is a different outcome from "failed" (could not
 * find out): only the first lets a {@code ,} list move on, as in the go command. Answers and errors never show where a
 * {@code file://} tree is or any user information of a URL.
 */
package dev.modgate.source;
