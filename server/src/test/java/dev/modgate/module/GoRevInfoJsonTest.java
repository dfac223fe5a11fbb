package dev.modgate.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.net.SourceException;
import dev.modgate.testing.GoTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .info bodies accepted or refused as the go command's {@code json.Unmarshal(data, &RevInfo{})} does. Every row is
 * also run through a Go program holding the same struct (cmd/go/internal/modfetch RevInfo and codehost.Origin) on the
 * real go toolchain, so the table cannot drift from Go: the expected outcome is checked against Go, not only stated.
 */
class GoRevInfoJsonTest {
    /** @param version the Version Go sees when accepted ("" for none); null when refused */
    record Row(String name, String body, String version, boolean newerGoOnly) {
        static Row ok(String name, String body, String version) { return new Row(name, body, version, false); }

        static Row bad(String name, String body) { return new Row(name, body, null, false); }

        /** Refused by go 1.20 and later, accepted by go 1.19 (its zone parsing had no range check). */
        static Row badSince120(String name, String body) { return new Row(name, body, null, true); }
    }

    static final String T = "\"Time\":\"2023-01-01T00:00:00Z\"";

    static final List<Row> ROWS = List.of(
            Row.ok("plain", "{\"Version\":\"v1.0.0\"," + T + "}", "v1.0.0"),
            Row.ok("white space around", " \n\t{\"Version\":\"v1.0.0\"}\r\n ", "v1.0.0"),
            Row.ok("keys fold: last match wins", "{\"Version\":\"v1.0.0\",\"VERSION\":\"v9.9.9\"}", "v9.9.9"),
            Row.ok("lower-case key", "{\"version\":\"v1.2.0\"}", "v1.2.0"),
            Row.ok("exact duplicate: last wins", "{\"Version\":\"v1.0.0\",\"VERSION\":\"v2.0.0\",\"Version\":\"v3.0.0\"}", "v3.0.0"),
            Row.ok("long s folds to s", "{\"Version\":\"v1.0.0\",\"Ver\u017Fion\":\"v6.6.6\"}", "v6.6.6"),
            Row.ok("dotless i does not fold to i", "{\"Version\":\"v1.0.0\",\"Vers\u0131on\":\"v6.6.6\"}", "v1.0.0"),
            Row.ok("escaped key", "{\"Vers\\u0069on\":\"v1.0.1\"}", "v1.0.1"),
            Row.ok("null leaves Version", "{\"Version\":\"v1.0.0\",\"Version\":null}", "v1.0.0"),
            Row.ok("null Time and Origin", "{\"Version\":\"v1.0.0\",\"Time\":null,\"Origin\":null}", "v1.0.0"),
            Row.ok("Origin strings", "{\"Version\":\"v1.0.0\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://x\",\"Hash\":\"abc\",\"Other\":[1,{}]}}", "v1.0.0"),
            Row.ok("unknown fields of any type", "{\"Version\":\"v1.0.0\",\"Name\":5,\"Short\":[],\"X\":{\"a\":[true,null,1e999]}}", "v1.0.0"),
            Row.ok("fraction with comma", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00,123Z\"}", "v1.0.0"),
            Row.ok("long fraction", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00.1234567890123Z\"}", "v1.0.0"),
            Row.ok("one-digit hour", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T7:00:00Z\"}", "v1.0.0"),
            Row.ok("zone offset", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00+05:30\"}", "v1.0.0"),
            Row.ok("zone offset 24:60", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00-24:60\"}", "v1.0.0"),
            Row.ok("leap day", "{\"Version\":\"v1.0.0\",\"Time\":\"2024-02-29T00:00:00Z\"}", "v1.0.0"),
            Row.ok("null body", "null", ""),
            Row.ok("empty object", "{}", ""),
            Row.bad("trailing garbage", "{\"Version\":\"v1.0.0\"}x"),
            Row.bad("second value", "{\"Version\":\"v1.0.0\"} {}"),
            Row.bad("HTML page", "<!DOCTYPE html><html><body>Sign in to the network</body></html>"),
            Row.bad("empty body", ""),
            Row.bad("byte order mark", "\uFEFF{\"Version\":\"v1.0.0\"}"),
            Row.bad("array", "[\"v1.0.0\"]"),
            Row.bad("string", "\"v1.0.0\""),
            Row.bad("Version number", "{\"Version\":1}"),
            Row.bad("VERSION object", "{\"Version\":\"v1.0.0\",\"VERSION\":{}}"),
            Row.bad("Origin number", "{\"Version\":\"v1.0.0\",\"Origin\":5}"),
            Row.bad("Origin string", "{\"Version\":\"v1.0.0\",\"Origin\":\"git\"}"),
            Row.bad("Origin field number", "{\"Version\":\"v1.0.0\",\"Origin\":{\"url\":5}}"),
            Row.bad("Time without seconds", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00Z\"}"),
            Row.bad("lower-case t", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01t00:00:00Z\"}"),
            Row.bad("lower-case z", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00z\"}"),
            Row.bad("five-digit year", "{\"Version\":\"v1.0.0\",\"Time\":\"20230-01-01T00:00:00Z\"}"),
            Row.bad("two-digit year", "{\"Version\":\"v1.0.0\",\"Time\":\"23-01-01T00:00:00Z\"}"),
            Row.bad("no zone", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00\"}"),
            Row.bad("zone without colon", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00+0530\"}"),
            Row.bad("hour 24", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T24:00:00Z\"}"),
            Row.bad("leap second", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-12-31T23:59:60Z\"}"),
            Row.bad("February 29 of 2023", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-02-29T00:00:00Z\"}"),
            Row.bad("month 13", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-13-01T00:00:00Z\"}"),
            Row.bad("space for T", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01 00:00:00Z\"}"),
            Row.bad("escaped Time", "{\"Version\":\"v1.0.0\",\"Time\":\"2023\\u002d01-01T00:00:00Z\"}"),
            Row.bad("Time number", "{\"Version\":\"v1.0.0\",\"Time\":1672531200}"),
            Row.bad("Time object", "{\"Version\":\"v1.0.0\",\"Time\":{}}"),
            Row.bad("Time the string null", "{\"Version\":\"v1.0.0\",\"Time\":\"null\"}"),
            Row.bad("fraction without digits", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00.Z\"}"),
            Row.bad("single quotes", "{'Version':'v1.0.0'}"),
            Row.bad("comment", "{\"Version\":\"v1.0.0\"/* hi */}"),
            Row.bad("trailing comma", "{\"Version\":\"v1.0.0\",}"),
            Row.bad("control character in string", "{\"Version\":\"v1.0.0\u0001\"}"),
            Row.bad("leading zero in ignored number", "{\"Version\":\"v1.0.0\",\"X\":01}"),
            Row.bad("NaN", "{\"Version\":\"v1.0.0\",\"X\":NaN}"),
            Row.bad("unclosed", "{\"Version\":\"v1.0.0\""),
            Row.badSince120("zone hour 99", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00+99:00\"}"),
            Row.badSince120("signed zone digits", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00+-1:00\"}"));

