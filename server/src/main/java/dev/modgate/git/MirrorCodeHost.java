package dev.modgate.git;

import dev.modgate.core.coderepo.CodeHost;
import dev.modgate.core.coderepo.CodeRepo;
import dev.modgate.core.coderepo.CodeRepoException;
import dev.modgate.core.coderepo.Origin;
import dev.modgate.core.coderepo.Revision;
import dev.modgate.core.coderepo.Tag;
import dev.modgate.core.coderepo.Tags;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.net.SourceException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * codehost's gitRepo over a {@link GitMirror}: what a git repository answers (tags, commits by any name, files,
 * trees, ancestry), as the go command's git commands would. Revisions are looked up the go command's way: a hash
 * already present, a tag already present, then the remote's tags, branches, HEAD and hash prefixes of those.
 * Tags come from the remote's refs alone; objects are fetched only for what a request needs. One session serves
 * one request; it lists the remote's refs at most once and fetches everything at most once.
 */
public final class MirrorCodeHost implements CodeHost {
    /** The go command accepts hash prefixes of at least this many hex digits. */
    private static final int MIN_HASH_DIGITS = 7;

    private final GitMirror mirror;
    private final Repository repo;
    private final GitRemote remote;
    private final GitTransports transports;
    private final boolean fresh;
    private final long deadlineNanos;
    private RemoteRefs remoteRefs;
    private boolean fetchedAll;
    private final Map<String, Revision> statCache = new HashMap<>();
    private Map<ObjectId, List<String>> tagsByCommit;

    MirrorCodeHost(GitMirror mirror, GitRemote remote, GitTransports transports, boolean fresh, long deadlineNanos) {
        this.mirror = mirror;
        this.repo = mirror.repository();
        this.remote = remote;
        this.transports = transports;
        this.fresh = fresh;
        this.deadlineNanos = deadlineNanos;
    }

    /** The remote's refs (git ls-remote), listed once per session (and not at all if another request just did). */
    private RemoteRefs remoteRefs() throws IOException {
        if (remoteRefs == null) {
            remoteRefs = mirror.advertised(remote, transports, GitMirrors.REUSE_REFRESH.toNanos(), deadlineNanos);
            tagsByCommit = null;
        }
        return remoteRefs;
    }

    /**
     * Everything from the remote, with history: what pseudo-versions, branches and ancestry need (the go command's
     * fetchRefsLocked). Once per session.
     */
    private void fetchAll() throws IOException {
        if (fetchedAll) return;
        fetchedAll = true;
        mirror.refresh(remote, transports, GitMirrors.REUSE_REFRESH.toNanos(), deadlineNanos);
        tagsByCommit = null;
        statCache.clear();
    }

    @Override public Tags tags(String prefix) throws IOException {
        RemoteRefs refs = remoteRefs();
        List<Tag> list = new ArrayList<>();
        for (String name : refs.tagNames(prefix)) list.add(new Tag(name, refs.get(Constants.R_TAGS + name).name()));
        return new Tags(Origin.of("git", remote.url()).withTags(prefix, Origin.tagSum(prefix, list)), list);
    }

    private ObjectId peeled(Ref r) throws IOException {
        Ref p;
        try {
            p = repo.getRefDatabase().peel(r);
        } catch (MissingObjectException e) {
            throw damaged(e);
        }
        return p.getPeeledObjectId() != null ? p.getPeeledObjectId() : p.getObjectId();
    }

    /**
     * Whether this session found the mirror damaged (objects its refs name are missing) or removed: its answers
     * are not to be trusted, even those that went on without the missing objects (a pseudo-version without its
     * base tag), and the caller asks again on the rebuilt mirror.
     */
    public boolean damaged() { return mirror.damaged(); }

    /** An object the refs (or a commit found earlier) name is missing: the mirror is damaged, not the version unknown. */
    private SourceException damaged(MissingObjectException e) {
        mirror.markDamaged();
        return new SourceException(SourceException.Kind.FAILED, "the git mirror of " + remote + " is damaged (" + e.getMessage() + "); it is rebuilt", e);
    }

    @Override public Revision stat(String rev) throws IOException {
        Revision cached = statCache.get(rev);
        if (cached != null) return cached;
        Revision r = lookup(rev);
        statCache.put(rev, r);
        return r;
    }

