package dev.modgate.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegativeLayerTest {
    private final ModuleRequest.List missing = new ModuleRequest.List("example.com/missing");
    private final ModuleRequest.List failing = new ModuleRequest.List("example.com/failing");

    @Test
    void aNotFoundIsRememberedForTheTtlAndNothingElseIs() throws Exception {
        FakeModules inner = new FakeModules()
                .fail(missing, Failure.notFound("not found: example.com/missing"))
                .fail(failing, new Failure(Failure.Kind.UPSTREAM_FAILED, "upstream failed"));
        NegativeLayer layer = new NegativeLayer(inner, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            Failure f = catchThrowableOfType(Failure.class, () -> layer.get(missing, Ask.INTERNAL));
            assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_FOUND);
            catchThrowableOfType(Failure.class, () -> layer.get(failing, Ask.INTERNAL));
        }
        assertThat(inner.calls(missing)).as("asked once, then remembered").isEqualTo(1);
        assertThat(inner.calls(failing)).as("an upstream failure is not a 'not found': asked each time").isEqualTo(3);
    }

    @Test
    void anAnswerThatDependsOnTheRequestIsNotRemembered() throws Exception {
        FakeModules inner = new FakeModules().fail(missing, new Failure(Failure.Kind.NOT_FOUND, "not found: offline", List.of(), false));
        NegativeLayer layer = new NegativeLayer(inner, Duration.ofMinutes(1));
        catchThrowableOfType(Failure.class, () -> layer.get(missing, Ask.INTERNAL));
        catchThrowableOfType(Failure.class, () -> layer.get(missing, Ask.INTERNAL));
        assertThat(inner.calls(missing)).isEqualTo(2);
    }

    @Test
    void aZeroTtlRemembersNothing() throws Exception {
        FakeModules inner = new FakeModules().fail(missing, Failure.notFound("not found"));
        NegativeLayer layer = new NegativeLayer(inner, Duration.ZERO);
        catchThrowableOfType(Failure.class, () -> layer.get(missing, Ask.INTERNAL));
        catchThrowableOfType(Failure.class, () -> layer.get(missing, Ask.INTERNAL));
        assertThat(inner.calls(missing)).isEqualTo(2);
    }
}
