package dev.modgate.http;

/** A parsed, validated request of the GOPROXY protocol, or one of modgate's own endpoints. */
public sealed interface ProxyRequest {
    record Index() implements ProxyRequest {}

    record Health() implements ProxyRequest {}

    record SumDb(String rest) implements ProxyRequest {}

    record List(String module) implements ProxyRequest {}

    record Latest(String module) implements ProxyRequest {}

    /** {@code version} may be a query (branch, commit, prefix) when the request is for .info. */
    record Info(String module, String version) implements ProxyRequest {}

    record Mod(String module, String version) implements ProxyRequest {}

    record Zip(String module, String version) implements ProxyRequest {}
}
