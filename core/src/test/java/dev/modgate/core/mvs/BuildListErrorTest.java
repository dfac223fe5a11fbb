package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.InvalidVersionException;
import dev.modgate.core.module.ModuleException;
import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message formats of errors.go. */
class BuildListErrorTest {
    private static final ModuleVersion MAIN = new ModuleVersion("example.com/main", "");
    private static final ModuleVersion A = new ModuleVersion("example.com/a", "v1.0.0");
    private static final ModuleVersion B = new ModuleVersion("example.com/b", "v1.2.0");

    @Test
    void chainOfRequirementsWithoutTheMainModule() {
        BuildListError e = new BuildListError(new IOException("unknown revision v1.2.0"), List.of(MAIN, A, B), null);
        assertThat(e).hasMessage("example.com/a@v1.0.0 requires\n\texample.com/b@v1.2.0: unknown revision v1.2.0");
        assertThat(e.module()).isEqualTo(B);
        assertThat(e.path()).containsExactly(MAIN, A, B);
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void upgradesSayUpdatingTo() {
        BuildListError e = new BuildListError(new IllegalStateException("gone"), List.of(MAIN, A, B), (from, to) -> from.equals(A));
        assertThat(e).hasMessage("example.com/a@v1.0.0 updating to\n\texample.com/b@v1.2.0: gone");
    }

    @Test
    void anErrorAboutTheModuleItselfIsNotRepeated() {
        ModuleException err = new ModuleException(B.path(), B.version(), new IllegalArgumentException("parsing go.mod: bad"));
        assertThat(new BuildListError(err, List.of(MAIN, A, B), null))
                .hasMessage("example.com/a@v1.0.0 requires\n\texample.com/b@v1.2.0: parsing go.mod: bad");
    }

    @Test
    void anErrorAboutTheReplacementNamesIt() {
        ModuleException err = new ModuleException("fork.example/b", "v1.2.1", new IllegalArgumentException("parsing go.mod: bad"));
        assertThat(new BuildListError(err, List.of(MAIN, B), null))
                .hasMessage("example.com/b@v1.2.0 (replaced by fork.example/b@v1.2.1): parsing go.mod: bad");
    }

    @Test
    void anInvalidVersionErrorCountsItsOwnVersion() {
        ModuleVersion bad = new ModuleVersion("example.com/b", "master");
        ModuleException err = new ModuleException("example.com/b", "", new InvalidVersionException("master", false, "not a semantic version"));
        assertThat(new BuildListError(err, List.of(A, bad), null))
                .hasMessage("example.com/a@v1.0.0 requires\n\texample.com/b@master: invalid version: not a semantic version");
    }

    @Test
    void onlyUnversionedModulesMeansJustTheError() {
        assertThat(new BuildListError(new IOException("boom"), List.of(MAIN), null)).hasMessage("boom");
    }
}
