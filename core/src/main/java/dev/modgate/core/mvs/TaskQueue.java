package dev.modgate.core.mvs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks with at most {@code parallelism} of them at once, and waits until all are done (cmd/go's
 * par.Queue). Tasks may add more tasks. MVS walks a requirement graph whose edges may come from the
 * network one go.mod at a time, so overlapping those fetches is what makes a large graph fast.
 *
 * <p>With a parallelism of 1 the tasks run on the thread that waits, one after another: no threads are
 * started, which keeps small in-memory computations cheap and their order reproducible.
 *
 * <p>Workers are virtual threads: a task typically blocks on I/O, and the graph may have thousands of
 * nodes. A task that throws makes {@link #awaitIdle} rethrow the first such failure once all tasks
 * have stopped; callers that expect failures (a go.mod that cannot be fetched) catch them inside the task.
 * A lock rather than a monitor guards the state, so that a virtual thread waiting here does not pin its
 * carrier on JDK 21.
 */
final class TaskQueue {
    private static final ThreadFactory WORKERS = Thread.ofVirtual().name("modgate-mvs-", 0).factory();

    private final int parallelism;
    private final Deque<Runnable> backlog = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active; // workers running; guarded by lock
    private Throwable failure; // guarded by lock
    private boolean cancelled; // guarded by lock

    TaskQueue(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** Schedules a task; with parallelism > 1 it may start at once on a new worker. */
    void add(Runnable task) {
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            if (parallelism == 1 || active >= parallelism) {
                backlog.add(task);
                return;
            }
            active++;
        } finally {
            lock.unlock();
        }
        WORKERS.newThread(() -> work(task)).start();
    }

    private void work(Runnable task) {
        while (task != null) {
            run(task);
            lock.lock();
            try {
                task = cancelled ? null : backlog.poll();
                if (task == null) {
                    active--;
                    if (active == 0) {
                        idle.signalAll();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            lock.lock();
            try {
                if (failure == null) {
                    failure = t;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until no task is running or waiting, then rethrows the first failure of a task, if any.
     * If the waiting thread is interrupted, tasks not yet started are dropped and a
     * CancellationException is thrown (with the interrupt status kept).
     */
    void awaitIdle() {
        if (parallelism == 1) {
            for (Runnable task; (task = nextInline()) != null; ) {
                run(task);
            }
        } else {
            lock.lock();
            try {
                while (active > 0) {
                    try {
                        idle.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw cancel();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        rethrowFailure();
    }

    private Runnable nextInline() {
        lock.lock();
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw cancel();
            }
            return backlog.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the tasks not yet started; called with the lock held. */
    private CancellationException cancel() {
        cancelled = true;
        backlog.clear();
        return new CancellationException("interrupted while loading the module graph");
    }

    private void rethrowFailure() {
        Throwable t;
        lock.lock();
        try {
            t = failure;
            failure = null;
        } finally {
            lock.unlock();
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
