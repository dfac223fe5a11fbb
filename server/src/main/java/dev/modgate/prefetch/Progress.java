package dev.modgate.prefetch;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports prefetch progress: a redrawn bar on a terminal (modules done/total, bytes, rate, ETA), one line per
 * {@code every} modules otherwise (CI logs must not fill with carriage returns).
 */
final class Progress {
    private final PrintWriter out;
    private final boolean terminal;
    private final int every;
    private final long start = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private volatile int total;

    Progress(PrintWriter out, boolean terminal, int every) {
        this.out = out;
        this.terminal = terminal;
        this.every = every;
    }

    void total(int n) { total = n; }

    void bytes(long n) { bytes.addAndGet(n); }

    long bytes() { return bytes.get(); }

    double seconds() { return (System.nanoTime() - start) / 1e9; }

    synchronized void moduleDone() {
        int d = done.incrementAndGet();
        if (terminal) {
            out.print("\r" + line(d) + "   ");
            out.flush();
        } else if (d % every == 0 || d == total) {
            out.println(line(d));
        }
    }

    synchronized void finish() {
        if (terminal) out.println();
    }

    private String line(int d) {
        double secs = Math.max(seconds(), 0.001);
        double rate = bytes.get() / secs;
        int t = Math.max(total, d);
        StringBuilder b = new StringBuilder();
        if (terminal) {
            int width = 24, filled = t == 0 ? width : (int) ((long) width * d / t);
            b.append('[').append("#".repeat(filled)).append("-".repeat(width - filled)).append("] ");
        }
        b.append(d).append('/').append(t).append(" modules  ").append(human(bytes.get())).append("  ").append(human((long) rate)).append("/s");
        if (d > 0 && d < t) {
            long eta = (long) (secs / d * (t - d));
            b.append("  ETA ").append(eta / 60).append(':').append(String.format("%02d", eta % 60));
        }
        return b.toString();
    }

    static String human(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MB", n / 1048576.0);
        return String.format("%.2f GB", n / 1073741824.0);
    }
}
