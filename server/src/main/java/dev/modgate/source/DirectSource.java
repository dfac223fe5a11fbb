package dev.modgate.source;

import java.nio.file.Path;

/**
 * The {@code direct} entry of an upstream list: fetching straight from version control. Not built yet, so it
 * answers "not found" with a reason, which lets a list such as {@code https://proxy.golang.org,direct} behave as the
 * go command's does when the proxy lacks a module.
 */
public final class DirectSource implements ModuleSource {
    private static final String WHY = "fetching from version control (direct) is not supported by this modgate yet";

    @Override public String name() { return "direct"; }
    @Override public byte[] list(String path) throws SourceException { throw SourceException.notFound(WHY); }
    @Override public byte[] latest(String path) throws SourceException { throw SourceException.notFound(WHY); }
    @Override public byte[] info(String path, String query) throws SourceException { throw SourceException.notFound(WHY); }
    @Override public byte[] mod(String path, String version) throws SourceException { throw SourceException.notFound(WHY); }
    @Override public void zip(String path, String version, Path dest, long maxBytes) throws SourceException { throw SourceException.notFound(WHY); }
}
