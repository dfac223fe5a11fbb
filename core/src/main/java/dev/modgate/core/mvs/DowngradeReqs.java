package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;

/** A {@link Reqs} that can also name the previous version of a module (mvs.DowngradeReqs), for {@link Mvs#downgrade}. */
public interface DowngradeReqs extends Reqs {
    /** The version of m.path() immediately before m.version(), or version "none" when there is none. */
    ModuleVersion previous(ModuleVersion m);
}