    /**
     * codehost's gitRepo.stat: a commit already here; a tag already here (tags are taken not to move) unless the
     * session is to see the remote's current state; else the name is looked up among the remote's refs, and only
     * what it names is fetched: a tag alone and shallow, anything else with all history.
     */
    private Revision lookup(String rev) throws IOException {
        boolean hex = rev.length() >= MIN_HASH_DIGITS && rev.length() <= 40 && rev.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
        if (hex) {
            RevCommit c = resolveHash(rev);
            if (c != null) return revision(c, rev, "");
        }
        Ref localTag = repo.exactRef(Constants.R_TAGS + rev);
        if (localTag != null && !fresh) {
            RevCommit c = resolveHash(peeled(localTag).name());
            if (c != null) return revision(c, rev, localTag.getName());
        }

        RemoteRefs refs = remoteRefs();
        String ref = "";
        ObjectId id = null;
        String version = rev;
        if (refs.get(Constants.R_TAGS + rev) != null) {
            ref = Constants.R_TAGS + rev;
            id = refs.get(ref);
        } else if (refs.get(Constants.R_HEADS + rev) != null) {
            ref = Constants.R_HEADS + rev;
            id = refs.get(ref);
            version = id.name(); // a branch names a commit only for now
        } else if (rev.equals(Constants.HEAD) && refs.get(Constants.HEAD) != null) {
            ref = Constants.HEAD;
            id = refs.get(ref);
            version = id.name();
        } else if (hex) {
            // A hash prefix: named by a ref (the lowest ref name of those with that hash), else any commit fetched.
            for (var e : refs.commits().entrySet()) {
                if (!e.getValue().name().startsWith(rev)) continue;
                if (id != null && !id.equals(e.getValue())) throw new CodeRepoException(false, "ambiguous revision " + rev);
                id = e.getValue();
                if (ref.isEmpty() || ref.compareTo(e.getKey()) > 0) ref = e.getKey();
            }
            if (id != null) version = id.name();
        } else {
            throw CodeRepoException.unknownRevision(rev);
        }

        if (id != null) {
            RevCommit c = resolveHash(id.name());
            if (c != null) return revision(c, version, ref);
            notACommit(id, rev);
        }
        if (ref.startsWith(Constants.R_TAGS)) {
            // As git fetch --depth=1 origin refs/tags/X:refs/tags/X; on any failure but a timeout, a complete fetch.
            try {
                mirror.fetchOne(remote, transports, ref, deadlineNanos);
                tagsByCommit = null;
                RevCommit c = resolveHash(id.name());
                if (c != null) return revision(c, version, ref);
                notACommit(id, rev);
            } catch (SourceException e) {
                // As the go command: whatever went wrong, a complete fetch is tried, unless waiting longer or writing
                // more cannot help.
                if (e.kind() == SourceException.Kind.TIMEOUT || e.kind() == SourceException.Kind.LOCAL) throw e;
            }
        }
        fetchAll();
        RevCommit c = resolveHash(id != null ? id.name() : rev);
        if (c == null && (id != null || hex)) {
            // The full refresh reused may be older than the refs this session listed, or than a commit pushed
            // moments ago: once more, reusing nothing (an ls-remote when nothing changed).
            mirror.refreshNow(remote, transports, deadlineNanos);
            tagsByCommit = null;
            statCache.clear();
            c = resolveHash(id != null ? id.name() : rev);
        }
        if (c == null && id != null) notACommit(id, rev);
        if (c == null && id != null) {
            // The remote names this commit but did not send it: a failure to fetch, not an unknown revision (which
            // would be a 404, remembered as one). JGit does not always say that the pack could not be written.
            mirror.markDamaged();
            SourceException full = mirror.fullDisk(remote);
            if (full != null) throw full;
            throw new SourceException(SourceException.Kind.FAILED, "git fetch of " + remote + ": " + (ref.isEmpty() ? rev : ref)
                    + " names commit " + id.name() + ", which the fetch did not bring");
        }
        if (c == null) throw CodeRepoException.unknownRevision(rev);
        return revision(c, id != null ? version : rev, ref);
    }

    private Ref head() throws IOException {
        Ref h = repo.exactRef(Constants.HEAD);
        return h == null || h.getObjectId() == null ? null : h;
    }

    /**
     * A ref naming an object that is here but no commit (a tag on a tree or blob): for the go command (git log) an
     * unknown revision, a 404; not a fetch that failed, nor a damaged mirror to rebuild.
     */
    private void notACommit(ObjectId id, String rev) throws IOException {
        if (repo.getObjectDatabase().has(id)) throw CodeRepoException.unknownRevision(rev);
    }

