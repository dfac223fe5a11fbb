package dev.modgate.core.txtar;

import dev.modgate.core.text.GoStrings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A txtar archive (golang.org/x/tools/txtar), the text format of Go's test data: a free-form comment, then files,
 * each introduced by a line {@code -- NAME --}. Contents are kept as bytes because test data may hold
 * bytes that are not UTF-8; names are decoded losslessly ({@link GoStrings#fromUtf8}).
 */
public final class Txtar {
    private static final byte[] NEWLINE_MARKER = "\n-- ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER = "-- ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER_END = " --".getBytes(StandardCharsets.US_ASCII);

    private final byte[] comment;
    private final List<File> files;

    /** One file of an archive. */
    public record File(String name, byte[] data) {
        public File {
            Objects.requireNonNull(name);
            data = data.clone();
        }

        @Override public byte[] data() { return data.clone(); }

        public String text() { return GoStrings.fromUtf8(data); }

        @Override public boolean equals(Object o) {
            return o instanceof File f && name.equals(f.name) && Arrays.equals(data, f.data);
        }

        @Override public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(data); }

        @Override public String toString() { return "File[" + name + ", " + data.length + " bytes]"; }
    }

    public Txtar(byte[] comment, List<File> files) {
        this.comment = comment.clone();
        this.files = List.copyOf(files);
    }

    public byte[] comment() { return comment.clone(); }

    public String commentText() { return GoStrings.fromUtf8(comment); }

    public List<File> files() { return files; }

    /** The first file with this name. */
    public Optional<File> file(String name) {
        return files.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    public static Txtar parse(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** txtar.Parse: never fails; text before the first marker line is the comment. */
    public static Txtar parse(byte[] data) {
        List<File> files = new ArrayList<>();
        Section s = nextSection(data, 0);
        byte[] comment = s.before;
        while (s.name != null) {
            String name = s.name;
            s = nextSection(data, s.after);
            files.add(new File(name, s.before));
        }
        return new Txtar(comment, files);
    }

    /** txtar.Format: the comment and each file's data get a final newline if they lack one. */
    public byte[] format() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fixNewline(comment));
        for (File f : files) {
            out.writeBytes(GoStrings.toUtf8("-- " + f.name + " --\n"));
            out.writeBytes(fixNewline(f.data));
        }
        return out.toByteArray();
    }

    /** The bytes from start up to the next marker line, that marker's name (null at the end) and where its data begins. */
    private record Section(byte[] before, String name, int after) {}

    private static Section nextSection(byte[] data, int start) {
        int i = start;
        for (;;) {
            Section marker = markerAt(data, start, i);
            if (marker != null) return marker;
            int j = indexOf(data, NEWLINE_MARKER, i);
            if (j < 0) return new Section(fixNewline(Arrays.copyOfRange(data, start, data.length)), null, data.length);
            i = j + 1; // at the start of a possible marker line
        }
    }

    /** A marker line starting at i, or null. */
    private static Section markerAt(byte[] data, int start, int i) {
        if (!startsWith(data, i, MARKER)) return null;
        int eol = indexOf(data, new byte[] {'\n'}, i);
        int lineEnd = eol < 0 ? data.length : eol;
        int after = eol < 0 ? data.length : eol + 1;
        if (lineEnd - i < MARKER.length + MARKER_END.length || !startsWith(data, lineEnd - MARKER_END.length, MARKER_END)) {
            return null;
        }
        String name = GoStrings.fromUtf8(data, i + MARKER.length, lineEnd - MARKER_END.length - i - MARKER.length).strip();
        if (name.isEmpty()) return null;
        return new Section(Arrays.copyOfRange(data, start, i), name, after);
    }

    private static byte[] fixNewline(byte[] data) {
        if (data.length == 0 || data[data.length - 1] == '\n') return data;
        byte[] fixed = Arrays.copyOf(data, data.length + 1);
        fixed[data.length] = '\n';
        return fixed;
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        return at >= 0 && at + prefix.length <= data.length && Arrays.equals(data, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (data[i + k] != needle[k]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
