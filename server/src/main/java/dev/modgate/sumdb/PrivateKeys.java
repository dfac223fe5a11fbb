package dev.modgate.sumdb;

import dev.modgate.core.sumdb.note.NoteException;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Signer;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private checksum database's key pair: {@code signer-key} (readable by its owner only: whoever reads it can
 * sign trees in the database's name) and {@code verifier-key} (what clients put in GOSUMDB). Made on first start.
 */
final class PrivateKeys {
    private static final Logger log = LoggerFactory.getLogger(PrivateKeys.class);
    static final String SIGNER = "signer-key";
    static final String VERIFIER = "verifier-key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateKeys() {}

    /** The signer for the database in dir, made now if there is none; refuses a key of another name. */
    static Signer loadOrCreate(DirStorage store, Path dir, String name) throws IOException {
        Path sk = dir.resolve(SIGNER);
        if (!Files.exists(sk)) create(store, dir, name);
        restrict(sk);
        String skey = Files.readString(sk, StandardCharsets.UTF_8).strip();
        Signer signer;
        String vkey;
        try {
            signer = NoteKeys.newSigner(skey);
            vkey = NoteKeys.verifierKeyOf(skey);
        } catch (NoteException e) {
            throw new IOException(sk + " does not hold a signer key: " + e.getMessage(), e);
        }
        if (!signer.name().equals(name)) {
            throw new IOException("the private checksum database in " + dir + " is named " + signer.name() + ", not " + name
                    + " (its clients trust that name and key; use --private-sumdb " + signer.name() + ")");
        }
        byte[] have = SumDbFiles.read(dir.resolve(VERIFIER));
        if (have == null || !new String(have, StandardCharsets.UTF_8).strip().equals(vkey)) {
            store.state().write(dir.resolve(VERIFIER), (vkey + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return signer;
    }

    /** What clients set GOSUMDB to, as stored beside the signer key; null if there is no database in dir. */
    static String verifierKey(Path dir) throws IOException {
        byte[] b = SumDbFiles.read(dir.resolve(VERIFIER));
        if (b != null) return new String(b, StandardCharsets.UTF_8).strip();
        Path sk = dir.resolve(SIGNER);
        if (!Files.exists(sk)) return null;
        try {
            return NoteKeys.verifierKeyOf(Files.readString(sk, StandardCharsets.UTF_8).strip());
        } catch (NoteException e) {
            throw new IOException(sk + " does not hold a signer key: " + e.getMessage(), e);
        }
    }

    /** Written with owner-only permissions from the start (never readable by others, not even briefly), then renamed. */
    private static void create(DirStorage store, Path dir, String name) throws IOException {
        NoteKeys.KeyPair kp = NoteKeys.generateKey(name);
        Path tmp = dir.resolve(SIGNER + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix(dir)) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        else Files.createFile(tmp);
        Files.writeString(tmp, kp.signerKey() + "\n", StandardCharsets.UTF_8);
        store.state().commit(tmp, dir.resolve(SIGNER));
        store.state().write(dir.resolve(VERIFIER), (kp.verifierKey() + "\n").getBytes(StandardCharsets.UTF_8));
        log.info("created the signing key of private checksum database {} in {} (readable by its owner only)", name, dir.resolve(SIGNER));
    }

    private static void restrict(Path sk) throws IOException {
        if (!posix(sk)) return;
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(sk);
        if (!OWNER_ONLY.containsAll(p)) {
            log.warn("{} was readable by others ({}); making it owner-only. Anyone who read it can sign trees for this database.",
                    sk, PosixFilePermissions.toString(p));
            Files.setPosixFilePermissions(sk, OWNER_ONLY);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
