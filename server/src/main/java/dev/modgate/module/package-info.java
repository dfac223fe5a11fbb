/**
 * The module chain's vocabulary, at the bottom of the server: what is asked ({@link dev.modgate.module.ModuleRequest}:
 * a list, {@code @latest}, a query, or the {@link dev.modgate.module.ArtifactKind .info/.mod/.zip} of a canonical
 * version) and by whom ({@link dev.modgate.module.Ask}), the one interface every layer implements ({@link
 * dev.modgate.module.Modules}), what comes back ({@link dev.modgate.module.Artifact}: bytes, or a stored {@link
 * dev.modgate.module.Blob} to stream), why not ({@link dev.modgate.module.Failure}: the one failure type, a kind and
 * a one-line reason), what listens ({@link dev.modgate.module.ArtifactEvents}), the checksum hook ({@link
 * dev.modgate.module.Checksums}), and the rules every artifact passes before it is kept ({@link
 * dev.modgate.module.ArtifactChecks}, {@link dev.modgate.module.GoRevInfoJson}, {@link dev.modgate.module.Limits}),
 * with two small pieces shared by the chain and the checksum databases ({@link dev.modgate.module.SingleFlight},
 * {@link dev.modgate.module.FailureBackoff}).
 *
 * <p>May use: core and the outbound failure type ({@code net.SourceException}, which the checks throw). Everything
 * that serves or stores modules uses it; it uses none of them.
 *
 * <p>A reader must know: a new capability (a policy gate, access rules) is one more {@code Modules} layer and, if it
 * refuses, one more {@code Failure.Kind}; the HTTP layer maps kinds to statuses in one place
 * ({@code http.FailureResponses}).
 */
package dev.modgate.module;
