/**
 * Everything behind the HTTP server put together in one place, {@link dev.modgate.wiring.Pipeline}: the data
 * directory, outbound connections, git mirrors, the upstream chain, the checksum databases and the module chain,
 * whose route ({@code Pipeline.route}) reads top to bottom as a request travels: stored answers, lists and
 * {@code @latest}, queries, single-flight, the negative cache, ingest. {@code serve} puts Jetty in front of it;
 * {@code prefetch --data} drives it directly, so both apply the same checks.
 *
 * <p>May use: every package below HTTP (it builds them). Only HTTP and the command line use it.
 *
 * <p>A reader must know: this is the only place that knows the concrete classes of the layers; everything else sees
 * {@code module.Modules} and {@code storage.Storage}. A new layer is added here, in its place on the route.
 */
package dev.modgate.wiring;
