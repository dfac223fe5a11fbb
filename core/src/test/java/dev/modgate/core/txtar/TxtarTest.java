package dev.modgate.core.txtar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases of golang.org/x/tools/txtar's archive_test.go, and Format's round trip. */
class TxtarTest {
    @Test
    void parse() {
        Txtar a = Txtar.parse("""
                comment1
                comment2
                -- file1 --
                File 1 text.
                -- foo ---
                More file 1 text.
                -- file 2 --
                File 2 text.
                -- empty --
                -- noNL --
                hello world
                -- empty filename line --
                some content
                -- --""".getBytes(UTF_8));
        assertThat(a.commentText()).isEqualTo("comment1\ncomment2\n");
        assertThat(a.files()).containsExactly(
                new Txtar.File("file1", "File 1 text.\n-- foo ---\nMore file 1 text.\n".getBytes(UTF_8)),
                new Txtar.File("file 2", "File 2 text.\n".getBytes(UTF_8)),
                new Txtar.File("empty", new byte[0]),
                new Txtar.File("noNL", "hello world\n".getBytes(UTF_8)),
                new Txtar.File("empty filename line", "some content\n-- --\n".getBytes(UTF_8)));
    }

    @Test
    void noFiles() {
        Txtar a = Txtar.parse("just a comment".getBytes(UTF_8));
        assertThat(a.commentText()).isEqualTo("just a comment\n");
        assertThat(a.files()).isEmpty();
        assertThat(Txtar.parse(new byte[0]).comment()).isEmpty();
    }

    @Test
    void markerAtStartAndWithoutNewline() {
        Txtar a = Txtar.parse("-- a --\n-- b --".getBytes(UTF_8));
        assertThat(a.comment()).isEmpty();
        assertThat(a.files()).extracting(Txtar.File::name).containsExactly("a", "b");
        assertThat(a.files().get(1).data()).isEmpty();
    }

    @Test
    void formatRoundTrips() {
        Txtar a = new Txtar("comment".getBytes(UTF_8), List.of(
                new Txtar.File("x", "abc".getBytes(UTF_8)), new Txtar.File("y/z", "line\n".getBytes(UTF_8))));
        byte[] formatted = a.format();
        assertThat(new String(formatted, UTF_8)).isEqualTo("comment\n-- x --\nabc\n-- y/z --\nline\n");
        Txtar b = Txtar.parse(formatted);
        assertThat(b.files()).containsExactly(new Txtar.File("x", "abc\n".getBytes(UTF_8)), new Txtar.File("y/z", "line\n".getBytes(UTF_8)));
    }

    @Test
    void bytesThatAreNotUtf8SurviveInNamesAndData() {
        byte[] data = {'-', '-', ' ', (byte) 0xff, ' ', '-', '-', '\n', (byte) 0xfe, '\n'};
        Txtar a = Txtar.parse(data);
        assertThat(a.files()).hasSize(1);
        assertThat(a.files().get(0).name()).isEqualTo("\uDCFF");
        assertThat(a.files().get(0).data()).containsExactly((byte) 0xfe, '\n');
        assertThat(a.format()).isEqualTo(data);
    }
}
