package dev.modgate.licence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Detection against Debian's machine-readable expectations (issue 15, item 6); run by {@code bench/licence-accuracy},
 * which builds the corpus, never by the test suite (it needs apt). The corpus holds one directory per Debian source
 * package of Go code: {@code copyright} (its DEP-5 file) and {@code tree/} (the upstream tree's licence files, paths
 * kept). For every package whose {@code Files: *} licence is a single SPDX identifier, each licence file at the root of
 * the tree is detected and compared with it. Prints every disagreement and the agreement figure.
 *
 * <p>Usage: {@code LicenceAccuracy CORPUS_DIR}. Exits 2 when the corpus is missing or empty, so a script cannot
 * mistake no corpus for full agreement.
 */
public final class LicenceAccuracy {
    /** DEP-5 short names (https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/#license-short-name) to SPDX. */
    static final Map<String, String> DEP5_TO_SPDX = Map.ofEntries(
            Map.entry("expat", "MIT"), Map.entry("mit", "MIT"),
            Map.entry("bsd-2-clause", "BSD-2-Clause"), Map.entry("bsd-3-clause", "BSD-3-Clause"),
            Map.entry("apache-2.0", "Apache-2.0"), Map.entry("apache-2", "Apache-2.0"),
            Map.entry("isc", "ISC"), Map.entry("mpl-2.0", "MPL-2.0"),
            Map.entry("gpl-2", "GPL-2.0"), Map.entry("gpl-2+", "GPL-2.0"), Map.entry("gpl-2.0", "GPL-2.0"),
            Map.entry("gpl-2.0+", "GPL-2.0"), Map.entry("gpl-3", "GPL-3.0"), Map.entry("gpl-3+", "GPL-3.0"),
            Map.entry("gpl-3.0", "GPL-3.0"), Map.entry("gpl-3.0+", "GPL-3.0"),
            Map.entry("lgpl-2.1", "LGPL-2.1"), Map.entry("lgpl-2.1+", "LGPL-2.1"),
            Map.entry("lgpl-3", "LGPL-3.0"), Map.entry("lgpl-3+", "LGPL-3.0"), Map.entry("lgpl-3.0", "LGPL-3.0"),
            Map.entry("lgpl-3.0+", "LGPL-3.0"), Map.entry("cc0-1.0", "CC0-1.0"), Map.entry("cc0", "CC0-1.0"),
            Map.entry("unlicense", "Unlicense"), Map.entry("zlib", "Zlib"), Map.entry("0bsd", "0BSD"),
            Map.entry("artistic", "Artistic-1.0-Perl"), Map.entry("cc-by-sa-4.0", "CC-BY-SA-4.0"),
            // Debian's name for the Go project's licence, which is BSD-3-Clause with Google's name in it.
            Map.entry("go", "BSD-3-Clause"));

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: LicenceAccuracy CORPUS_DIR (built by bench/licence-accuracy)");
            System.exit(2);
        }
        LicenceDetector detector = new LicenceDetector(new LicenceMatcher());
        List<Path> packages;
        try (Stream<Path> list = Files.list(Path.of(args[0]))) {
            packages = list.filter(p -> Files.isRegularFile(p.resolve("copyright"))).sorted().toList();
        }
        int files = 0;
        int agreed = 0;
        int contained = 0;
        Map<String, Integer> byLicence = new TreeMap<>();
        Map<String, Integer> agreedByLicence = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        long nanos = 0;
        for (Path pkg : packages) {
            String dep5 = filesStarLicence(Files.readString(pkg.resolve("copyright"), StandardCharsets.UTF_8));
            String expected = spdx(dep5);
            List<Path> licences = rootLicenceFiles(pkg.resolve("tree"));
            if (expected == null) {
                skipped.add(pkg.getFileName() + " (Files: * is \"" + dep5 + "\", " + licences.size() + " licence files)");
                continue;
            }
            for (Path file : licences) {
                byte[] bytes = Files.readAllBytes(file);
                long start = System.nanoTime();
                DetectedLicence detected = detector.identify(file.getFileName().toString(), bytes);
                nanos += System.nanoTime() - start;
                files++;
                byLicence.merge(expected, 1, Integer::sum);
                // Notices that are no licence (a patent clause) are reported, as by pkgsite, but name no licence.
                List<String> named = detected.ids().stream().filter(id -> !Redistributable.IGNORABLE.contains(id)).toList();
                if (named.equals(List.of(expected))) {
                    agreed++;
                    agreedByLicence.merge(expected, 1, Integer::sum);
                } else {
                    contained += named.contains(expected) ? 1 : 0;
                    disagreements.add(String.format("%s/%s: Debian %s (%s), detected %s at %.1f%% coverage",
                            pkg.getFileName(), pkg.resolve("tree").relativize(file), expected, dep5, detected.ids(),
                            detected.coveragePercent()));
                }
            }
        }
        if (files == 0) {
            System.err.println("no licence file with a single-licence DEP-5 expectation under " + args[0] + ": build the corpus first");
            System.exit(2);
        }
        System.out.println("Disagreements:");
        disagreements.forEach(d -> System.out.println("  " + d));
        System.out.println("Packages skipped (Files: * not a single known SPDX id): " + skipped.size());
        skipped.forEach(s -> System.out.println("  " + s));
        System.out.println("By licence (agreed/files):");
        byLicence.forEach((id, n) -> System.out.printf("  %s %d/%d%n", id, agreedByLicence.getOrDefault(id, 0), n));
        System.out.printf("Agreement: %d of %d licence files (%.1f%%) in %d packages are exactly the DEP-5 licence;"
                + " %d more hold it beside others%n", agreed, files, 100.0 * agreed / files,
                packages.size() - skipped.size(), contained);
        System.out.printf("Cost: %.2f ms per file (identical texts scanned once)%n", nanos / 1e6 / files);
    }

    /** The License of the {@code Files: *} paragraph (its first line: the short name or expression), or null. */
    static String filesStarLicence(String copyright) {
        for (String paragraph : copyright.replace("\r", "").split("\n\\s*\n")) {
            String files = field(paragraph, "Files");
            if (files != null && List.of(files.trim().split("\\s+")).contains("*")) {
                String licence = field(paragraph, "License");
                return licence == null ? null : licence.trim();
            }
        }
        return null;
    }

    /** A field's value, continuation lines (those starting with white space) joined by spaces. */
    private static String field(String paragraph, String name) {
        String[] lines = paragraph.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                StringBuilder value = new StringBuilder(lines[i].substring(name.length() + 1).trim());
                // License's continuation lines are the licence's text, not its name.
                for (int j = i + 1; !name.equals("License") && j < lines.length && lines[j].matches("\\s.*"); j++) {
                    value.append(' ').append(lines[j].trim());
                }
                return value.toString().trim();
            }
        }
        return null;
    }

    /**
     * The SPDX identifier of a DEP-5 licence name, or null unless it names exactly one licence we can map. Debian
     * marks variants with a suffix ("BSD-3-clause~Google": the same licence, other names in it); "X or Y" and
     * "X and Y" are one licence only when both sides map to the same identifier.
     */
    static String spdx(String dep5) {
        if (dep5 == null || dep5.isEmpty()) {
            return null;
        }
        String found = null;
        for (String part : dep5.toLowerCase(Locale.ROOT).split("\\s+(or|and)\\s+|\\s*,\\s*")) {
            String id = DEP5_TO_SPDX.get(part.replaceFirst("~.*", "").trim());
            if (id == null || (found != null && !found.equals(id))) {
                return null;
            }
            found = id;
        }
        return found;
    }

    /** The licence files pkgsite would read at the root of the upstream tree (its own root, or its one top directory). */
    private static List<Path> rootLicenceFiles(Path tree) throws IOException {
        if (!Files.isDirectory(tree)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(tree)) {
            return list.filter(Files::isRegularFile)
                    .filter(p -> LicenceFileNames.isLicenceFile(p.getFileName().toString())).sorted().toList();
        }
    }
}
