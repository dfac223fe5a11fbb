package dev.modgate.licence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Licence files of a module zip, chosen and judged as pkg.go.dev does. */
class LicenceDetectorTest {
    private static final String MODULE = "example.com/m";
    private static final String VERSION = "v1.2.3";

    @TempDir
    Path dir;

    private final LicenceDetector detector = new LicenceDetector(new LicenceMatcher());

    @Test
    void rootFilesAreTheModulesNestedOnesPackagesVendoredOnesIgnored() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("LICENSE", LicenceMatcherTest.template("MIT"));
        files.put("licence.md", LicenceMatcherTest.template("Apache-2.0"));
        files.put("sub/pkg/COPYING", LicenceMatcherTest.template("GPL-3.0"));
        files.put("vendor/LICENSE", LicenceMatcherTest.template("ISC")); // a package named vendor: counted
        files.put("vendor/github.com/x/y/LICENSE", LicenceMatcherTest.template("GPL-2.0"));
        files.put("sub/vendor/z/LICENSE.txt", LicenceMatcherTest.template("GPL-2.0"));
        files.put("README.md", LicenceMatcherTest.template("GPL-2.0")); // not a licence file name
        files.put("main.go", "package m\n");
        Path zip = zip(files);
        ModuleLicences licences = detector.detect(zip, MODULE, VERSION);
        try (java.io.InputStream in = Files.newInputStream(zip)) {
            assertThat(detector.detect(in, MODULE, VERSION)).as("read as a stream, as from storage").isEqualTo(licences);
        }

        assertThat(licences.files()).extracting(DetectedLicence::path)
                .containsExactly("LICENSE", "licence.md", "sub/pkg/COPYING", "vendor/LICENSE");
        assertThat(licences.root()).extracting(DetectedLicence::path).containsExactly("LICENSE", "licence.md");
        assertThat(licences.files()).extracting(DetectedLicence::ids).containsExactly(
                java.util.List.of("MIT"), java.util.List.of("Apache-2.0"), java.util.List.of("GPL-3.0"), java.util.List.of("ISC"));
        assertThat(licences.redistributable()).isTrue();
    }

    @Test
    void anUnknownRootLicenceOrNoneMakesTheModuleNotRedistributable() throws IOException {
        ModuleLicences unknown = detector.detect(zip(Map.of("LICENSE", LicenceMatcherTest.template("MIT"),
                "COPYING", "All use is forbidden without a paid subscription, see https://example.com/terms.")), MODULE, VERSION);
        assertThat(unknown.files()).extracting(DetectedLicence::ids).contains(java.util.List.of(DetectedLicence.UNKNOWN));
        assertThat(unknown.redistributable()).isFalse();

        ModuleLicences none = detector.detect(zip(Map.of("sub/LICENSE", LicenceMatcherTest.template("MIT"))), MODULE, VERSION);
        assertThat(none.root()).isEmpty();
        assertThat(none.redistributable()).as("a package licence alone does not license the module").isFalse();
    }

    @Test
    void aFileOverTheSizeLimitIsUnknownUnread() throws IOException {
        String huge = LicenceMatcherTest.template("MIT") + "\n" + "x".repeat((int) LicenceFileNames.MAX_SIZE);
        ModuleLicences licences = detector.detect(zip(Map.of("LICENSE", huge)), MODULE, VERSION);
        assertThat(licences.files()).singleElement().satisfies(f -> {
            assertThat(f.ids()).containsExactly(DetectedLicence.UNKNOWN);
            assertThat(f.coveragePercent()).isZero();
        });
    }

    @Test
    void theSameTextIsScannedOnceWhateverItsPath() throws IOException {
        byte[] mit = LicenceMatcherTest.template("MIT").getBytes(StandardCharsets.UTF_8);
        DetectedLicence first = detector.identify("LICENSE", mit);
        DetectedLicence again = detector.identify("a/b/LICENSE.txt", mit.clone());
        assertThat(again.path()).isEqualTo("a/b/LICENSE.txt");
        assertThat(again.ids()).isEqualTo(first.ids());
        assertThat(LicenceDetector.sha256(mit)).hasSize(64);
    }

    @Test
    void fileNamesAreComparedWithoutCase() {
        assertThat(LicenceFileNames.isLicenceFile("License.MD")).isTrue();
        assertThat(LicenceFileNames.isLicenceFile("a/MIT-LICENSE.txt")).isTrue();
        assertThat(LicenceFileNames.isLicenceFile("unlicense")).isTrue();
        assertThat(LicenceFileNames.isLicenceFile("LICENSE.go")).isFalse();
        assertThat(LicenceFileNames.isLicenceFile("LICENSES/MIT.txt")).isFalse();
        assertThat(LicenceFileNames.isLicenceFile("x/vendor/LICENSE")).isTrue();
        assertThat(LicenceFileNames.isLicenceFile("x/vendor/y/LICENSE")).isFalse();
    }

    private Path zip(Map<String, String> files) throws IOException {
        Path zip = Files.createTempFile(dir, "module", ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("other.com/n@v1.0.0/LICENSE")); // another module's prefix: not ours
            z.write("Proprietary".getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> file : files.entrySet()) {
                z.putNextEntry(new ZipEntry(MODULE + "@" + VERSION + "/" + file.getKey()));
                z.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }
}
