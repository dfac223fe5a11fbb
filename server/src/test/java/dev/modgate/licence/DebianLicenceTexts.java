package dev.modgate.licence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checks the matcher's texts against Debian's own copies: every stand-alone {@code License:} paragraph of every
 * DEP-5 file under {@code /usr/share/doc} (the licence's full text, indented, with "." for blank lines) whose name
 * maps to one SPDX identifier is detected and compared with it. Run by {@code bench/licence-accuracy} after the
 * corpus; never by the test suite. Paragraphs that only point to /usr/share/common-licenses or quote a notice are
 * counted apart (they are not the licence's text).
 *
 * <p>Usage: {@code DebianLicenceTexts [DOC_DIR]} (default /usr/share/doc). Exits 2 when it finds no such paragraph.
 */
public final class DebianLicenceTexts {
    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "/usr/share/doc");
        LicenceDetector detector = new LicenceDetector(new LicenceMatcher());
        Map<String, int[]> byLicence = new TreeMap<>(); // id -> {agreed, texts}
        List<String> disagreements = new ArrayList<>();
        int pointers = 0;
        int nothingFound = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(docs)) {
            files = list.map(p -> p.resolve("copyright")).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // not UTF-8: not a DEP-5 file worth reading here
            }
            if (!text.startsWith("Format:")) {
                continue;
            }
            for (String paragraph : text.replace("\r", "").split("\n\\s*\n")) {
                if (!paragraph.startsWith("License:")) {
                    continue; // a Files paragraph names its licence; the text is in a stand-alone one
                }
                String[] lines = paragraph.split("\n");
                String id = LicenceAccuracy.spdx(lines[0].substring("License:".length()).trim());
                if (id == null || lines.length < 4) {
                    continue;
                }
                StringBuilder body = new StringBuilder();
                for (int i = 1; i < lines.length && lines[i].startsWith(" "); i++) {
                    String l = lines[i].substring(1);
                    body.append(l.equals(".") ? "" : l).append('\n');
                }
                if (body.indexOf("/usr/share/common-licenses") >= 0) {
                    pointers++;
                    continue;
                }
                DetectedLicence detected = detector.identify("LICENSE", body.toString().getBytes(StandardCharsets.UTF_8));
                int[] counts = byLicence.computeIfAbsent(id, k -> new int[2]);
                counts[1]++;
                if (detected.ids().stream().filter(i -> !Redistributable.IGNORABLE.contains(i)).toList().equals(List.of(id))) {
                    counts[0]++;
                } else {
                    nothingFound += detected.coveragePercent() == 0 ? 1 : 0;
                    disagreements.add(String.format("%s (%s): detected %s at %.1f%%", docs.relativize(file), lines[0],
                            detected.ids(), detected.coveragePercent()));
                }
            }
        }
        int agreed = byLicence.values().stream().mapToInt(c -> c[0]).sum();
        int total = byLicence.values().stream().mapToInt(c -> c[1]).sum();
        if (total == 0) {
            System.err.println("no DEP-5 licence text found under " + docs);
            System.exit(2);
        }
        System.out.println("Debian's licence texts, disagreements:");
        disagreements.forEach(d -> System.out.println("  " + d));
        byLicence.forEach((id, c) -> System.out.printf("  %s %d/%d%n", id, c[0], c[1]));
        System.out.printf("Debian's licence texts: %d of %d agree (%.1f%%); of the others %d hold no known text at all"
                + " (notices such as \"This program is free software...\", other wordings); %d paragraphs only point to"
                + " common-licenses%n", agreed, total, 100.0 * agreed / total, nothingFound, pointers);
    }
}
