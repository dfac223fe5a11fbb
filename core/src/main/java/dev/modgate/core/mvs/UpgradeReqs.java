package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;

/** A {@link Reqs} that can also name upgrades (mvs.UpgradeReqs), for {@link Mvs#upgradeAll} and {@link Mvs#upgrade}. */
public interface UpgradeReqs extends Reqs {
    /**
     * The version m should be upgraded to during an upgrade-all, or m itself to keep it. m.version() is
     * "none" when the module is not in the build yet. Throws when no version is available for the path.
     */
    ModuleVersion upgrade(ModuleVersion m);
}
