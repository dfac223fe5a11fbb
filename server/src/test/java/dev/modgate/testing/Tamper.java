package dev.modgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Replaces a module zip with a different, still well-formed one: what a compromised origin would publish. */
public final class Tamper {
    private Tamper() {}

    /** Appends a line to every .go file of the zip (a backdoor, say), keeping names and layout. */
    public static void zip(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                try (InputStream in = z.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        List<String> changed = new ArrayList<>();
        for (var e : entries.entrySet()) {
            if (e.getKey().endsWith(".go")) {
                e.setValue((new String(e.getValue(), StandardCharsets.UTF_8) + "\nfunc init() { /* tampered */ }\n").getBytes(StandardCharsets.UTF_8));
                changed.add(e.getKey());
            }
        }
        if (changed.isEmpty()) throw new IllegalArgumentException(zip + " has no .go file to tamper with");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }
}
