package dev.modgate.core.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalVersionOfTest {
    @Test
    void canonicalVersionsValidForThePathNameOneVersion() {
        assertThat(ModulePath.isCanonicalVersionOf("rsc.io/quote", "v1.5.2")).isTrue();
        assertThat(ModulePath.isCanonicalVersionOf("example.com/m/v2", "v2.0.0")).isTrue();
        assertThat(ModulePath.isCanonicalVersionOf("example.com/m", "v2.0.0+incompatible")).isTrue();
        assertThat(ModulePath.isCanonicalVersionOf("example.com/m", "v0.0.0-20240102030405-abcdefabcdef")).isTrue();
    }

    @Test
    void everythingElseIsAQuery() {
        assertThat(ModulePath.isCanonicalVersionOf("rsc.io/quote", "v1.5")).isFalse();
        assertThat(ModulePath.isCanonicalVersionOf("rsc.io/quote", "latest")).isFalse();
        assertThat(ModulePath.isCanonicalVersionOf("rsc.io/quote", "master")).isFalse();
        assertThat(ModulePath.isCanonicalVersionOf("rsc.io/quote", "4f0a3c1")).isFalse();
        assertThat(ModulePath.isCanonicalVersionOf("rsc.io/quote", "v1.5.2+meta")).isFalse();
        // Canonical, but not a version this path can have: the go command resolves it as a query too.
        assertThat(ModulePath.isCanonicalVersionOf("example.com/m/v2", "v1.0.0")).isFalse();
        assertThat(ModulePath.isCanonicalVersionOf("example.com/m", "v2.0.0")).isFalse();
    }
}
