/**
 * Outbound HTTP and the rules every outbound connection follows: {@link dev.modgate.net.Outbound} (the one HTTP
 * client: proxies from the environment, connect, read and overall deadlines, a minimum rate, size limits, redirects
 * checked hop by hop), {@link dev.modgate.net.HostPermits} (requests in flight, overall and per server),
 * {@link dev.modgate.net.AddressGuard} (no internal addresses for public modules),
 * {@link dev.modgate.net.EnvProxySelector} (HTTPS_PROXY/HTTP_PROXY/NO_PROXY as the go command reads them),
 * {@link dev.modgate.net.TrustAll} (--insecure), {@link dev.modgate.net.Userinfo} (credentials in URLs kept out of
 * everything shown), and the failures a fetch reports: {@link dev.modgate.net.SourceException} and
 * {@link dev.modgate.net.LocalStorageException}.
 *
 * <p>It lies under everything that fetches (module sources, repository discovery, git, checksum databases, bundles,
 * configuration's URL checks) and may use only the JDK, {@code auth} and {@code core}; ArchitectureTest enforces this.
 */
package dev.modgate.net;
