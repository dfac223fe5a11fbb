package dev.modgate.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;

/**
 * The first member of every bundle ({@code manifest.json}): each file with its size and SHA-256, and each module
 * version with its go.sum hashes (and what it carries of the checksum database and the vulnerability database), so an
 * import can check every byte before anything lands in a data directory.
 */
public record BundleManifest(String format, String created, List<Module> modules, List<FileEntry> files, SumDb sumdb, VulnDb vulndb) {
    public static final String FORMAT = "modgate-bundle/1";
    public static final String MEMBER = "manifest.json";
    /** Where a bundle's checksum database members are, as in the data directory: {@code .modgate/sumdb/NAME/cache/...}. */
    public static final String SUMDB_PREFIX = ".modgate/sumdb/";

    /**
     * Where a bundle's vulnerability database snapshot is, as in the data directory: {@code .modgate/vulndb/NAME/} then
     * {@code index/*.json}, {@code ID/*.json} and {@code manifest.json}.
     */
    public static final String VULNDB_PREFIX = ".modgate/vulndb/";

    /** A bundle without checksum database data (and one written before bundles carried any). */
    public BundleManifest(String format, String created, List<Module> modules, List<FileEntry> files) {
        this(format, created, modules, files, null, null);
    }

    /** A bundle without a vulnerability database snapshot (and one written before bundles carried any). */
    public BundleManifest(String format, String created, List<Module> modules, List<FileEntry> files, SumDb sumdb) {
        this(format, created, modules, files, sumdb, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public BundleManifest {}

    /**
     * The checksum database whose lookups and tiles the bundle carries, and its signed tree head they are proven
     * against (here rather than as a member, so that --since BUNDLE finds it in the manifest alone).
     */
    public record SumDb(String name, String latest) {}

    /**
     * The vulnerability database snapshot the bundle carries (the one in force where it was made), as {@code modgate
     * vulndb status} shows it: its name, its database's modified time as published, its counts.
     */
    public record VulnDb(String name, String modified, int entries, int modules) {}

    /** @param zipHash h1 of the zip, or null when the bundle holds no zip of this version */
    public record Module(String path, String version, String zipHash, String modHash) {}

    public record FileEntry(String name, long size, String sha256) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    /**
     * The manifest, or an IOException whose message is one line saying what is wrong with it: a bundle is input from
     * another network, so JSON errors (Jackson's span lines) and missing fields (nulls the importer would trip on)
     * are refused here, in words.
     */
    public static BundleManifest parse(byte[] json) throws IOException {
        return parse(new java.io.ByteArrayInputStream(json));
    }

    /**
     * As {@link #parse(byte[])}, reading the stream as it goes: memory follows the entries, not the bytes, so a
     * manifest padded to hundreds of MiB (a few hundred KiB gzipped) costs no more than what it lists.
     */
    public static BundleManifest parse(java.io.InputStream json) throws IOException {
        BundleManifest m;
        try {
            m = JSON.readValue(json, BundleManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("bundle manifest is not valid: " + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")
                    + " (the bundle is damaged or not made by modgate bundle export)");
        }
        if (m == null || !FORMAT.equals(m.format())) throw new IOException("not a modgate bundle manifest (format \"" + (m == null ? null : m.format()) + "\", want \"" + FORMAT + "\")");
        if (m.files() == null || m.modules() == null) throw new IOException("bundle manifest lacks its file or module list");
        for (int i = 0; i < m.files().size(); i++) {
            FileEntry f = m.files().get(i);
            if (f == null || f.name() == null || f.sha256() == null) throw new IOException("bundle manifest: files[" + i + "] lacks its name or sha256 (the bundle is damaged)");
        }
        for (int i = 0; i < m.modules().size(); i++) {
            Module mod = m.modules().get(i);
            if (mod == null || mod.path() == null || mod.version() == null) throw new IOException("bundle manifest: modules[" + i + "] lacks its path or version (the bundle is damaged)");
        }
        return m;
    }
}
