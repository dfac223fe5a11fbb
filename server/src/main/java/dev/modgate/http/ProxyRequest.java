package dev.modgate.http;

import dev.modgate.module.ModuleRequest;

/** A parsed, validated request: one for the module chain, or one of modgate's own endpoints. */
public sealed interface ProxyRequest {
    record Index() implements ProxyRequest {}

    record Health() implements ProxyRequest {}

    record SumDb(String rest) implements ProxyRequest {}

    /** A file of the vulnerability database mirror: rest is the path below /vulndb/, one of the v1 layout's. */
    record VulnDb(String rest) implements ProxyRequest {}

    /** A GOPROXY protocol request, answered by the module chain. */
    record Module(ModuleRequest request) implements ProxyRequest {}
}
