package dev.modgate.core.module;

import dev.modgate.core.text.GoStrings;

/**
 * module.InvalidPathError: {@code malformed <kind> path "<path>": <reason>}.
 *
 * <p>Not to be confused with {@link java.nio.file.InvalidPathException}.
 */
public class InvalidPathException extends ModuleRuleException {
    private final PathKind kind;
    private final String path;
    private final String reason;

    public InvalidPathException(PathKind kind, String path, String reason) {
        super("malformed " + kind.word() + " path " + GoStrings.quote(path) + ": " + reason);
        this.kind = kind;
        this.path = path;
        this.reason = reason;
    }

    public PathKind kind() { return kind; }

    public String path() { return path; }

    /** The rule broken, without the path: Go's wrapped error, e.g. "missing dot in first path element". */
    public String reason() { return reason; }
}
