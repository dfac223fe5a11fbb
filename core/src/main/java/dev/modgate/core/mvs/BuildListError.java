package dev.modgate.core.mvs;

import dev.modgate.core.module.InvalidVersionException;
import dev.modgate.core.module.ModuleException;
import dev.modgate.core.module.ModuleVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The requirements of a module in the graph could not be read (mvs.BuildListError). The message shows
 * the chain of requirements from the target to that module, as the go command prints it:
 *
 * <pre>
 * example.com/a@v1.0.0 requires
 * 	example.com/b@v1.2.0: reading example.com/b/go.mod at revision v1.2.0: unknown revision v1.2.0
 * </pre>
 *
 * The cause is the error reading that module's requirements.
 */
public class BuildListError extends RuntimeException {
    private record Elem(ModuleVersion m, String nextReason) {}

    private final transient List<Elem> stack;

    /**
     * An error that occurred at the last module of path (which must not be empty), reached from the first
     * through the others. isVersionChange tells which steps are explicit upgrades or downgrades ("updating
     * to") rather than requirements ("requires"); null means none are.
     */
    public BuildListError(Throwable err, List<ModuleVersion> path,
                          BiPredicate<ModuleVersion, ModuleVersion> isVersionChange) {
        this(err, stack(path, isVersionChange));
    }

    private BuildListError(Throwable err, List<Elem> stack) {
        super(message(err, stack), err);
        this.stack = stack;
    }

    private static List<Elem> stack(List<ModuleVersion> path, BiPredicate<ModuleVersion, ModuleVersion> isVersionChange) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty requirement path");
        }
        List<Elem> stack = new ArrayList<>(path.size());
        for (int i = 0; i + 1 < path.size(); i++) {
            boolean change = isVersionChange != null && isVersionChange.test(path.get(i), path.get(i + 1));
            stack.add(new Elem(path.get(i), change ? "updating to" : "requires"));
        }
        stack.add(new Elem(path.getLast(), null));
        return List.copyOf(stack);
    }

    /** The module where the error occurred. */
    public ModuleVersion module() {
        return stack.getLast().m();
    }

    /** The requirement path, from the target to {@link #module()}. */
    public List<ModuleVersion> path() {
        return stack.stream().map(Elem::m).toList();
    }

    private static String message(Throwable err, List<Elem> stack) {
        // Modules without a version at the start of the chain are the main module or a synthetic
        // target; the go command does not print them.
        int start = 0;
        while (start < stack.size() && stack.get(start).m().version().isEmpty()) {
            start++;
        }
        if (start == stack.size()) {
            return err.getMessage();
        }
        StringBuilder b = new StringBuilder();
        for (Elem e : stack.subList(start, stack.size() - 1)) {
            b.append(e.m()).append(' ').append(e.nextReason()).append("\n\t");
        }
        // The last module always appears in the text, with what it was replaced by if the error is about
        // the replacement.
        ModuleVersion m = stack.getLast().m();
        if (err instanceof ModuleException me) {
            String version = me.getCause() instanceof InvalidVersionException iv ? iv.version() : me.version();
            ModuleVersion actual = new ModuleVersion(me.path(), version);
            if (actual.equals(m)) {
                b.append(err.getMessage());
            } else {
                b.append(m).append(" (replaced by ").append(actual).append("): ").append(me.getCause().getMessage());
            }
        } else {
            b.append(ModuleException.of(m, err).getMessage());
        }
        return b.toString();
    }
}
