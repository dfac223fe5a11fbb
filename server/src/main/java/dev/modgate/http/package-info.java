/**
 * The HTTP face of modgate on Jetty 12 (core API, no servlets): {@link dev.modgate.http.RequestParser} turns a raw
 * path into a validated {@link dev.modgate.http.ProxyRequest} (nothing malformed gets further), {@link
 * dev.modgate.http.ProxyHandler} answers it (the fast path for stored files, Range, ETag/304, Cache-Control, the
 * text/plain error bodies the go command prints), {@link dev.modgate.http.MappedZips} and {@link
 * dev.modgate.http.Mappings} keep small zips mapped, {@link dev.modgate.http.AccessLog} writes the access log in
 * batches, and {@link dev.modgate.http.ModgateServer} starts Jetty around the pipeline.
 *
 * <p>May use: core (module, semver), configuration, storage, the module chain and its vocabulary, and the
 * checksum-database endpoints. Only the command line uses it.
 *
 * <p>A reader must know: cache hits are answered on Jetty's selector thread without blocking; anything that may wait
 * moves to a virtual thread. No 5xx is ever caused by what a client sends, and no body names a file of the server.
 */
package dev.modgate.http;
