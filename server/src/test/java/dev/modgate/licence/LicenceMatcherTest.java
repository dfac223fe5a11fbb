package dev.modgate.licence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matcher on its own texts and on perturbed copies of them: what pkg.go.dev would say about each. */
class LicenceMatcherTest {
    private static final LicenceMatcher MATCHER = new LicenceMatcher();
    private static final LicenceDetector DETECTOR = new LicenceDetector(MATCHER);

    @Test
    void everyStandardTextIsItselfAndNothingElse() {
        for (String id : LicenceTemplate.IDS) {
            DetectedLicence detected = DETECTOR.identify("LICENSE", template(id).getBytes(StandardCharsets.UTF_8));
            assertThat(detected.ids()).as(id).containsExactly(id);
            assertThat(detected.coveragePercent()).as(id).isGreaterThan(95);
        }
    }

    @Test
    void theGoProjectsBsdTextIsBsd3WithItsOwnNamesAndNoCopyrightLine() {
        DetectedLicence detected = DETECTOR.identify("LICENSE", resource("go-LICENSE"));
        assertThat(detected.ids()).containsExactly("BSD-3-Clause");
        assertThat(detected.coveragePercent()).isGreaterThan(95);
    }

    @Test
    void theGoPatentGrantAfterABsdTextIsNamedAndIgnoredForRedistribution() {
        // BurntSushi/xgb's LICENSE, in // comments: the Go project's old LICENSE with "XGB" for "Go".
        String xgb = (new String(resource("go-LICENSE"), StandardCharsets.UTF_8) + "\n" + template("GooglePatentClause"))
                .replace(" Go,", " XGB,").replace(" Go.", " XGB.").replace(" Go ", " XGB ").replaceAll("(?m)^", "// ");
        DetectedLicence detected = DETECTOR.identify("LICENSE", bytes(xgb));
        assertThat(detected.ids()).containsExactly("BSD-3-Clause", "GooglePatentClause");
        assertThat(detected.coveragePercent()).isGreaterThan(95);
        assertThat(Redistributable.allows(detected.ids())).isTrue();
    }

    @Test
    void copyrightLinesDoNotMatter() {
        String mit = template("MIT").replace("Copyright (c) <year> <copyright holders>",
                "Copyright © 2014-2024 Jane Doe <jane@example.com> and the frobnicate contributors\n"
                        + "Copyright 2012 Example Corp. All rights reserved.\nAll rights reserved.");
        DetectedLicence detected = DETECTOR.identify("LICENSE", bytes(mit));
        assertThat(detected.ids()).containsExactly("MIT");
        assertThat(detected.coveragePercent()).isGreaterThan(95);
    }

    @Test
    void markdownFormattingIsPunctuation() {
        String markdown = "# The MIT License (MIT)\n\n**Copyright (c) 2020 [Jane Doe](https://example.com)**\n\n"
                + template("MIT").split("\n\n", 3)[2].replace("THE SOFTWARE IS PROVIDED \"AS IS\"", "_THE SOFTWARE IS PROVIDED \"AS IS\"_")
                .replace("Permission is hereby granted", "> Permission is hereby granted");
        DetectedLicence detected = DETECTOR.identify("LICENSE.md", bytes(markdown));
        assertThat(detected.ids()).containsExactly("MIT");
        assertThat(detected.coveragePercent()).isGreaterThan(90);
    }

    @Test
    void crlfLineEndingsAreLineEndings() {
        DetectedLicence detected = DETECTOR.identify("LICENSE", bytes(template("Apache-2.0").replace("\n", "\r\n")));
        assertThat(detected.ids()).containsExactly("Apache-2.0");
        assertThat(detected.coveragePercent()).isGreaterThan(95);
    }

    @Test
    void reflowedParagraphsAreTheSameWords() {
        // One paragraph per line, as editors that soft-wrap write it; and narrow wrapping.
        String oneLine = template("BSD-2-Clause").replaceAll("(?<!\n)\n(?!\n)", " ");
        String narrow = String.join("\n", template("ISC").split(" "));
        assertThat(DETECTOR.identify("LICENSE", bytes(oneLine)).ids()).containsExactly("BSD-2-Clause");
        assertThat(DETECTOR.identify("LICENSE", bytes(narrow)).ids()).containsExactly("ISC");
    }

    @Test
    void theApacheTextWithoutItsAppendixIsStillApache() {
        String apache = template("Apache-2.0");
        String withoutAppendix = apache.substring(0, apache.indexOf("APPENDIX"));
        DetectedLicence detected = DETECTOR.identify("LICENSE", bytes(withoutAppendix));
        assertThat(detected.ids()).containsExactly("Apache-2.0");
    }

