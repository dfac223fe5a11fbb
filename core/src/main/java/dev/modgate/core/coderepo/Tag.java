package dev.modgate.core.coderepo;

import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;

/** codehost.Tag: a tag and the commit it names. */
public record Tag(String name, String hash) {
    /**
     * codehost.isOriginTag: tags that can affect version resolution, so a change to them must invalidate cached
     * answers: valid semantic versions (possibly with extra suffixes, which pseudo-version bases use) that are not
     * pseudo-versions.
     */
    static boolean isOriginTag(String tag) {
        String c = Semver.canonical(tag);
        return !c.isEmpty() && tag.startsWith(c) && !PseudoVersion.isPseudo(tag);
    }
}
