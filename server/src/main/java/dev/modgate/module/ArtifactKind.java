package dev.modgate.module;

/** The three files of a module version in the GOPROXY protocol, with their file extension and media type. */
public enum ArtifactKind {
    INFO("info", "application/json"),
    MOD("mod", "text/plain; charset=utf-8"),
    ZIP("zip", "application/zip");

    private final String extension;
    private final String contentType;

    ArtifactKind(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** "info", "mod" or "zip": the file name is VERSION + "." + this. */
    public String extension() { return extension; }

    public String contentType() { return contentType; }

    /** The kind for a file extension (without the dot), or null. */
    public static ArtifactKind ofExtension(String ext) {
        return switch (ext) {
            case "info" -> INFO;
            case "mod" -> MOD;
            case "zip" -> ZIP;
            default -> null;
        };
    }

    /** As people write it after a module@version: ".zip". */
    @Override public String toString() { return "." + extension; }
}