    @Test
    void twoLicencesInOneFileAreBothFound() {
        String dual = "This project is dual-licensed under the MIT and Apache 2.0 licenses.\n\n"
                + template("MIT") + "\n\n---\n\n" + template("Apache-2.0");
        DetectedLicence detected = DETECTOR.identify("LICENSE", bytes(dual));
        assertThat(detected.ids()).containsExactly("Apache-2.0", "MIT");
        assertThat(detected.coveragePercent()).isGreaterThan(95);

        String gpls = template("GPL-3.0") + "\n" + template("LGPL-3.0");
        assertThat(DETECTOR.identify("COPYING", bytes(gpls)).ids()).containsExactly("GPL-3.0", "LGPL-3.0");
    }

    @Test
    void theApacheNoticeAloneIsApacheAsPkgGoDevSaysForYamlV3() {
        // gopkg.in/yaml.v3's LICENSE: the MIT text for the files ported from libyaml, then the Apache notice.
        String yaml = "This project is covered by two different licenses: MIT and Apache.\n\n#### MIT License ####\n\n"
                + template("MIT").split("\n\n", 3)[2] + "\n\n### Apache License ###\n\n"
                + "Copyright (c) 2011-2019 Canonical Ltd\n\n" + template("Apache-2.0-notice");
        DetectedLicence detected = DETECTOR.identify("LICENSE", bytes(yaml));
        assertThat(detected.ids()).containsExactly("Apache-2.0", "MIT");
        assertThat(DETECTOR.identify("NOTICE", bytes(template("Apache-2.0-notice"))).ids()).containsExactly("Apache-2.0");
    }

    @Test
    void aLicenceInsideAnotherIsNotReportedTwice() {
        // BSD-2's words all lie inside BSD-3, ISC's nearly all inside 0BSD's and the other way round.
        assertThat(DETECTOR.identify("LICENSE", bytes(template("BSD-3-Clause"))).ids()).containsExactly("BSD-3-Clause");
        assertThat(DETECTOR.identify("LICENSE", bytes(template("0BSD"))).ids()).containsExactly("0BSD");
        assertThat(DETECTOR.identify("LICENSE", bytes(template("ISC"))).ids()).containsExactly("ISC");
    }

    @Test
    void aFileThatIsMostlyNotALicenceIsUnknownThoughItHoldsOne() {
        byte[] readme = resource("README-with-MIT.md");
        Coverage coverage = MATCHER.scan(readme);
        assertThat(coverage.matches()).extracting(Coverage.Match::id).containsExactly("MIT");
        assertThat(coverage.percent()).isLessThan(LicenceDetector.COVERAGE_THRESHOLD);
        DetectedLicence detected = DETECTOR.identify("LICENSE", readme);
        assertThat(detected.ids()).containsExactly(DetectedLicence.UNKNOWN);
        assertThat(detected.unknown()).isTrue();
    }

    @Test
    void anUnknownLicenceOrNoTextIsUnknown() {
        String custom = "You may use this code only on Tuesdays, and only to make coffee. Any other use requires the "
                + "written permission of the author, who will usually say no. No warranty of any kind is given.";
        assertThat(DETECTOR.identify("LICENSE", bytes(custom)).ids()).containsExactly(DetectedLicence.UNKNOWN);
        assertThat(DETECTOR.identify("LICENSE", new byte[0]).ids()).containsExactly(DetectedLicence.UNKNOWN);
        assertThat(DETECTOR.identify("LICENSE", bytes("Copyright 2020 Jane Doe")).coveragePercent()).isZero();
    }

    @Test
    void aTruncatedLicenceIsNotThatLicence() {
        String gpl = template("GPL-3.0");
        DetectedLicence half = DETECTOR.identify("COPYING", bytes(gpl.substring(0, gpl.length() / 2)));
        assertThat(half.ids()).doesNotContain("GPL-3.0");
    }

    /** The figure the package documentation states; no assertion on time (machines differ). */
    @Test
    void printsThePerTextCost() {
        long start = System.nanoTime();
        LicenceMatcher built = new LicenceMatcher();
        long buildMicros = (System.nanoTime() - start) / 1000;
        for (String id : List.of("MIT", "BSD-3-Clause", "Apache-2.0", "GPL-3.0")) {
            byte[] text = bytes(template(id));
            for (int i = 0; i < 200; i++) {
                built.scan(text); // warm-up
            }
            int rounds = 500;
            start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                assertThat(built.scan(text).matches()).isNotEmpty();
            }
            System.out.printf("licence scan %s (%d bytes): %.3f ms per text%n", id, text.length,
                    (System.nanoTime() - start) / 1e6 / rounds);
        }
        System.out.printf("licence matcher built in %d ms (%d texts)%n", buildMicros / 1000, built.ids().size());
    }

    static String template(String id) {
        return new String(read(LicenceTemplate.class, "texts/" + id + ".txt"), StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) {
        return read(LicenceMatcherTest.class, name);
    }

    private static byte[] read(Class<?> near, String name) {
        try (InputStream in = near.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
