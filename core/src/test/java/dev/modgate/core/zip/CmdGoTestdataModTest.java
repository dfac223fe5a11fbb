package dev.modgate.core.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.dirhash.GoSum;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.txtar.Txtar;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module archives of cmd/go's test proxy (src/cmd/go/testdata/mod): each archive's module zip, built with
 * {@link ModuleZip#create}, and its .mod file must hash to the lines of _expected_go.sum, which were computed
 * over the zip the test proxy serves (entries {@code <path>@<version>/<name>}, all files but .info/.mod/.zip).
 * Archives that are deliberately not valid modules, for which create refuses or drops files, are listed in
 * _expected_go.sum as {@code # invalid: <archive>: <reason>}; for them the raw entries are hashed instead.
 */
class CmdGoTestdataModTest {
    private static final Pattern INVALID = Pattern.compile("^# invalid: (\\S+): (.*)$");

    @TempDir Path tmp;

    private static Path corpus() {
        try {
            return Path.of(CmdGoTestdataModTest.class.getResource("/vectors/cmdgo_testdata_mod").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The go.sum lines (comments stripped) and the archives marked invalid, with the reason given. */
    private record Expected(Map<String, String> sums, Map<String, String> invalid) {
        static Expected load() throws IOException {
            Map<String, String> sums = new HashMap<>();
            Map<String, String> invalid = new LinkedHashMap<>();
            StringBuilder goSum = new StringBuilder();
            for (String line : Files.readAllLines(corpus().resolve("_expected_go.sum"))) {
                Matcher m = INVALID.matcher(line);
                if (m.matches()) invalid.put(m.group(1), m.group(2));
                int hash = line.indexOf('#');
                goSum.append(hash >= 0 ? line.substring(0, hash) : line).append('\n');
            }
            for (GoSum.Line l : GoSum.parse("_expected_go.sum", goSum.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                assertThat(sums.put(l.path() + " " + l.version(), l.hash())).as("duplicate line for %s %s", l.path(), l.version()).isNull();
            }
            return new Expected(sums, invalid);
        }
    }

    /** proxy_test.go's readModList: {@code <escaped path with / as _>_<escaped version>.txt}. */
    static ModuleVersion moduleOf(String fileName) {
        String name = fileName.substring(0, fileName.length() - ".txt".length());
        int i = name.lastIndexOf("_v");
        // Decoded without validation: some archives are deliberately invalid module paths.
        return new ModuleVersion(unescape(name.substring(0, i).replace('_', '/')), unescape(name.substring(i + 1)));
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '!' && i + 1 < s.length()) b.append(Character.toUpperCase(s.charAt(++i)));
            else b.append(c);
        }
        return b.toString();
    }

    private static List<Path> archives() throws IOException {
        try (Stream<Path> s = Files.list(corpus())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachArchive() throws IOException {
        Expected expected = Expected.load();
        return archives().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                () -> checkArchive(file, expected)));
    }

    private void checkArchive(Path file, Expected expected) throws IOException {
        String name = file.getFileName().toString();
        ModuleVersion mv = moduleOf(name);
        Txtar a = Txtar.parse(file);
        var mod = a.file(".mod");
        String zipSum = expected.sums.get(mv.path() + " " + mv.version());
        String modSum = expected.sums.get(mv.path() + " " + mv.version() + "/go.mod");
        if (mod.isEmpty()) {
            // No .mod: the proxy cannot serve this version, and no sums were computed.
            assertThat(zipSum).isNull();
            assertThat(modSum).isNull();
            return;
        }
        assertThat(modSum).as("go.mod sum of %s", mv).isNotNull();
        assertThat(zipSum).as("zip sum of %s", mv).isNotNull();
        assertThat(DirHash.hashGoMod(mod.get().data())).isEqualTo(modSum);

        List<Txtar.File> files = a.files().stream()
                .filter(f -> !f.name().equals(".info") && !f.name().equals(".mod") && !f.name().equals(".zip")).toList();
        String prefix = mv.path() + "@" + mv.version() + "/";
        Path raw = tmp.resolve("raw.zip");
        try (OutputStream out = Files.newOutputStream(raw)) {
            ZipWriter w = new ZipWriter(out);
            for (Txtar.File f : files) w.startEntry(f.name().startsWith("/") ? f.name().substring(1) : prefix + f.name()).write(f.data());
            w.finish();
        }
        assertThat(DirHash.hashZip(raw)).as("hash of the raw entries").isEqualTo(zipSum);

        String refusal = createRefusal(mv, files);
        if (expected.invalid.containsKey(name)) {
            assertThat(refusal).as("%s is marked invalid (%s) but create takes it whole", name, expected.invalid.get(name)).isNotNull();
            assertThat(refusal).isEqualTo(expected.invalid.get(name));
        } else {
            assertThat(refusal).as("create of %s", name).isNull();
            Path zip = tmp.resolve("module.zip");
            ModuleZip.create(mv, ZipTestCase.moduleFiles(files), zip);
            assertThat(DirHash.hashZip(zip)).isEqualTo(zipSum);
            ModuleZip.checkZip(mv, zip);
        }
    }

    /** Why create cannot reproduce the served zip: its error, or the files it would leave out; null when it can. */
    private static String createRefusal(ModuleVersion mv, List<Txtar.File> files) {
        if (files.stream().anyMatch(f -> f.name().startsWith("/"))) return "entry outside the module prefix";
        try {
            ModuleZip.create(mv, ZipTestCase.moduleFiles(files), OutputStream.nullOutputStream());
        } catch (IOException e) {
            return e.getMessage().replace("\n", "; ");
        }
        try {
            CheckedFiles cf = ModuleZip.checkFiles(ZipTestCase.moduleFiles(files));
            if (!cf.omitted().isEmpty()) return "omits " + String.join("; ", cf.omitted().stream().map(Object::toString).toList());
        } catch (ZipCheckException e) {
            throw new AssertionError("create accepted what checkFiles refuses", e);
        }
        return null;
    }

    @Test
    void everyExpectedLineBelongsToAnArchive() throws IOException {
        Expected expected = Expected.load();
        Map<String, String> unclaimed = new HashMap<>(expected.sums);
        for (Path file : archives()) {
            ModuleVersion mv = moduleOf(file.getFileName().toString());
            unclaimed.remove(mv.path() + " " + mv.version());
            unclaimed.remove(mv.path() + " " + mv.version() + "/go.mod");
        }
        assertThat(unclaimed).isEmpty();
        assertThat(expected.sums).hasSize(2 * 167);
        for (String invalid : expected.invalid.keySet()) assertThat(corpus().resolve(invalid)).exists();
    }
}
