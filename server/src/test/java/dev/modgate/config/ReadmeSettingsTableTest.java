package dev.modgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the declared settings ({@link Settings}) written out: a setting added, renamed,
 * given another default or another text must be there too, row for row. On a mismatch the message holds the table as
 * it must be, to paste into the README's "## Configuration" section.
 */
class ReadmeSettingsTableTest {
    static final String HEADER = "| flag | env | config key | default | commands | what it does |";

    @Test
    void readmeTableIsTheDeclaredSettings() throws IOException {
        List<String> want = table();
        List<String> got = readmeTable();
        assertThat(got).as("README.md ## Configuration table; it must be:%n%s%n", String.join("\n", want)).containsExactlyElementsOf(want);
    }

    @Test
    void everySettingHasItsRowWithFlagEnvironmentKeyAndDefault() throws IOException {
        List<String> rows = readmeTable();
        for (SettingSpec s : Settings.ALL) {
            assertThat(rows).as("README row of %s", s.flag())
                    .anySatisfy(r -> assertThat(r).startsWith("| `" + s.flag()).contains("| `" + s.envName() + "` |")
                            .contains("| " + defaultCell(s) + " |"));
        }
    }

    /** The table as the declarations say it. */
    static List<String> table() {
        List<String> rows = new ArrayList<>(List.of(HEADER, "|---|---|---|---|---|---|"));
        for (SettingSpec s : Settings.ALL) {
            rows.add("| `" + s.flag() + (s.label() == null ? "" : " " + s.label()) + "` | `" + s.envName() + "` | "
                    + (s.inFile() ? "`" + s.name() + "`" : "(none)") + " | " + defaultCell(s) + " | "
                    + s.commands().stream().sorted().map(SettingSpec.Command::shown).collect(Collectors.joining(", ")) + " | "
                    + s.help().replace("|", "\\|") + " |");
        }
        return rows;
    }

    static String defaultCell(SettingSpec s) {
        return s.shownDefault().equals("none") ? "none" : "`" + s.shownDefault() + "`";
    }

    /** The table in the README's configuration section: the lines from its header to the first line not a row. */
    static List<String> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(readme(), StandardCharsets.UTF_8);
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("README.md has a \"## Configuration\" section").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (!rows.isEmpty() && !lines.get(i).startsWith("|")) break;
            if (!rows.isEmpty() || lines.get(i).equals(HEADER)) rows.add(lines.get(i));
        }
        assertThat(rows).as("README.md's configuration section has a table with the header " + HEADER).isNotEmpty();
        return rows;
    }

    /** README.md at the repository's root, the tests running in the server module or at the root. */
    static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("server"))) return dir.resolve("README.md");
        }
        throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