    @TempDir static Path tmp;
    /** What the real go command's encoding/json made of each row: "ok VERSION" or "err MESSAGE". */
    static final Map<String, String> goSays = new LinkedHashMap<>();

    private static final String GO_PROGRAM = """
            package main

            import (
            	"encoding/json"
            	"fmt"
            	"os"
            	"path/filepath"
            	"sort"
            	"time"
            )

            // As in cmd/go/internal/modfetch/codehost.
            type Origin struct {
            	VCS       string `json:",omitempty"`
            	URL       string `json:",omitempty"`
            	Subdir    string `json:",omitempty"`
            	TagPrefix string `json:",omitempty"`
            	TagSum    string `json:",omitempty"`
            	Ref       string `json:",omitempty"`
            	Hash      string `json:",omitempty"`
            	RepoSum   string `json:",omitempty"`
            }

            // As in cmd/go/internal/modfetch.
            type RevInfo struct {
            	Version string
            	Time    time.Time
            	Name    string  `json:"-"`
            	Short   string  `json:"-"`
            	Origin  *Origin `json:",omitempty"`
            }

            func main() {
            	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*.json"))
            	sort.Strings(files)
            	for _, f := range files {
            		data, _ := os.ReadFile(f)
            		info := new(RevInfo)
            		if err := json.Unmarshal(data, info); err != nil {
            			fmt.Printf("%s\\terr %v\\n", filepath.Base(f), err)
            		} else {
            			fmt.Printf("%s\\tok %s\\n", filepath.Base(f), info.Version)
            		}
            	}
            }
            """;

