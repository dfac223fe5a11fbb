package dev.modgate.licence;

import java.util.List;

/**
 * How much of a text is licence text: {@code percent} of its words (copyright lines left out) lie in the
 * {@code matches}, as google/licensecheck's Coverage reports it.
 */
public record Coverage(double percent, List<Match> matches) {
    public Coverage {
        matches = List.copyOf(matches);
    }

    /**
     * One licence found in the text: its SPDX {@code id}, how much of the licence's standard text was found
     * ({@code templatePercent}), and the words it spans ({@code start} inclusive to {@code end} exclusive).
     */
    public record Match(String id, double templatePercent, int start, int end) {
    }
}
