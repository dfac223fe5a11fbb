package dev.modgate.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Turns bench/run's results.properties into the markdown table: nginx (or file://) beside modgate, the ratio, the
 * target and whether it is met. For wrk measurements the best round of each side is shown.
 */
public final class Report {
    private final Properties p = new Properties();
    private final StringBuilder out = new StringBuilder();
    private final List<String> missed = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Report r = new Report();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            r.p.load(in);
        }
        System.out.print(r.render());
    }

    private String render() throws IOException {
        out.append("Machine: ").append(get("machine.cpu")).append(", ").append(get("machine.cores")).append(" cores, ")
                .append(get("machine.memory_gb")).append(" GB RAM, Linux ").append(get("machine.kernel")).append("; ")
                .append(get("machine.java")).append("; nginx ").append(get("machine.nginx")).append("; ")
                .append(get("machine.go")).append("; wrk ").append(get("machine.wrk")).append(".\n")
                .append("Run ").append(get("machine.date")).append(" at commit ").append(get("machine.commit"))
                .append(", loopback, wrk runs of ").append(get("run.duration")).append(" s, best of ").append(get("run.rounds"))
                .append(" round(s) per side").append("1".equals(p.getProperty("run.quick")) ? " (QUICK: tiny data, not for the record)" : "")
                .append(".\n\n");
        out.append("| measurement | nginx / file:// | modgate | ratio | target | met |\n|---|---:|---:|---:|---|---|\n");
        small("infomod", "`.info`/`.mod`, 64 connections");
        small("list", "`@v/list`, 64 connections");
        zip("zip1m_c8", "1 MB zips, 8 connections");
        zip("zip1m_c64", "1 MB zips, 64 connections");
        zip("zip100m_c8", "100 MB zips, 8 connections");
        zip("zip100m_c64", "100 MB zips, 64 connections");
        if (p.containsKey("rss.peak_mb")) {
            row("RSS at idle after start", "", get("rss.idle_mb") + " MB", "", "", "");
            long peak = Long.parseLong(get("rss.peak_mb"));
            int fails = Integer.parseInt(get("rss.download_failures"));
            row("peak RSS, 64 concurrent distinct 100 MB downloads, default heap (" + get("rss.bytes_mb") + " MB in " + get("rss.download_s") + " s"
                    + (fails > 0 ? ", " + fails + " FAILED" : "") + ")", "", peak + " MB", "", "<= 512 MB", met(peak <= 512 && fails == 0, "peak RSS"));
        }
        if (p.containsKey("cold.seconds")) {
            int mods = Integer.parseInt(get("cold.modules"));
            int up = Integer.parseInt(get("cold.upstream_requests"));
            int ok = Integer.parseInt(get("cold.ok")), req = Integer.parseInt(get("cold.requests"));
            row("cold fetch: 256 clients, " + mods + " uncached modules (.info, .mod, .zip), upstream latency 50 ms: total time"
                    + " (reference: the same clients straight to the upstream)" + (ok == req ? "" : " (" + (req - ok) + " of " + req + " FAILED)"),
                    get("cold.direct_seconds") + " s", get("cold.seconds") + " s", ratio(num("cold.seconds") / num("cold.direct_seconds")), "",
                    ok == req ? "" : met(false, "cold fetch answers"));
            row("cold fetch: upstream requests (most for one path: " + get("cold.upstream_max_per_path") + ")", "", String.valueOf(up), "",
                    "<= " + mods + " x 3 = " + (mods * 3), met(up <= mods * 3 && ok == req, "single-flight"));
        }
        if (p.containsKey("go.file_s")) {
            double f = num("go.file_s");
            row("`go mod download all`, 300-module graph: file:// vs warm modgate", fmt(f) + " s", fmt(num("go.warm_s")) + " s",
                    ratio(num("go.warm_s") / f), "<= 1.3x", met(num("go.warm_s") / f <= 1.3, "warm go mod download all"));
            if (p.containsKey("go.cold_s")) {
                row("`go mod download all`: cold modgate in front of nginx", fmt(f) + " s", fmt(num("go.cold_s")) + " s",
                        ratio(num("go.cold_s") / f), "", "");
            }
        }
        if (p.containsKey("jmh.csv")) jmh(Path.of(get("jmh.csv")));
        out.append('\n').append(missed.isEmpty() ? "All targets met.\n" : "Targets missed: " + String.join(", ", missed) + ".\n");
        return out.toString();
    }

    private void small(String name, String label) {
        Best n = best("nginx", name, "rps"), m = best("modgate", name, "rps");
        if (n == null || m == null) return;
        double r = m.value / n.value;
        row(label + ": requests/s" + errors(n, m), String.format(Locale.ROOT, "%,.0f", n.value), String.format(Locale.ROOT, "%,.0f", m.value),
                ratio(r), ">= 0.8x", met(r >= 0.8, label));
        row(label + ": latency p50 / p99", latency(n), latency(m), "", "", "");
    }

    private void zip(String name, String label) {
        Best n = best("nginx", name, "mbps"), m = best("modgate", name, "mbps");
        if (n == null || m == null) return;
        double r = m.value / n.value;
        row(label + ": MB/s" + errors(n, m), String.format(Locale.ROOT, "%,.0f", n.value), String.format(Locale.ROOT, "%,.0f", m.value),
                ratio(r), ">= 0.9x", met(r >= 0.9, label));
    }

    private record Best(String key, double value) {}

    private Best best(String target, String name, String metric) {
        Best b = null;
        for (int round = 1; p.containsKey("wrk." + target + "." + name + ".r" + round + "." + metric); round++) {
            String k = "wrk." + target + "." + name + ".r" + round;
            double v = num(k + "." + metric);
            if (b == null || v > b.value) b = new Best(k, v);
        }
        return b;
    }

    private String latency(Best b) {
        return fmt(num(b.key + ".p50_ms")) + " / " + fmt(num(b.key + ".p99_ms")) + " ms";
    }

    private String errors(Best n, Best m) {
        long en = (long) num(n.key + ".errors"), em = (long) num(m.key + ".errors");
        return en + em == 0 ? "" : " (errors: nginx " + en + ", modgate " + em + ")";
    }

    private void jmh(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) return;
        out.append("\nJMH (`CoreBench`, average time per operation, 1 fork):\n\n| benchmark | score | error | unit |\n|---|---:|---:|---|\n");
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length < 7) continue;
            String name = unquote(f[0]);
            name = name.substring(name.lastIndexOf('.') + 1);
            out.append("| ").append(name).append(" | ").append(fmt(Double.parseDouble(f[4]))).append(" | ")
                    .append(f[5].isEmpty() || f[5].equals("NaN") ? "" : "± " + fmt(Double.parseDouble(f[5]))).append(" | ").append(unquote(f[6])).append(" |\n");
        }
    }

    private static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private void row(String what, String ref, String modgate, String ratio, String target, String met) {
        out.append("| ").append(what).append(" | ").append(ref).append(" | ").append(modgate).append(" | ").append(ratio)
                .append(" | ").append(target).append(" | ").append(met).append(" |\n");
    }

    private String met(boolean ok, String what) {
        if (!ok) missed.add(what);
        return ok ? "yes" : "**NO**";
    }

    private String get(String k) {
        return p.getProperty(k, "?");
    }

    private double num(String k) {
        return Double.parseDouble(p.getProperty(k, "NaN"));
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String fmt(double d) {
        if (Math.abs(d) >= 100) return String.format(Locale.ROOT, "%,.0f", d);
        if (Math.abs(d) >= 10) return String.format(Locale.ROOT, "%.1f", d);
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
