package dev.modgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marker by which one process tells the others sharing a data directory that it quarantined a file. */
class QuarantineGenerationTest {
    @TempDir Path tmp;

    @Test
    void anotherProcessSeesEachBumpOnceAndTheBumperDoesNot() throws Exception {
        DirStorage store = new DirStorage(tmp);
        QuarantineGeneration bumper = new QuarantineGeneration(store);
        QuarantineGeneration other = new QuarantineGeneration(store);
        assertThat(QuarantineGeneration.file(store.state())).doesNotExist();

        bumper.bump();
        assertThat(QuarantineGeneration.file(store.state())).exists();
        assertThat(seenWithin(other, Duration.ofSeconds(10))).as("the other sees the bump").isTrue();
        bumper.bump();
        assertThat(seenWithin(other, Duration.ofSeconds(10))).as("and the next one").isTrue();
        // Seen once: nothing new since.
        assertThat(seenWithin(other, Duration.ofMillis(2500))).isFalse();
        assertThat(seenWithin(bumper, Duration.ofMillis(2500))).as("its own bumps are not news to the bumper").isFalse();
        // A process started after a bump does not take the existing marker for news.
        assertThat(seenWithin(new QuarantineGeneration(store), Duration.ofMillis(2500))).isFalse();
    }

    private static boolean seenWithin(QuarantineGeneration g, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            if (g.changed()) return true;
            Thread.sleep(20);
        }
        return false;
    }
}
