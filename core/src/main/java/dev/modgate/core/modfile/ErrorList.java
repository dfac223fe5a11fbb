package dev.modgate.core.modfile;

import dev.modgate.core.modfile.Syntax.Position;
import java.util.ArrayList;
import java.util.List;

/** Collects errors as modfile.ErrorList does and renders each one as modfile.Error.Error() would. */
final class ErrorList {
    private final String fileName;
    private final List<String> messages = new ArrayList<>();

    ErrorList(String fileName) {
        this.fileName = fileName;
    }

    void add(Position pos, String message) {
        messages.add(format(fileName, pos, "", "", message));
    }

    /** An error about one module of a directive, shown as "verb path: message". */
    void add(Position pos, String verb, String modPath, String message) {
        messages.add(format(fileName, pos, verb, modPath, message));
    }

    int size() {
        return messages.size();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ModFileException(messages);
        }
    }

    static String format(String fileName, Position pos, String verb, String modPath, String message) {
        String where;
        if (pos.lineRune() > 1) {
            // The column is left out when it is 1, which is every error but the scanner's and those
            // on indented lines.
            where = fileName + ":" + pos.line() + ":" + pos.lineRune() + ": ";
        } else if (pos.line() > 0) {
            where = fileName + ":" + pos.line() + ": ";
        } else if (!fileName.isEmpty()) {
            where = fileName + ": ";
        } else {
            where = "";
        }
        return where + directive(verb, modPath) + message;
    }

    static String directive(String verb, String modPath) {
        if (!modPath.isEmpty()) {
            return verb + " " + modPath + ": ";
        }
        return verb.isEmpty() ? "" : verb + ": ";
    }
}
