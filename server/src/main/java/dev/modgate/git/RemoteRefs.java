package dev.modgate.git;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * What {@code git ls-remote} said of a repository, as the go command keeps it (codehost's loadRefs): HEAD,
 * branches and tags, each with the commit it names (annotated tags peeled), and the branch HEAD points at if the
 * remote said so.
 *
 * @param commits ref name to commit (or, for a tag the remote did not peel, the tag object)
 * @param headTarget the ref HEAD is a symbolic link to, or null
 * @param atNanos when it was listed (System.nanoTime)
 */
record RemoteRefs(Map<String, ObjectId> commits, String headTarget, long atNanos) {
    static RemoteRefs of(Map<String, Ref> advertised, long atNanos) {
        Map<String, ObjectId> m = new HashMap<>();
        String head = null;
        for (Ref r : advertised.values()) {
            String n = r.getName();
            if (n.endsWith("^{}")) continue;
            if (!n.equals(Constants.HEAD) && !n.startsWith(Constants.R_HEADS) && !n.startsWith(Constants.R_TAGS)) continue;
            if (n.equals(Constants.HEAD) && r.isSymbolic()) head = r.getTarget().getName();
            ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
            if (id != null) m.put(n, id.copy());
        }
        return new RemoteRefs(Collections.unmodifiableMap(m), head, atNanos);
    }

    ObjectId get(String ref) { return commits.get(ref); }

    /** The tag names (without refs/tags/) starting with prefix, sorted. */
    List<String> tagNames(String prefix) {
        List<String> out = new ArrayList<>();
        for (String n : commits.keySet()) {
            if (n.startsWith(Constants.R_TAGS + prefix)) out.add(n.substring(Constants.R_TAGS.length()));
        }
        Collections.sort(out);
        return out;
    }
}
