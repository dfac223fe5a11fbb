package dev.modgate.core.sumdb.note;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Looks up the verifier for a signature's key by name and key hash (note.Verifiers). */
@FunctionalInterface
public interface Verifiers {
    /**
     * The verifier for the key, or {@link UnknownVerifierException} if it is not known; any other exception
     * makes {@link Note#open} fail.
     */
    Verifier verifier(String name, int keyHash) throws NoteException;

    /**
     * note.VerifierList: the given verifiers. Two verifiers with the same name and hash are kept, and asking
     * for that key then fails with "ambiguous key", since someone has then tampered with the list.
     */
    static Verifiers of(Verifier... list) {
        record NameHash(String name, int hash) {}
        Map<NameHash, List<Verifier>> map = new HashMap<>();
        for (Verifier v : list) {
            map.computeIfAbsent(new NameHash(v.name(), v.keyHash()), k -> new ArrayList<>()).add(v);
        }
        return (name, hash) -> {
            List<Verifier> vs = map.get(new NameHash(name, hash));
            if (vs == null) {
                throw new UnknownVerifierException(name, hash);
            }
            if (vs.size() > 1) {
                throw new NoteException("ambiguous key " + name + "+" + NoteKeys.hex(hash));
            }
            return vs.get(0);
        };
    }
}
