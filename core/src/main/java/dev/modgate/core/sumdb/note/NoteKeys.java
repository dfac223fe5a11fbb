package dev.modgate.core.sumdb.note;

import dev.modgate.core.text.GoBase64;
import dev.modgate.core.text.GoStrings;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Note keys as golang.org/x/mod/sumdb/note encodes them:
 * <ul>
 *   <li>verifier (public) key {@code <name>+<hash>+<base64(0x01 || 32-byte Ed25519 public key)>};</li>
 *   <li>signer (private) key {@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 || 32-byte Ed25519 seed)>};</li>
 * </ul>
 * where hash is 8 hex digits of {@link #keyHash} of the public key. Error messages are Go's; note that Go uses
 * the verifier texts ("malformed verifier id", ...) for signer keys too.
 */
public final class NoteKeys {
    private NoteKeys() {}

    /** The only algorithm: Ed25519. */
    static final byte ALG_ED25519 = 1;

    private static final String MALFORMED_ID = "malformed verifier id";
    private static final String BAD_HASH = "invalid verifier hash";
    private static final String BAD_ALG = "unknown verifier algorithm";

    /** A signer key and its verifier key, as {@link #generateKey} returns them. */
    public record KeyPair(String signerKey, String verifierKey) {
        @Override
        public String toString() {
            return "KeyPair[verifierKey=" + verifierKey + "]"; // keep the private key out of logs
        }
    }

    /** The key hash: the first 4 bytes, big-endian, of SHA-256(name + "\n" + key), key including its algorithm byte. */
    public static int keyHash(String name, byte[] key) {
        MessageDigest d = sha256();
        d.update(GoStrings.toUtf8(name));
        d.update((byte) '\n');
        d.update(key);
        byte[] sum = d.digest();
        return (sum[0] & 0xFF) << 24 | (sum[1] & 0xFF) << 16 | (sum[2] & 0xFF) << 8 | sum[3] & 0xFF;
    }

    /** note.NewVerifier: parses an encoded verifier key. */
    public static Verifier newVerifier(String vkey) throws NoteException {
        String[] nameRest = chop(vkey, "+");
        String name = nameRest[0];
        String[] hashKey = chop(nameRest[1], "+");
        String hash16 = hashKey[0];
        byte[] key = decodeOrNull(hashKey[1]);
        if (!isHash16(hash16) || key == null || !isValidName(name) || key.length == 0) {
            throw new NoteException(MALFORMED_ID);
        }
        int hash = Integer.parseUnsignedInt(hash16, 16);
        if (hash != keyHash(name, key)) {
            throw new NoteException(BAD_HASH);
        }
        if (key[0] != ALG_ED25519) {
            throw new NoteException(BAD_ALG);
        }
        byte[] raw = Arrays.copyOfRange(key, 1, key.length);
        if (raw.length != Ed25519.KEY_SIZE) {
            throw new NoteException(MALFORMED_ID);
        }
        PublicKey pub;
        try {
            pub = Ed25519.publicKey(raw);
        } catch (GeneralSecurityException e) {
            // Go accepts any 32 bytes here and only fails verification later; so do we.
            pub = null;
        }
        return new Ed25519Verifier(name, hash, pub);
    }

    /** note.NewSigner: parses an encoded signer key, checking its hash against the derived public key. */
    public static Signer newSigner(String skey) throws NoteException {
        String[] a = chop(skey, "+");
        String[] b = chop(a[1], "+");
        String[] c = chop(b[1], "+");
        String[] d = chop(c[1], "+");
        String name = c[0];
        String hash16 = d[0];
        byte[] key = decodeOrNull(d[1]);
        if (!a[0].equals("PRIVATE") || !b[0].equals("KEY") || !isHash16(hash16) || key == null
                || !isValidName(name) || key.length == 0) {
            throw new NoteException(MALFORMED_ID);
        }
        int hash = Integer.parseUnsignedInt(hash16, 16);
        // The hash is of the public key, so it can only be checked after deriving that from the seed.
        if (key[0] != ALG_ED25519) {
            throw new NoteException(BAD_ALG);
        }
        byte[] seed = Arrays.copyOfRange(key, 1, key.length);
        if (seed.length != Ed25519.KEY_SIZE) {
            throw new NoteException(MALFORMED_ID);
        }
        PrivateKey priv;
        byte[] pub;
        try {
            priv = Ed25519.privateKey(seed);
            pub = Ed25519.publicKeyFromSeed(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK Ed25519 support is unavailable", e);
        }
        if (hash != keyHash(name, withAlg(pub))) {
            throw new NoteException(BAD_HASH);
        }
        return new Ed25519Signer(name, hash, priv);
    }

    /**
     * The verifier key belonging to an encoded signer key (no x/mod counterpart): what a server that keeps only its
     * signer key tells its clients.
     */
    public static String verifierKeyOf(String skey) throws NoteException {
        Signer s = newSigner(skey); // validates the whole key, hash included
        byte[] key = decodeOrNull(chop(chop(chop(chop(skey, "+")[1], "+")[1], "+")[1], "+")[1]);
        byte[] seed = Arrays.copyOfRange(key, 1, key.length);
        try {
            return newEd25519VerifierKey(s.name(), Ed25519.publicKeyFromSeed(seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK Ed25519 support is unavailable", e);
        }
    }

    /** note.GenerateKey with a fresh {@link SecureRandom}: a new signer key and its verifier key. */
    public static KeyPair generateKey(String name) {
        return generateKey(name, new SecureRandom());
    }

    /**
     * note.GenerateKey. Unlike Go, the name is checked first (non-empty UTF-8 without spaces or '+'), since a key
     * with another name could never be parsed again.
     */
    public static KeyPair generateKey(String name, SecureRandom random) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid key name " + GoStrings.quote(name));
        }
        byte[][] seedPub;
        try {
            seedPub = Ed25519.generate(random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK Ed25519 support is unavailable", e);
        }
        byte[] pubkey = withAlg(seedPub[1]);
        byte[] privkey = withAlg(seedPub[0]);
        String h = hex(keyHash(name, pubkey));
        return new KeyPair(
                "PRIVATE+KEY+" + name + "+" + h + "+" + GoBase64.encode(privkey),
                name + "+" + h + "+" + GoBase64.encode(pubkey));
    }

    /** note.NewEd25519VerifierKey: the verifier key for a raw 32-byte Ed25519 public key. */
    public static String newEd25519VerifierKey(String name, byte[] publicKey) {
        if (publicKey.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException(
                    "invalid public key size " + publicKey.length + ", expected " + Ed25519.KEY_SIZE);
        }
        byte[] pubkey = withAlg(publicKey);
        return name + "+" + hex(keyHash(name, pubkey)) + "+" + GoBase64.encode(pubkey);
    }

    /** Names must be non-empty, well-formed UTF-8, and contain neither Unicode spaces nor '+'. */
    static boolean isValidName(String name) {
        if (name.isEmpty() || !GoStrings.isValidUtf8(name) || name.indexOf('+') >= 0) {
            return false;
        }
        return name.codePoints().noneMatch(GoStrings::isSpace);
    }

    /** %08x. */
    static String hex(int hash) {
        return String.format("%08x", hash);
    }

    /** Go's chop: the text before and after the first sep, or (s, "") without one. */
    private static String[] chop(String s, String sep) {
        int i = s.indexOf(sep);
        return i < 0 ? new String[] {s, ""} : new String[] {s.substring(0, i), s.substring(i + sep.length())};
    }

    /** strconv.ParseUint(s, 16, 32) on an 8-character string: hex digits of either case, nothing else. */
    private static boolean isHash16(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] decodeOrNull(String b64) {
        try {
            return GoBase64.decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] withAlg(byte[] key) {
        byte[] out = new byte[key.length + 1];
        out[0] = ALG_ED25519;
        System.arraycopy(key, 0, out, 1, key.length);
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Ed25519Verifier(String name, int keyHash, PublicKey key) implements Verifier {
        @Override
        public boolean verify(byte[] msg, byte[] sig) {
            return Ed25519.verify(key, msg, sig);
        }

        @Override
        public String toString() {
            return "Verifier[" + name + "+" + hex(keyHash) + "]";
        }
    }

    private record Ed25519Signer(String name, int keyHash, PrivateKey key) implements Signer {
        @Override
        public byte[] sign(byte[] msg) {
            try {
                return Ed25519.sign(key, msg);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }

        @Override
        public String toString() {
            return "Signer[" + name + "+" + hex(keyHash) + "]"; // never the key itself
        }
    }
}
