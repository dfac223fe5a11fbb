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
                .append(", loopback, ").append(get("run.rounds")).append(" alternating rounds of ").append(get("run.duration"))
                .append(" s per side and measurement (medians; ratio = median of the rounds' ratios)").append("1".equals(p.getProperty("run.quick")) ? " (QUICK: tiny data, not for the record)" : "")
                .append(".\n")
                .append("Load average of the machine (1/5/15 min) at start: ").append(get("machine.load_start")).append(", at end: ")
                .append(get("machine.load_end")).append(" (on ").append(get("machine.cores")).append(" cores; anything above ~2 is other work competing for the CPUs).\n\n");
        out.append("Times and rates are medians over the rounds; a ratio is the median of the per-round ratios (both sides measured\n"
                + "back to back in each round), so it can differ from the ratio of the two medians when the machine's load varies.\n\n");
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
        if (p.containsKey("go.r0.file_s")) {
            double f = medianOf("go.r%d.file_s"), n = medianOf("go.r%d.nginx_s"), w = medianOf("go.r%d.warm_s");
            double rw = medianRatio("go.r%d.warm_s", "go.r%d.file_s");
            row("`go mod download all`, 300-module graph, empty module cache: file:// vs warm modgate (per-run ratios " + ratios("go.r%d.warm_s", "go.r%d.file_s") + ")",
                    fmt(f) + " s", fmt(w) + " s", ratio(rw), "<= 1.3x", met(rw <= 1.3, "warm go mod download all"));
            row("`go mod download all`: file:// vs nginx serving the tree over HTTP (the HTTP reference)", fmt(f) + " s", fmt(n) + " s",
                    ratio(medianRatio("go.r%d.nginx_s", "go.r%d.file_s")), "", "");
            row("`go mod download all`: nginx vs warm modgate (both HTTP)", fmt(n) + " s", fmt(w) + " s", ratio(medianRatio("go.r%d.warm_s", "go.r%d.nginx_s")), "", "");
            if (p.containsKey("go.r0.cold_s")) {
                row("`go mod download all`: file:// vs a cache-cold modgate in front of nginx (every artifact fetched, verified, stored)", fmt(f) + " s",
                        fmt(medianOf("go.r%d.cold_s")) + " s", ratio(medianOf("go.r%d.cold_s") / f), "", "");
                double rc = medianRatio("go.r%d.cold_s", "go.r%d.cold_nginx_s");
                row("`go mod download all`: nginx serving the tree vs a cache-cold modgate in front of it, run back to back (per-run ratios "
                        + ratios("go.r%d.cold_s", "go.r%d.cold_nginx_s") + ")", fmt(medianOf("go.r%d.cold_nginx_s")) + " s",
                        fmt(medianOf("go.r%d.cold_s")) + " s", ratio(rc), "<= 2.0x", met(rc <= 2.0, "cold go mod download all"));
            }
        }
        if (p.containsKey("gitraw.r0.direct_s")) {
            double d = medianOf("gitraw.r%d.direct_s"), m = medianOf("gitraw.r%d.modgate_s");
            double r = medianRatio("gitraw.r%d.modgate_s", "gitraw.r%d.direct_s");
            row("git source: first `@v/list` of an uncached repository (" + gitRepo() + ") vs the go command's direct-mode"
                    + " `go list -m -versions` (per-run ratios " + ratios("gitraw.r%d.modgate_s", "gitraw.r%d.direct_s") + ")",
                    fmt(d) + " s", fmt(m) + " s", ratio(r), "<= 1.2x", met(r <= 1.2, "git first list"));
        }
        if (p.containsKey("gitlist.r0.direct_s")) {
            double d = medianOf("gitlist.r%d.direct_s"), m = medianOf("gitlist.r%d.modgate_s");
            double r = medianRatio("gitlist.r%d.modgate_s", "gitlist.r%d.direct_s");
            // No target: through a proxy the go command also loads retractions (the newest version's .info and .mod),
            // so this adds modgate's shallow fetch of that tag (JGit) to the list.
            row("git source: `go list -m -versions` end to end, go direct vs through a cache-cold modgate (includes the retractions"
                    + " lookup: the newest tag's .info and .mod; per-run ratios " + ratios("gitlist.r%d.modgate_s", "gitlist.r%d.direct_s")
                    + "; same " + get("git.versions") + " versions both ways)", fmt(d) + " s", fmt(m) + " s", ratio(r), "", "");
        }
        if (p.containsKey("git.r0.direct_s")) {
            double d = medianOf("git.r%d.direct_s"), m = medianOf("git.r%d.modgate_s");
            double r = medianRatio("git.r%d.modgate_s", "git.r%d.direct_s");
            row("git source: first `go mod download` of the newest tag (" + gitRepo() + "): go direct vs through a cache-cold modgate"
                    + " (per-run ratios " + ratios("git.r%d.modgate_s", "git.r%d.direct_s") + "; same Sum both ways)",
                    fmt(d) + " s", fmt(m) + " s", ratio(r), "<= 1.2x", met(r <= 1.2, "git first zip of a tag"));
        }
        if (p.containsKey("jmh.csv")) jmh(Path.of(get("jmh.csv")));
        if (checked == 0) out.append("\nNo target was measured in this run.\n");
        else out.append('\n').append(missed.isEmpty() ? "All " + checked + " targets met.\n" : "Targets missed: " + String.join(", ", missed) + ".\n");
        return out.toString();
    }

    private String gitRepo() {
        return get("git.files") + " files, " + p.getOrDefault("git.commits", "1") + " commits, " + p.getOrDefault("git.tags", "1") + " tags, "
                + get("git.repo_kb") + " KB, local";
    }

    private void small(String name, String label) {
        Side n = side("nginx", name), m = side("modgate", name);
        if (n == null || m == null) return;
        double r = ratioOfRounds(name, "rps");
        row(label + ": requests/s" + errors(n, m), String.format(Locale.ROOT, "%,.0f", n.median("rps")), String.format(Locale.ROOT, "%,.0f", m.median("rps")),
                ratio(r), ">= 0.8x", met(r >= 0.8, label));
        row(label + ": latency p50 / p99", fmt(n.median("p50_ms")) + " / " + fmt(n.median("p99_ms")) + " ms",
                fmt(m.median("p50_ms")) + " / " + fmt(m.median("p99_ms")) + " ms", "", "", "");
        row(label + ": server CPU per request", fmt(n.median("cpu_us_per_req")) + " us", fmt(m.median("cpu_us_per_req")) + " us",
                ratio(m.median("cpu_us_per_req") / n.median("cpu_us_per_req")), "", "");
    }

    private void zip(String name, String label) {
        Side n = side("nginx", name), m = side("modgate", name);
        if (n == null || m == null) return;
        double r = ratioOfRounds(name, "mbps");
        row(label + ": MB/s" + errors(n, m), String.format(Locale.ROOT, "%,.0f", n.median("mbps")), String.format(Locale.ROOT, "%,.0f", m.median("mbps")),
                ratio(r), ">= 0.9x", met(r >= 0.9, label));
        row(label + ": server CPU per GB", fmt(n.median("cpu_s_per_gb")) + " s", fmt(m.median("cpu_s_per_gb")) + " s",
                ratio(m.median("cpu_s_per_gb") / n.median("cpu_s_per_gb")), "", "");
    }

    /** One side's rounds of one scenario. */
    private final class Side {
        final List<String> keys = new ArrayList<>();

        double median(String metric) {
            return Report.median(keys.stream().mapToDouble(k -> num(k + "." + metric)).toArray());
        }

        long errors() {
            return keys.stream().mapToLong(k -> (long) num(k + ".errors")).sum();
        }
    }

    private Side side(String target, String name) {
        Side s = new Side();
        for (int round = 1; p.containsKey("wrk." + target + "." + name + ".r" + round + ".rps"); round++) s.keys.add("wrk." + target + "." + name + ".r" + round);
        return s.keys.isEmpty() ? null : s;
    }

    /** The median over rounds of modgate / nginx in the same round: load from elsewhere hits both sides of a round alike. */
    private double ratioOfRounds(String name, String metric) {
        List<Double> r = new ArrayList<>();
        for (int round = 1; p.containsKey("wrk.modgate." + name + ".r" + round + "." + metric) && p.containsKey("wrk.nginx." + name + ".r" + round + "." + metric); round++) {
            r.add(num("wrk.modgate." + name + ".r" + round + "." + metric) / num("wrk.nginx." + name + ".r" + round + "." + metric));
        }
        return median(r.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of a per-run key ("go.r%d.file_s") over its runs. */
    private double medianOf(String pattern) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; p.containsKey(String.format(pattern, i)); i++) v.add(num(String.format(pattern, i)));
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Every run's a / b, sorted. */
    private String ratios(String a, String b) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; p.containsKey(String.format(a, i)) && p.containsKey(String.format(b, i)); i++) v.add(num(String.format(a, i)) / num(String.format(b, i)));
        v.sort(null);
        return String.join(", ", v.stream().map(Report::ratio).toList());
    }

    /** The median over runs of a / b within the same run. */
    private double medianRatio(String a, String b) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; p.containsKey(String.format(a, i)) && p.containsKey(String.format(b, i)); i++) v.add(num(String.format(a, i)) / num(String.format(b, i)));
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private String errors(Side n, Side m) {
        long en = n.errors(), em = m.errors();
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

    private int checked;

    private String met(boolean ok, String what) {
        checked++;
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
