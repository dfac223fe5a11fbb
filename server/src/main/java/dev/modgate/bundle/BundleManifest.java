package dev.modgate.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;

/**
 * The first member of every bundle ({@code manifest.json}): each file with its size and SHA-256, and each module
 * version with its go.sum hashes, so an import can check every byte before anything lands in a data directory.
 */
public record BundleManifest(String format, String created, List<Module> modules, List<FileEntry> files) {
    public static final String FORMAT = "modgate-bundle/1";
    public static final String MEMBER = "manifest.json";

    /** @param zipHash h1 of the zip, or null when the bundle holds no zip of this version */
    public record Module(String path, String version, String zipHash, String modHash) {}

    public record FileEntry(String name, long size, String sha256) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    public static BundleManifest parse(byte[] json) throws IOException {
        BundleManifest m = JSON.readValue(json, BundleManifest.class);
        if (!FORMAT.equals(m.format())) throw new IOException("not a modgate bundle manifest (format \"" + m.format() + "\", want \"" + FORMAT + "\")");
        if (m.files() == null || m.modules() == null) throw new IOException("bundle manifest lacks its file or module list");
        return m;
    }
}
