package dev.modgate.core.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatestVersionTest {
    @Test
    void releaseBeatsHigherPreReleaseAndPseudoVersions() {
        var vs = List.of("v1.2.0", "v1.10.0", "v2.0.0-rc.1", "v2.0.1-0.20240102030405-abcdefabcdef", "v1.9.9");
        assertThat(LatestVersion.tagged(vs)).contains("v1.10.0");
        assertThat(LatestVersion.any(vs)).contains("v1.10.0");
    }

    @Test
    void preReleaseWhenNoRelease() {
        var vs = List.of("v0.1.0-beta", "v0.1.0-alpha.2", "v0.0.0-20240102030405-abcdefabcdef");
        assertThat(LatestVersion.tagged(vs)).contains("v0.1.0-beta");
        assertThat(LatestVersion.any(vs)).contains("v0.1.0-beta");
    }

    @Test
    void pseudoVersionsOnlyWhenNothingIsTagged() {
        var vs = List.of("v0.0.0-20240102030405-abcdefabcdef", "v0.0.0-20250102030405-012345012345", "not-a-version");
        assertThat(LatestVersion.tagged(vs)).isEmpty();
        assertThat(LatestVersion.any(vs)).contains("v0.0.0-20250102030405-012345012345");
        assertThat(LatestVersion.any(List.of())).isEmpty();
    }

    @Test
    void incompatibleVersionsAreReleases() {
        assertThat(LatestVersion.tagged(List.of("v2.0.0+incompatible", "v1.5.0"))).contains("v2.0.0+incompatible");
    }
}
