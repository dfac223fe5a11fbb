package dev.modgate.core.module;

/** Which rule set a path is checked against; the word is the one Go prints ("malformed module path ..."). */
public enum PathKind {
    MODULE("module"),
    IMPORT("import"),
    FILE("file");

    private final String word;

    PathKind(String word) { this.word = word; }

    /** "module", "import" or "file". */
    public String word() { return word; }
}
