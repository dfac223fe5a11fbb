package dev.modgate.licence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds known licence texts in a text, in the manner of google/licensecheck (which pkg.go.dev uses) but compact:
 * both sides are reduced to {@link LicenceWords}, and a licence is found where a stretch of the text holds most of
 * its standard text's word trigrams, counted with multiplicity (an approximation of the longest common subsequence
 * that tolerates changed names, reflowed lines and small edits). Where two licences claim the same words (BSD-2 lies
 * inside BSD-3, ISC inside 0BSD), the one that explains more of them and leaves less of itself unmatched wins.
 *
 * <p>Thread-safe and immutable once built; building reads the templates once (a few milliseconds).
 */
public final class LicenceMatcher {
    /** Share of a licence's standard text that must be found for it to count as found. */
    static final double MIN_TEMPLATE_SHARE = 0.80;
    /** Words between trigram hits that still belong to one stretch: a changed sentence, a reworded clause. */
    private static final int MAX_GAP = 40;
    /** Words between covered words that count as covered: names in a BSD clause, a changed phrase. */
    private static final int FILL_GAP = 12;

    private final List<LicenceTemplate> templates;
    private final Map<String, Integer> vocabulary = new HashMap<>();
    /** For each template, how often each of its trigrams occurs in it. */
    private final List<Map<Long, Integer>> trigramCounts = new ArrayList<>();
    private final int[] trigramTotals;
    /** Trigram to the templates that hold it. */
    private final Map<Long, int[]> index = new HashMap<>();

    public LicenceMatcher() {
        this(LicenceTemplate.all());
    }

    LicenceMatcher(List<LicenceTemplate> templates) {
        this.templates = List.copyOf(templates);
        trigramTotals = new int[templates.size()];
        for (int t = 0; t < templates.size(); t++) {
            List<String> words = templates.get(t).words();
            for (String word : words) {
                vocabulary.putIfAbsent(word, vocabulary.size());
            }
            long[] trigrams = trigrams(ids(words));
            Map<Long, Integer> counts = new HashMap<>();
            for (long trigram : trigrams) {
                counts.merge(trigram, 1, Integer::sum);
            }
            trigramCounts.add(counts);
            trigramTotals[t] = trigrams.length;
            for (long trigram : counts.keySet()) {
                int[] holders = index.get(trigram);
                int[] grown = holders == null ? new int[1] : Arrays.copyOf(holders, holders.length + 1);
                grown[grown.length - 1] = t;
                index.put(trigram, grown);
            }
        }
    }

    /** The SPDX identifiers this matcher can find. */
    public List<String> ids() {
        return templates.stream().map(LicenceTemplate::id).distinct().toList();
    }

    public Coverage scan(byte[] text) {
        return scan(LicenceWords.of(text));
    }

    public Coverage scan(String text) {
        return scan(LicenceWords.of(text));
    }

    private Coverage scan(List<String> words) {
        if (words.size() < 3) {
            return new Coverage(0, List.of());
        }
        long[] trigrams = trigrams(ids(words));
        List<List<Integer>> hits = new ArrayList<>();
        for (int t = 0; t < templates.size(); t++) {
            hits.add(new ArrayList<>());
        }
        for (int i = 0; i < trigrams.length; i++) {
            int[] holders = index.get(trigrams[i]);
            if (holders != null) {
                for (int t : holders) {
                    hits.get(t).add(i);
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < templates.size(); t++) {
            candidates.addAll(stretches(t, hits.get(t), trigrams));
        }
        candidates.sort(Comparator.comparingInt(Candidate::score).reversed());
        boolean[] claimed = new boolean[words.size()];
        boolean[] covered = new boolean[words.size()];
        List<Coverage.Match> matches = new ArrayList<>();
        for (Candidate candidate : candidates) {
            long alreadyClaimed = candidate.hits.stream().filter(i -> claimed[i]).count();
            if (alreadyClaimed * 2 > candidate.hits.size()) {
                continue; // most of its words are another licence's: the licence it lies inside
            }
            int last = -1;
            for (int i : candidate.hits) {
                claimed[i] = true;
                int from = last >= 0 && i - last <= FILL_GAP ? last : i;
                for (int w = from; w < i + 3; w++) {
                    covered[w] = true;
                }
                last = i + 2;
            }
            matches.add(new Coverage.Match(templates.get(candidate.template).id(), 100.0 * candidate.share,
                    candidate.hits.get(0), candidate.hits.get(candidate.hits.size() - 1) + 3));
        }
        matches.sort(Comparator.comparingInt(Coverage.Match::start));
        int coveredWords = 0;
        for (boolean c : covered) {
            coveredWords += c ? 1 : 0;
        }
        return new Coverage(100.0 * coveredWords / words.size(), matches);
    }

    /** The stretches of the text where template {@code t} is found: hits split at gaps, kept if enough of it is there. */
    private List<Candidate> stretches(int t, List<Integer> hits, long[] trigrams) {
        List<Candidate> found = new ArrayList<>();
        int start = 0;
        for (int h = 1; h <= hits.size(); h++) {
            if (h == hits.size() || hits.get(h) - hits.get(h - 1) > MAX_GAP) {
                if (h > start) {
                    Candidate candidate = candidate(t, hits.subList(start, h), trigrams);
                    if (candidate.share >= MIN_TEMPLATE_SHARE) {
                        found.add(candidate);
                    }
                }
                start = h;
            }
        }
        return found;
    }

    private Candidate candidate(int t, List<Integer> stretch, long[] trigrams) {
        Map<Long, Integer> inStretch = new HashMap<>();
        for (int i : stretch) {
            inStretch.merge(trigrams[i], 1, Integer::sum);
        }
        Map<Long, Integer> inTemplate = trigramCounts.get(t);
        int matched = 0;
        for (Map.Entry<Long, Integer> e : inStretch.entrySet()) {
            matched += Math.min(e.getValue(), inTemplate.get(e.getKey()));
        }
        int total = trigramTotals[t];
        return new Candidate(t, List.copyOf(stretch), (double) matched / total, matched - (total - matched));
    }

    private record Candidate(int template, List<Integer> hits, double share, int score) {
    }

    private int[] ids(List<String> words) {
        int[] ids = new int[words.size()];
        for (int i = 0; i < ids.length; i++) {
            // A word no template has gets an id no template trigram can hold.
            ids[i] = vocabulary.getOrDefault(words.get(i), -1 - i % 1024);
        }
        return ids;
    }

    private static long[] trigrams(int[] ids) {
        long[] trigrams = new long[Math.max(0, ids.length - 2)];
        for (int i = 0; i < trigrams.length; i++) {
            trigrams[i] = (key(ids[i]) << 42) | (key(ids[i + 1]) << 21) | key(ids[i + 2]);
        }
        return trigrams;
    }

    private static long key(int id) {
        return id & 0x1FFFFFL;
    }
}
