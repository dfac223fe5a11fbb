package dev.modgate.vuln;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small Go vulnerability database built in the test, written in the v1 layout as vuln.go.dev publishes it (compact
 * JSON, indexes sorted by path and id, db.json's modified the latest entry's): several introduced/fixed pairs, an
 * entry with no fix, one affecting two modules, stdlib and toolchain entries. Entries change by {@link #put}.
 */
final class TestVulnDb {
    record Affected(String module, String introduced, String fixed) {}

    record Entry(String id, Instant modified, List<String> aliases, List<Affected> affected) {
        String json() {
            StringBuilder b = new StringBuilder("{\"schema_version\":\"1.3.1\",\"id\":\"").append(id).append("\",\"modified\":\"").append(modified)
                    .append("\",\"published\":\"2024-01-02T00:00:00Z\",\"aliases\":").append(strings(aliases))
                    .append(",\"summary\":\"Test vulnerability ").append(id).append("\",\"affected\":[");
            for (int i = 0; i < affected.size(); i++) {
                Affected a = affected.get(i);
                if (i > 0) b.append(',');
                b.append("{\"package\":{\"name\":\"").append(a.module).append("\",\"ecosystem\":\"Go\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"")
                        .append(a.introduced).append("\"}");
                if (a.fixed != null) b.append(",{\"fixed\":\"").append(a.fixed).append("\"}");
                b.append("]}],\"ecosystem_specific\":{\"imports\":[{\"path\":\"").append(a.module.equals("stdlib") ? "net/http" : a.module).append("\"}]}}");
            }
            return b.append("],\"database_specific\":{\"url\":\"https://pkg.go.dev/vuln/").append(id).append("\"}}").toString();
        }
    }

    final Map<String, Entry> entries = new TreeMap<>();

    /** The standard test database: five entries over four modules, stdlib and toolchain among them. */
    static TestVulnDb standard() {
        TestVulnDb db = new TestVulnDb();
        db.put("GO-2024-0001", "2024-03-01T10:00:00Z", List.of("CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"), new Affected("example.com/a", "0", "1.2.0"));
        db.put("GO-2024-0002", "2024-03-02T10:00:00Z", List.of("CVE-2024-0002"),
                new Affected("example.com/a", "1.3.0", "1.4.1"), new Affected("example.com/b/v2", "2.0.0", null));
        db.put("GO-2024-0003", "2024-03-03T10:00:00Z", List.of(), new Affected("stdlib", "0", "1.21.8"), new Affected("toolchain", "0", "1.21.8"));
        db.put("GO-2023-1234", "2023-11-05T08:30:00Z", List.of("GHSA-xxxx-yyyy-zzzz"), new Affected("example.com/c", "0", "0.0.0-20230101000000-abcdefabcdef"));
        db.put("GO-2024-0004", "2024-03-04T10:00:00Z", List.of("CVE-2024-0004"), new Affected("example.com/b/v2", "0", "2.5.0+incompatible"));
        return db;
    }

    void put(String id, String modified, List<String> aliases, Affected... affected) {
        entries.put(id, new Entry(id, Instant.parse(modified), aliases, List.of(affected)));
    }

    /** The entry again with a later modified time (and a changed summary through it). */
    void touch(String id, String modified) {
        Entry e = entries.get(id);
        entries.put(id, new Entry(id, Instant.parse(modified), e.aliases, e.affected));
    }

    Instant modified() {
        return entries.values().stream().map(Entry::modified).max(Instant::compareTo).orElseThrow();
    }

    /** Every file of the database by path, as published. */
    Map<String, byte[]> files() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("index/db.json", ("{\"modified\":\"" + modified() + "\"}").getBytes(StandardCharsets.UTF_8));
        Map<String, List<Entry>> byModule = new TreeMap<>();
        for (Entry e : entries.values()) {
            for (String m : new TreeSet<>(e.affected.stream().map(Affected::module).toList())) byModule.computeIfAbsent(m, k -> new ArrayList<>()).add(e);
        }
        StringBuilder modules = new StringBuilder("[");
        byModule.forEach((path, es) -> {
            if (modules.length() > 1) modules.append(',');
            modules.append("{\"path\":\"").append(path).append("\",\"vulns\":[");
            for (int i = 0; i < es.size(); i++) {
                Entry e = es.get(i);
                String fixed = e.affected.stream().filter(a -> a.module.equals(path)).map(Affected::fixed).filter(f -> f != null).reduce((a, b) -> b).orElse(null);
                if (i > 0) modules.append(',');
                modules.append("{\"id\":\"").append(e.id).append("\",\"modified\":\"").append(e.modified).append('"');
                if (fixed != null) modules.append(",\"fixed\":\"").append(fixed).append('"');
                modules.append('}');
            }
            modules.append("]}");
        });
        out.put("index/modules.json", modules.append(']').toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder vulns = new StringBuilder("[");
        for (Entry e : entries.values()) {
            if (vulns.length() > 1) vulns.append(',');
            vulns.append("{\"id\":\"").append(e.id).append("\",\"modified\":\"").append(e.modified).append("\",\"aliases\":").append(strings(e.aliases)).append('}');
        }
        out.put("index/vulns.json", vulns.append(']').toString().getBytes(StandardCharsets.UTF_8));
        for (Entry e : entries.values()) out.put("ID/" + e.id + ".json", e.json().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Writes the database under dir (replacing what was there), and returns dir. */
    Path writeTo(Path dir) throws IOException {
        if (Files.exists(dir)) VulnDbSnapshots.deleteTree(dir);
        for (Map.Entry<String, byte[]> f : files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return dir;
    }

    /** The bulk vulndb.zip of this database, as vuln.go.dev offers it. */
    Path zip(Path file) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry("ID/"));
            z.putNextEntry(new ZipEntry("index/"));
            for (Map.Entry<String, byte[]> f : files().entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
            }
        }
        return file;
    }

    /**
     * Stores a module version in a data directory as the server would (the GOPROXY layout): its .info and .mod, and its
     * .zip unless zip is false (a go.mod fetched for the module graph only).
     */
    static void store(Path data, String module, String version, boolean zip) throws IOException {
        String goMod = "module " + module + "\n";
        Path info = dev.modgate.testing.DataDirLayout.versionFile(data, module, version, "info");
        Files.createDirectories(info.getParent());
        Files.writeString(info, "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        Files.writeString(dev.modgate.testing.DataDirLayout.versionFile(data, module, version, "mod"), goMod);
        if (!zip) return;
        dev.modgate.core.zip.ModuleZip.create(new dev.modgate.core.module.ModuleVersion(module, version), List.of(
                dev.modgate.core.zip.ModuleFile.of("go.mod", goMod.getBytes(StandardCharsets.UTF_8)),
                dev.modgate.core.zip.ModuleFile.of("x.go", "package x\n".getBytes(StandardCharsets.UTF_8))),
                dev.modgate.testing.DataDirLayout.versionFile(data, module, version, "zip"));
    }

    private static String strings(List<String> l) {
        StringBuilder b = new StringBuilder("[");
        for (String s : l) b.append(b.length() > 1 ? "," : "").append('"').append(s).append('"');
        return b.append(']').toString();
    }

    /**
     * A zip written byte by byte, for what ZipOutputStream refuses to write: the same name twice, a symbolic link (a
     * Unix mode in the external attributes), a size that is declared, not written.
     */
    static final class RawZip {
        record Member(String name, byte[] data, boolean symlink) {}

        private final List<Member> members = new ArrayList<>();

        RawZip add(String name, byte[] data) {
            members.add(new Member(name, data, false));
            return this;
        }

        RawZip symlink(String name, String target) {
            members.add(new Member(name, target.getBytes(StandardCharsets.UTF_8), true));
            return this;
        }

        Path write(Path file) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream central = new ByteArrayOutputStream();
            for (Member m : members) {
                byte[] name = m.name.getBytes(StandardCharsets.UTF_8);
                CRC32 crc = new CRC32();
                crc.update(m.data);
                int offset = out.size();
                ByteBuffer local = le(30 + name.length).putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue()).putInt(m.data.length).putInt(m.data.length)
                        .putShort((short) name.length).putShort((short) 0).put(name);
                out.write(local.array());
                out.write(m.data);
                int mode = m.symlink ? 0120777 : 0100644;
                ByteBuffer c = le(46 + name.length).putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue()).putInt(m.data.length)
                        .putInt(m.data.length).putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(mode << 16).putInt(offset).put(name);
                central.write(c.array());
            }
            int cdOffset = out.size();
            out.write(central.toByteArray());
            out.write(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) members.size())
                    .putShort((short) members.size()).putInt(central.size()).putInt(cdOffset).putShort((short) 0).array());
            Files.write(file, out.toByteArray());
            return file;
        }

        /** A zip64 archive whose end records claim count members (and hold none): refused on the count alone. */
        static Path claimingMembers(Path file, long count) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(le(56).putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                        .putLong(count).putLong(count).putLong(0).putLong(0).array());
                out.write(le(20).putInt(0x07064b50).putInt(0).putLong(0).putInt(1).array());
                out.write(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF)
                        .putShort((short) 0xFFFF).putInt(-1).putInt(-1).putShort((short) 0).array());
            }
            return file;
        }

        private static ByteBuffer le(int n) {
            return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
