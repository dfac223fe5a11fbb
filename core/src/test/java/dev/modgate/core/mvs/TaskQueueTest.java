package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskQueueTest {
    @Test
    void runsTasksThatAddTasksUntilIdle() {
        TaskQueue q = new TaskQueue(4);
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        class Node {
            void visit(int n) {
                done.add(n);
                if (n < 100) {
                    q.add(() -> visit(2 * n));
                    q.add(() -> visit(2 * n + 1));
                }
            }
        }
        q.add(() -> new Node().visit(1));
        q.awaitIdle();
        assertThat(done).hasSize(199);
    }

    @Test
    void boundsHowManyRunAtOnce() {
        TaskQueue q = new TaskQueue(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        for (int i = 0; i < 30; i++) {
            q.add(() -> {
                max.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            });
        }
        q.awaitIdle();
        assertThat(max.get()).isBetween(2, 3);
    }

    @Test
    void parallelismOneRunsOnTheWaitingThread() {
        TaskQueue q = new TaskQueue(1);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            q.add(() -> threads.add(Thread.currentThread()));
        }
        assertThat(threads).isEmpty();
        q.awaitIdle();
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void rethrowsTheFirstFailureAfterTheOthersFinish() {
        TaskQueue q = new TaskQueue(2);
        AtomicInteger finished = new AtomicInteger();
        q.add(() -> {
            throw new IllegalStateException("boom");
        });
        for (int i = 0; i < 10; i++) {
            q.add(finished::incrementAndGet);
        }
        assertThatThrownBy(q::awaitIdle).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(finished.get()).isEqualTo(10);
    }

    @Test
    void interruptCancelsTheWait() throws Exception {
        TaskQueue q = new TaskQueue(2);
        CountDownLatch release = new CountDownLatch(1);
        q.add(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread waiter = Thread.currentThread();
        Thread interrupter = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // the test ends anyway
            }
            waiter.interrupt();
        });
        try {
            assertThatThrownBy(q::awaitIdle).isInstanceOf(CancellationException.class);
            assertThat(Thread.interrupted()).isTrue(); // the interrupt status is kept (and cleared here)
        } finally {
            release.countDown();
            interrupter.join();
        }
    }

    @Test
    void rejectsZeroParallelism() {
        assertThatThrownBy(() -> new TaskQueue(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
