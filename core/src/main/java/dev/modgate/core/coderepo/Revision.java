package dev.modgate.core.coderepo;

import java.time.Instant;
import java.util.List;

/**
 * codehost.RevInfo: one commit as the repository knows it.
 *
 * @param name    the full commit hash
 * @param shortName the 12-character hash prefix used in pseudo-versions
 * @param version the name it was looked up by, if that is one of its tags, else the hash
 * @param time    the commit time (committer time, whole seconds, UTC)
 * @param tags    the tags on this commit, sorted
 */
public record Revision(Origin origin, String name, String shortName, String version, Instant time, List<String> tags) {
    public Revision {
        tags = List.copyOf(tags);
    }

    /** codehost.ShortenSHA1: the first 12 characters of a full hex hash, else the hash unchanged. */
    public static String shorten(String rev) {
        return rev.length() == 40 ? rev.substring(0, 12) : rev;
    }
}
