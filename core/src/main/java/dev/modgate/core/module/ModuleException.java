package dev.modgate.core.module;

/**
 * module.ModuleError: an error about a module path (and perhaps version). The message follows Go:
 * {@code <path>@<v>: invalid version: <reason>} around an {@link InvalidVersionException},
 * {@code <path>@<version>: <err>} when there is a version, else {@code module <path>: <err>}.
 */
public class ModuleException extends ModuleRuleException {
    private final String path;
    private final String version;

    public ModuleException(String path, String version, Throwable err) {
        super(message(path, version, err), err);
        this.path = path;
        this.version = version;
    }

    /**
     * module.VersionError: the ModuleException for the same path and version that {@code err} is or wraps,
     * else a new one around {@code err}. (Go returns the outer error in the wrapping case; a Java caller
     * that needs the outer one still holds it.)
     */
    public static ModuleException of(ModuleVersion mv, Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof ModuleException m && m.path.equals(mv.path()) && m.version.equals(mv.version())) {
                return m;
            }
        }
        return new ModuleException(mv.path(), mv.version(), err);
    }

    public String path() { return path; }

    /** "" when the error is about the module path as a whole. */
    public String version() { return version; }

    private static String message(String path, String version, Throwable err) {
        if (err instanceof InvalidVersionException v) {
            return path + "@" + v.version() + ": invalid " + v.noun() + ": " + v.reason();
        }
        if (!version.isEmpty()) {
            return path + "@" + version + ": " + err.getMessage();
        }
        return "module " + path + ": " + err.getMessage();
    }
}
