package dev.modgate.licence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One licence's standard text, by its SPDX identifier, read from the resources beside this class
 * ({@code texts/ID.txt}; where each text comes from is in {@code texts/README}). A licence may have a second, short
 * form ({@code texts/ID-notice.txt}): the notice a licence asks to be put in files, which some projects use as their
 * whole LICENSE (pkg.go.dev's licensecheck knows the Apache-2.0 one).
 */
record LicenceTemplate(String id, List<String> words) {
    /** The licences the matcher knows, most common in Go modules first (the order breaks no ties). */
    static final List<String> IDS = List.of("MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "ISC", "MPL-2.0",
            "Unlicense", "GPL-3.0", "GPL-2.0", "LGPL-3.0", "LGPL-2.1", "CC0-1.0", "CC-BY-SA-4.0", "0BSD", "Zlib",
            "Artistic-1.0-Perl",
            // Not a licence: the patent grant the Go project's LICENSE once ended with, which projects copied with
            // it (BurntSushi/xgb). licensecheck knows it by this name and pkgsite ignores it (Redistributable.IGNORABLE).
            "GooglePatentClause");

    /** The licences whose short notice is a text of its own. */
    static final List<String> NOTICES = List.of("Apache-2.0");

    static List<LicenceTemplate> all() {
        List<LicenceTemplate> all = new java.util.ArrayList<>();
        IDS.forEach(id -> all.add(load(id, "texts/" + id + ".txt")));
        NOTICES.forEach(id -> all.add(load(id, "texts/" + id + "-notice.txt")));
        return all;
    }

    private static LicenceTemplate load(String id, String resource) {
        try (InputStream in = LicenceTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("licence text " + resource + " is missing from the class path: rebuild modgate");
            }
            return new LicenceTemplate(id, LicenceWords.of(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
