package dev.modgate.http;

/** A single "bytes=" range of RFC 9110. Several ranges get the whole file, which the RFC allows. */
final class ByteRange {
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRange() {}

    /** {first, last} inclusive, null to send the whole file, or UNSATISFIABLE. */
    static long[] parse(String header, long length) {
        String h = header.strip();
        if (!h.startsWith("bytes=")) return null;
        String spec = h.substring(6).strip();
        if (spec.contains(",")) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).strip(), b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                if (b.isEmpty()) return null;
                long suffix = Long.parseLong(b);
                if (suffix <= 0) return UNSATISFIABLE;
                return new long[] {Math.max(0, length - suffix), length - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            if (first < 0 || first >= length) return UNSATISFIABLE;
            if (last < first) return null;
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
