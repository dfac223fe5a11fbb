package dev.modgate.core.modfile;

import java.util.List;

/**
 * A go.mod or go.work file does not parse. The message is the go command's own text: one
 * {@code file:line[:col]: message} entry per error, joined by newlines as modfile.ErrorList prints them.
 */
public class ModFileException extends IllegalArgumentException {
    private final List<String> errors;

    public ModFileException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    /** The entries one by one; an entry may itself span lines (the replace usage text does). */
    public List<String> errors() {
        return errors;
    }
}