    @BeforeAll static void askGo() throws Exception {
        GoTool go = new GoTool(tmp.resolve("go"));
        Path bodies = Files.createDirectories(tmp.resolve("bodies"));
        for (int i = 0; i < ROWS.size(); i++) Files.writeString(bodies.resolve(String.format("%03d.json", i)), ROWS.get(i).body(), StandardCharsets.UTF_8);
        Path prog = Files.createDirectories(tmp.resolve("prog"));
        Files.writeString(prog.resolve("main.go"), GO_PROGRAM);
        GoTool.Result r = go.run(prog, "run", "main.go", bodies.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        for (String line : r.stdout().split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", 2);
            goSays.put(ROWS.get(Integer.parseInt(f[0].substring(0, 3))).name(), f[1]);
        }
        assertThat(goSays).hasSize(ROWS.size());
    }

    @Test void everyRowDecodesAsTheGoCommandDecodes() {
        List<String> wrong = new ArrayList<>();
        for (Row row : ROWS) {
            String ours;
            try {
                GoRevInfoJson.RevInfo r = GoRevInfoJson.decode(row.body().getBytes(StandardCharsets.UTF_8));
                ours = "ok " + (r.version() == null ? "" : r.version());
            } catch (IllegalArgumentException e) {
                ours = "err";
            }
            String expected = row.version() == null ? "err" : ("ok " + row.version()).strip();
            String go = goSays.get(row.name());
            String goOutcome = go.startsWith("ok") ? go.strip() : "err";
            if (!ours.strip().equals(expected.strip())) wrong.add(row.name() + ": modgate " + ours + ", table " + expected);
            // The table is Go's own answer, except the rows go 1.19 accepted and later go commands refuse.
            String goExpected = row.newerGoOnly() ? "ok v1.0.0" : expected.strip();
            if (!goOutcome.equals(goExpected)) wrong.add(row.name() + ": go says " + go + ", table " + goExpected);
        }
        assertThat(wrong).isEmpty();
    }

    @Test void artifactChecksUseTheVersionTheGoCommandSees() throws Exception {
        byte[] body = "{\"Version\":\"v1.0.0\",\"VERSION\":\"v1.9.9\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ArtifactChecks.info("example.com/m", body)).isEqualTo("v1.9.9");
        assertThatThrownBy(() -> ArtifactChecks.infoFor("example.com/m", "v1.0.0", body))
                .isInstanceOf(SourceException.class).hasMessageContaining("returned info for version v1.9.9 instead of requested version v1.0.0");
        assertThatThrownBy(() -> ArtifactChecks.info("example.com/m", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SourceException.class).hasMessageContaining("without a Version");
    }

    @Test void goModNeedsAModuleLine() {
        assertThatThrownBy(() -> ArtifactChecks.goMod("<html><body>Sign in</body></html>\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SourceException.class);
        assertThatThrownBy(() -> ArtifactChecks.goMod("go 1.19\nrequire example.com/a v1.0.0\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SourceException.class).hasMessageContaining("missing module line");
        assertThatThrownBy(() -> ArtifactChecks.goMod("module \"\"\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SourceException.class).hasMessageContaining("missing module line");
    }
}
