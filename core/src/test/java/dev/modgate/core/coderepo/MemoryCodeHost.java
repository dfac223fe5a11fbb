package dev.modgate.core.coderepo;

import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A repository in memory with git's answers: commits with parents and trees, tags, branches and HEAD. Enough to
 * exercise {@link CodeRepo} without git. Build it with {@link #commit}, {@link #tag}, {@link #branch}.
 */
final class MemoryCodeHost implements CodeHost {
    record Commit(String hash, List<String> parents, Instant time, Map<String, byte[]> files, Set<String> symlinks) {}

    private final Map<String, Commit> commits = new LinkedHashMap<>();
    private final Map<String, String> tags = new TreeMap<>();
    private final Map<String, String> branches = new TreeMap<>();
    private String head;
    private final String url = "https://git.example.test/repo";

    /** A commit with the given files (path -> content; content "->target" makes a symlink) on top of parents. */
    String commit(Instant time, Map<String, String> files, String... parents) {
        Map<String, byte[]> content = new TreeMap<>();
        Set<String> links = new HashSet<>();
        files.forEach((p, c) -> {
            if (c.startsWith("->")) {
                links.add(p);
                content.put(p, c.substring(2).getBytes(StandardCharsets.UTF_8));
            } else {
                content.put(p, c.getBytes(StandardCharsets.UTF_8));
            }
        });
        String hash = sha1(time + "|" + files + "|" + List.of(parents) + "|" + commits.size());
        commits.put(hash, new Commit(hash, List.of(parents), time, content, links));
        head = hash;
        branches.put("main", hash);
        return hash;
    }

    void tag(String name, String hash) { tags.put(name, hash); }

    void branch(String name, String hash) { branches.put(name, hash); }

    void head(String hash) { head = hash; }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public Tags tags(String prefix) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((name, hash) -> {
            if (name.startsWith(prefix)) list.add(new Tag(name, hash));
        });
        return new Tags(Origin.of("git", url).withTags(prefix, Origin.tagSum(prefix, list)), list);
    }

    @Override public Revision stat(String rev) throws CodeRepoException {
        String ref = "";
        String hash = null;
        if (tags.containsKey(rev)) {
            hash = tags.get(rev);
            ref = "refs/tags/" + rev;
        } else if (branches.containsKey(rev)) {
            hash = branches.get(rev);
            ref = "refs/heads/" + rev;
        } else if (rev.equals("HEAD") && head != null) {
            hash = head;
            ref = "HEAD";
        } else if (rev.length() >= 7 && rev.length() <= 40 && rev.matches("[0-9a-f]+")) {
            for (String h : commits.keySet()) {
                if (h.startsWith(rev)) {
                    if (hash != null) throw new CodeRepoException(false, "ambiguous revision " + rev);
                    hash = h;
                }
            }
        }
        if (hash == null) throw CodeRepoException.unknownRevision(rev);
        return revision(hash, rev, ref);
    }

    private Revision revision(String hash, String rev, String ref) {
        Commit c = commits.get(hash);
        List<String> onCommit = new ArrayList<>();
        tags.forEach((name, h) -> {
            if (h.equals(hash)) onCommit.add(name);
        });
        String version = onCommit.contains(rev) ? rev : hash;
        Origin o = Origin.of("git", url).withHash(hash);
        if (!ref.isEmpty() && !ref.equals(hash)) o = o.withRef(ref);
        return new Revision(o, hash, Revision.shorten(hash), version, c.time(), onCommit);
    }

    @Override public Revision latest() throws CodeRepoException {
        if (head == null) throw CodeRepoException.noCommits();
        Revision r = revision(head, head, "");
        return new Revision(r.origin().withRef("HEAD"), r.name(), r.shortName(), r.version(), r.time(), r.tags());
    }

    @Override public byte[] readFile(String rev, String file, long maxSize) throws CodeRepoException {
        Commit c = commits.get(stat(rev).name());
        byte[] data = c.files().get(file);
        if (data != null && data.length > maxSize) throw new CodeRepoException(false, file + " too large");
        return data;
    }

    @Override public List<ModuleFile> readTree(String rev, String subdir) throws CodeRepoException {
        Commit c = commits.get(stat(rev).name());
        List<ModuleFile> out = new ArrayList<>();
        c.files().forEach((p, data) -> {
            if (subdir.isEmpty() || p.startsWith(subdir + "/")) {
                ModuleFile.Type type = c.symlinks().contains(p) ? ModuleFile.Type.SYMLINK : ModuleFile.Type.REGULAR;
                out.add(ModuleFile.of(p, type, data.length, () -> new java.io.ByteArrayInputStream(data)));
            }
        });
        return out;
    }

    private Set<String> ancestors(String hash) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(hash));
        while (!todo.isEmpty()) {
            String h = todo.pop();
            if (seen.add(h)) todo.addAll(commits.get(h).parents());
        }
        return seen;
    }

    @Override public String recentTag(String rev, String prefix, Predicate<String> allowed) throws CodeRepoException {
        Set<String> anc = ancestors(stat(rev).name());
        String highest = "";
        for (var e : tags.entrySet()) {
            String name = e.getKey();
            if (!anc.contains(e.getValue()) || !name.startsWith(prefix) || !allowed.test(name)) continue;
            String sem = name.substring(prefix.length());
            if (Semver.compare(sem, highest) > 0) highest = sem;
        }
        return highest.isEmpty() ? "" : prefix + highest;
    }

    @Override public boolean descendsFrom(String rev, String tag) throws CodeRepoException {
        String t = tags.get(tag);
        return t != null && ancestors(stat(rev).name()).contains(t);
    }
}
