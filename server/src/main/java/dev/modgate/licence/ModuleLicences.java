package dev.modgate.licence;

import java.util.List;

/**
 * The licence files of one module version ({@code files}: root first, then by path) and whether the module is
 * redistributable as pkg.go.dev decides: its root licences, and only those, are all on {@link Redistributable}'s list.
 */
public record ModuleLicences(List<DetectedLicence> files) {
    public ModuleLicences {
        files = List.copyOf(files);
    }

    public List<DetectedLicence> root() {
        return files.stream().filter(DetectedLicence::atRoot).toList();
    }

    public boolean redistributable() {
        return Redistributable.allows(root().stream().flatMap(f -> f.ids().stream()).toList());
    }
}
