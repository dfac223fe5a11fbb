package dev.modgate.core.zip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.testing.Vectors;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** zip.CheckZip's exact report and error for generated entry lists (vectors/modgate/checkzip.json). */
class CheckZipVectorsTest {
    private static final ModuleVersion M = new ModuleVersion("example.com/m", "v1.0.0");

    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicTest> checkZip() {
        List<JsonNode> rows = Vectors.rows(Vectors.load("modgate/checkzip.json"), "vectors");
        return IntStream.range(0, rows.size()).mapToObj(i -> {
            JsonNode row = rows.get(i);
            List<String> entries = new ArrayList<>();
            row.get("entries").forEach(e -> entries.add(Vectors.goString(e)));
            String want = Vectors.required(row, "want");
            String wantErr = Vectors.text(row, "err");
            return DynamicTest.dynamicTest("[" + i + "] " + entries, () -> {
                Path zip = tmp.resolve("m" + i + ".zip");
                try (OutputStream out = Files.newOutputStream(zip)) {
                    ZipWriter w = new ZipWriter(out);
                    for (String e : entries) w.startEntry(e);
                    w.finish();
                }
                CheckedFiles cf;
                String err = null;
                try {
                    cf = ModuleZip.checkZip(M, zip);
                } catch (ZipCheckException e) {
                    cf = e.checkedFiles();
                    err = e.getMessage();
                }
                assertThat(ZipTestCase.format(cf)).isEqualTo(want);
                assertThat(err).isEqualTo(wantErr);
            });
        });
    }
}
