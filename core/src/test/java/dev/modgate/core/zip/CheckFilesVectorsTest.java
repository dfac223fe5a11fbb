package dev.modgate.core.zip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modgate.core.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * zip.CheckFiles' exact report and error for generated file lists (vectors/modgate/checkfiles.json): case-fold
 * collisions across Unicode, vendor and nested-module omissions, unclean paths, size limits.
 */
class CheckFilesVectorsTest {
    @TestFactory
    Stream<DynamicTest> checkFiles() {
        JsonNode file = Vectors.load("modgate/checkfiles.json");
        List<JsonNode> rows = Vectors.rows(file, "vectors");
        return IntStream.range(0, rows.size()).mapToObj(i -> {
            JsonNode row = rows.get(i);
            List<ModuleFile> files = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (JsonNode f : row.get("files")) {
                String path = Vectors.required(f, "path");
                names.add(path);
                long size = f.get("size").asLong();
                files.add(ModuleFile.of(path, size, java.io.InputStream::nullInputStream));
            }
            String want = Vectors.required(row, "want");
            String wantErr = Vectors.text(row, "err");
            return DynamicTest.dynamicTest("[" + i + "] " + names, () -> {
                CheckedFiles cf;
                String err = null;
                try {
                    cf = ModuleZip.checkFiles(files);
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
