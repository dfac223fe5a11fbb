package dev.modgate.core.sumdb.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Raw Ed25519 keys (32-byte public keys and 32-byte seeds, as Go's crypto/ed25519 and the note key formats
 * use them) on top of the JDK's "Ed25519" provider, which only speaks X.509 and PKCS#8 encodings.
 */
final class Ed25519 {
    private Ed25519() {}

    static final int KEY_SIZE = 32;

    /** DER of SubjectPublicKeyInfo{id-Ed25519, BIT STRING} up to the 32 key bytes (RFC 8410). */
    private static final byte[] X509_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    };
    /** DER of OneAsymmetricKey{v1, id-Ed25519, OCTET STRING{OCTET STRING}} up to the 32 seed bytes (RFC 8410). */
    private static final byte[] PKCS8_PREFIX = {
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    };

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
    }

    static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
    }

    /** The 32 raw bytes of a public key. */
    static byte[] raw(PublicKey key) {
        byte[] enc = key.getEncoded();
        if (enc.length != X509_PREFIX.length + KEY_SIZE
                || !Arrays.equals(enc, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalStateException("unexpected Ed25519 public key encoding");
        }
        return Arrays.copyOfRange(enc, X509_PREFIX.length, enc.length);
    }

    /**
     * ed25519.NewKeyFromSeed's public half. The JDK has no API deriving a public key from a private one, but its
     * key pair generator takes the seed as the first 32 bytes of its random source, so it is handed a source
     * that yields exactly the seed. The result is checked by a signature round trip, so a JDK that drew its
     * seed differently would fail loudly rather than produce a wrong key.
     */
    static byte[] publicKeyFromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        gen.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
        byte[] pub = raw(gen.generateKeyPair().getPublic());
        byte[] probe = "modgate seed check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!verify(publicKey(pub), probe, sign(privateKey(seed), probe))) {
            throw new IllegalStateException("Ed25519 public key derivation from seed failed");
        }
        return pub;
    }

    /** A new key pair: {seed, public key}. */
    static byte[][] generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        gen.initialize(NamedParameterSpec.ED25519, random);
        KeyPair kp = gen.generateKeyPair();
        byte[] seed = ((EdECPrivateKey) kp.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalStateException("Ed25519 private key bytes unavailable"));
        return new byte[][] {seed, raw(kp.getPublic())};
    }

    static byte[] sign(PrivateKey key, byte[] msg) throws GeneralSecurityException {
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(msg);
        return s.sign();
    }

    /** ed25519.Verify: false for any malformed signature or key rather than an exception. */
    static boolean verify(PublicKey key, byte[] msg, byte[] sig) {
        if (key == null || sig.length != 64) {
            return false;
        }
        try {
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(msg);
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A "random" source that yields the given seed once. */
    private static final class SeedRandom extends SecureRandom {
        SeedRandom(byte[] seed) {
            super(new SecureRandomSpi() {
                private boolean used;

                @Override
                protected void engineSetSeed(byte[] s) {}

                @Override
                protected void engineNextBytes(byte[] bytes) {
                    if (used || bytes.length != seed.length) {
                        throw new IllegalStateException("unexpected use of the Ed25519 seed source");
                    }
                    used = true;
                    System.arraycopy(seed, 0, bytes, 0, seed.length);
                }

                @Override
                protected byte[] engineGenerateSeed(int n) {
                    throw new IllegalStateException("unexpected use of the Ed25519 seed source");
                }
            }, null);
        }
    }
}