    /** The commit a (possibly abbreviated) hash names here, or null (unknown, ambiguous, or not a commit). */
    private RevCommit resolveHash(String hex) throws IOException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            Collection<ObjectId> ids = hex.length() == 40 ? List.of(ObjectId.fromString(hex)) : reader.resolve(AbbreviatedObjectId.fromString(hex));
            if (ids.size() != 1) return null;
            return walk.parseCommit(ids.iterator().next());
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return null;
        }
    }

    /** The commit id names; ids come from refs or from commits found earlier, so a missing one means damage. */
    private RevCommit commit(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        } catch (MissingObjectException e) {
            throw damaged(e);
        } catch (IncorrectObjectTypeException e) {
            throw new CodeRepoException(true, "unknown revision " + id.name());
        }
    }

    /**
     * statLocal: the commit with its committer time and tags; {@code version} is the name asked for if it is one
     * of those tags, else the hash; the origin's Ref is the ref the name was found as.
     */
    private Revision revision(RevCommit c, String rev, String ref) throws IOException {
        String hash = c.name();
        List<String> tags = tagsOn(c);
        String version = tags.contains(rev) ? rev : hash;
        Origin o = Origin.of("git", remote.url()).withHash(hash);
        if (!ref.isEmpty() && !ref.equals(hash)) o = o.withRef(ref);
        Instant t = Instant.ofEpochSecond(c.getCommitTime());
        return new Revision(o, hash, Revision.shorten(hash), version, t, tags);
    }

    /** The tags naming commit: the remote's, when this session listed them, else those fetched here. */
    private List<String> tagsOn(ObjectId commit) throws IOException {
        if (tagsByCommit == null) {
            Map<ObjectId, List<String>> m = new HashMap<>();
            if (remoteRefs != null && !fetchedAll) {
                for (String name : remoteRefs.tagNames("")) {
                    m.computeIfAbsent(remoteRefs.get(Constants.R_TAGS + name), k -> new ArrayList<>()).add(name);
                }
            } else {
                for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                    m.computeIfAbsent(peeled(r).copy(), k -> new ArrayList<>()).add(r.getName().substring(Constants.R_TAGS.length()));
                }
            }
            m.values().forEach(l -> l.sort(String::compareTo));
            tagsByCommit = m;
        }
        return tagsByCommit.getOrDefault(commit, List.of());
    }

    @Override public Revision latest() throws IOException {
        fetchAll();
        Ref h = head();
        if (h == null) throw CodeRepoException.noCommits();
        Revision r = revision(commit(h.getObjectId()), h.getObjectId().name(), "");
        return new Revision(r.origin().withRef("HEAD").withHash(r.name()), r.name(), r.shortName(), r.version(), r.time(), r.tags());
    }

    @Override public byte[] readFile(String rev, String file, long maxSize) throws IOException {
        RevCommit c = commit(ObjectId.fromString(stat(rev).name()));
        try (TreeWalk tw = TreeWalk.forPath(repo, file, c.getTree())) {
            if (tw == null) return null;
            FileMode mode = tw.getFileMode(0);
            if ((mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_TREE || (mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) return null;
            var loader = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB);
            if (loader.getSize() > maxSize) {
                throw new CodeRepoException(false, file + " at " + rev + " is larger than the limit of " + maxSize + " bytes");
            }
            return loader.getBytes();
        } catch (MissingObjectException e) {
            throw damaged(e);
        }
    }

    /** A blob's content, read when a zip is written. */
    private java.io.InputStream openBlob(ObjectId id) throws IOException {
        try {
            return repo.open(id, Constants.OBJ_BLOB).openStream();
        } catch (MissingObjectException e) {
            throw damaged(e);
        }
    }

    @Override public List<ModuleFile> readTree(String rev, String subdir) throws IOException {
        RevCommit c = commit(ObjectId.fromString(stat(rev).name()));
        List<ModuleFile> out = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(repo, reader)) {
            tw.setOperationType(TreeWalk.OperationType.CHECKOUT_OP);
            tw.addTree(c.getTree());
            // As git archive: .gitattributes are read from the tree being archived.
            tw.setHead(0);
            tw.setRecursive(true);
            if (!subdir.isEmpty()) tw.setFilter(PathFilter.create(subdir));
            while (tw.next()) {
                int type = tw.getFileMode(0).getBits() & FileMode.TYPE_MASK;
                ModuleFile.Type t;
                if (type == FileMode.TYPE_FILE) t = ModuleFile.Type.REGULAR;
                else if (type == FileMode.TYPE_SYMLINK) t = ModuleFile.Type.SYMLINK;
                else continue; // submodules: git archive makes them empty directories, which zips leave out
                ObjectId id = tw.getObjectId(0);
                long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
                ArchiveFilters.Plan plan = t == ModuleFile.Type.REGULAR ? ArchiveFilters.plan(tw.getAttributes()) : ArchiveFilters.Plan.NONE;
                out.add(plan.isNone() ? ModuleFile.of(tw.getPathString(), t, size, () -> openBlob(id))
                        : converted(tw.getPathString(), id, size, plan));
            }
        } catch (MissingObjectException e) {
            throw damaged(e);
        }
        if (out.isEmpty() && !subdir.isEmpty()) throw CodeRepoException.notExist("pathspec '" + subdir + "' did not match any files");
        return out;
    }

    /** A file git archive would convert (ident, eol=crlf): its size and content after the conversion. */
    private ModuleFile converted(String path, ObjectId id, long size, ArchiveFilters.Plan plan) throws IOException {
        if (plan.ident()) {
            if (size > CodeRepo.MAX_GO_MOD) throw new CodeRepoException(false, path + ": too large to expand $Id$ (" + size + " bytes)");
            byte[] data = ArchiveFilters.applyInMemory(repo.open(id, Constants.OBJ_BLOB).getBytes(), id.name(), plan);
            return ModuleFile.of(path, data);
        }
        ArchiveFilters.Stats stats;
        try (var in = repo.open(id, Constants.OBJ_BLOB).openStream()) {
            stats = ArchiveFilters.Stats.of(in);
        }
        if (!ArchiveFilters.willConvert(stats, plan.crlf())) return ModuleFile.of(path, size, () -> openBlob(id));
        return ModuleFile.of(path, size + stats.lonelf, () -> ArchiveFilters.toCrlf(openBlob(id)));
    }

    @Override public String recentTag(String rev, String prefix, Predicate<String> allowed) throws IOException {
        // Ancestry needs history: everything is fetched first (the go command does so whenever its local answer is
        // not definitive; answering from a partial mirror could name a lower tag, and pseudo-versions are stored).
        fetchAll();
        RevCommit start = commit(ObjectId.fromString(stat(rev).name()));
        // Candidate tags, by the commit they name; then one walk over the history finds those that are ancestors.
        Map<ObjectId, List<String>> candidates = new HashMap<>();
        TreeMap<String, ObjectId> byName = new TreeMap<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS + prefix)) {
            String tag = r.getName().substring(Constants.R_TAGS.length());
            if (!allowed.test(tag)) continue;
            ObjectId id = peeled(r).copy();
            candidates.computeIfAbsent(id, k -> new ArrayList<>()).add(tag);
            byName.put(tag, id);
        }
        if (candidates.isEmpty()) return "";
        java.util.Set<ObjectId> reachable = new java.util.HashSet<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(start));
            int left = candidates.size();
            for (RevCommit c; left > 0 && (c = walk.next()) != null; ) {
                if (candidates.containsKey(c)) {
                    reachable.add(c.copy());
                    left--;
                }
            }
        } catch (MissingObjectException e) {
            // The go command would ignore this error (no base tag): here it is a damaged mirror, not a missing tag.
            throw damaged(e);
        }
        String highest = "";
        for (var e : byName.entrySet()) {
            if (!reachable.contains(e.getValue())) continue;
            String sem = e.getKey().substring(prefix.length());
            if (Semver.compare(sem, highest) > 0) highest = sem;
        }
        return highest.isEmpty() ? "" : prefix + highest;
    }

    @Override public boolean descendsFrom(String rev, String tag) throws IOException {
        fetchAll();
        Ref t = repo.exactRef(Constants.R_TAGS + tag);
        if (t == null) return false;
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit tagCommit = walk.parseCommit(peeled(t));
            RevCommit revCommit = walk.parseCommit(ObjectId.fromString(stat(rev).name()));
            return walk.isMergedInto(tagCommit, revCommit);
        } catch (MissingObjectException e) {
            throw damaged(e);
        } catch (IncorrectObjectTypeException e) {
            return false;
        }
    }
}
