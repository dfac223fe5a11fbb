package dev.modgate.core.sumdb.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** golang.org/x/mod/sumdb/note/note_test.go, case by case, plus the package documentation's example. */
class NoteTest {
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
    static final Signature PETER = new Signature("PeterNeumann", 0xc74f20a3,
            "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=");
    static final Signature ENOCH = new Signature("EnochRoot", 0xaf0cfe78,
            "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=");

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void newVerifier() throws Exception {
        Verifier v = NoteKeys.newVerifier(PETER_VKEY);
        assertThat(v.name()).isEqualTo("PeterNeumann");
        assertThat(v.keyHash()).isEqualTo(0xc74f20a3);

        // Every proper substring and every single-byte increment must be rejected.
        byte[] k = b(PETER_VKEY);
        int rejected = 0;
        for (int i = 0; i <= k.length; i++) {
            for (int j = i + 1; j <= k.length; j++) {
                if (i != 0 || j != k.length) {
                    assertBadVerifier(new String(k, i, j - i, StandardCharsets.ISO_8859_1));
                    rejected++;
                }
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i]++;
            assertBadVerifier(new String(k, StandardCharsets.ISO_8859_1));
            k[i]--;
            rejected++;
        }
        assertThat(rejected).isEqualTo(k.length * (k.length + 1) / 2 - 1 + k.length);

        // Wrong key length and unknown algorithm, each with a matching key hash.
        assertThatThrownBy(() -> NoteKeys.newVerifier(
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="))
                .isInstanceOf(NoteException.class).hasMessage("malformed verifier id");
        assertThatThrownBy(() -> NoteKeys.newVerifier(
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(NoteException.class).hasMessage("unknown verifier algorithm");
        // A mangled hash is a hash mismatch, not a malformed id.
        assertThatThrownBy(() -> NoteKeys.newVerifier(
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(NoteException.class).hasMessage("invalid verifier hash");
    }

    private static void assertBadVerifier(String key) {
        assertThatThrownBy(() -> NoteKeys.newVerifier(key)).as("NewVerifier(%s)", key)
                .isInstanceOf(NoteException.class)
                .extracting(Throwable::getMessage).isIn("malformed verifier id", "invalid verifier hash",
                        "unknown verifier algorithm");
    }

    @Test
    void newSigner() throws Exception {
        Signer s = NoteKeys.newSigner(PETER_SKEY);
        assertThat(s.name()).isEqualTo("PeterNeumann");
        assertThat(s.keyHash()).isEqualTo(0xc74f20a3);

        byte[] k = b(PETER_SKEY);
        for (int i = 0; i <= k.length; i++) {
            for (int j = i + 1; j <= k.length; j++) {
                if (i == 0 && j == k.length) {
                    continue;
                }
                assertBadSigner(new String(k, i, j - i, StandardCharsets.ISO_8859_1));
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i]++;
            assertBadSigner(new String(k, StandardCharsets.ISO_8859_1));
            k[i]--;
        }
    }

    private static void assertBadSigner(String key) {
        assertThatThrownBy(() -> NoteKeys.newSigner(key)).as("NewSigner(%s)", key)
                .isInstanceOf(NoteException.class)
                .extracting(Throwable::getMessage).isIn("malformed verifier id", "invalid verifier hash",
                        "unknown verifier algorithm");
    }

    private static void checkSignerAndVerifier(String name, Signer signer, Verifier verifier) {
        assertThat(signer.name()).isEqualTo(name);
        assertThat(verifier.name()).isEqualTo(name);
        assertThat(signer.keyHash()).isEqualTo(verifier.keyHash());

        byte[] msg = b("hi");
        byte[] sig = signer.sign(msg);
        assertThat(verifier.verify(msg, sig)).isTrue();
        sig[0]++;
        assertThat(verifier.verify(msg, sig)).as("corrupt signature").isFalse();
        sig[0]--;
        msg[0]++;
        assertThat(verifier.verify(msg, sig)).as("corrupt message").isFalse();
    }

    @Test
    void generateKey() throws Exception {
        NoteKeys.KeyPair kp = NoteKeys.generateKey("EnochRoot");
        assertThat(kp.signerKey()).startsWith("PRIVATE+KEY+EnochRoot+");
        assertThat(kp.verifierKey()).startsWith("EnochRoot+");
        assertThat(kp.toString()).doesNotContain(kp.signerKey());
        assertThat(NoteKeys.verifierKeyOf(kp.signerKey())).isEqualTo(kp.verifierKey());
        assertThatThrownBy(() -> NoteKeys.verifierKeyOf(kp.verifierKey())).isInstanceOf(NoteException.class);
        checkSignerAndVerifier("EnochRoot", NoteKeys.newSigner(kp.signerKey()), NoteKeys.newVerifier(kp.verifierKey()));

        // Deterministic given the random source; names that could never be parsed back are refused.
        SecureRandom r1 = SecureRandom.getInstance("SHA1PRNG");
        r1.setSeed(42);
        SecureRandom r2 = SecureRandom.getInstance("SHA1PRNG");
        r2.setSeed(42);
        assertThat(NoteKeys.generateKey("x", r1)).isEqualTo(NoteKeys.generateKey("x", r2));
        for (String bad : List.of("", "a b", "a+b", "a\u00a0b", "a\ud800")) {
            assertThatThrownBy(() -> NoteKeys.generateKey(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void fromEd25519() throws Exception {
        // TestFromEd25519: a verifier key made from a raw public key matches a signer made from its seed.
        byte[][] seedPub = Ed25519.generate(new SecureRandom());
        String vkey = NoteKeys.newEd25519VerifierKey("EnochRoot", seedPub[1]);
        byte[] skeyBytes = new byte[33];
        skeyBytes[0] = 1;
        System.arraycopy(seedPub[0], 0, skeyBytes, 1, 32);
        String[] nameHash = vkey.split("\\+", 3);
        String skey = "PRIVATE+KEY+" + nameHash[0] + "+" + nameHash[1] + "+"
                + java.util.Base64.getEncoder().encodeToString(skeyBytes);
        checkSignerAndVerifier("EnochRoot", NoteKeys.newSigner(skey), NoteKeys.newVerifier(vkey));

        byte[] shortKey = java.util.Arrays.copyOf(seedPub[1], 31);
        assertThatThrownBy(() -> NoteKeys.newEd25519VerifierKey("EnochRoot", shortKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid public key size 31, expected 32");
        // The PeterNeumann pair: its public key from the seed gives back the published verifier key.
        assertThat(NoteKeys.newEd25519VerifierKey("PeterNeumann",
                java.util.Arrays.copyOfRange(java.util.Base64.getDecoder().decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"), 1, 33)))
                .isEqualTo(PETER_VKEY);
    }

    @Test
    void sign() throws Exception {
        Signer signer = NoteKeys.newSigner(PETER_SKEY);
        String want = TEXT + "\n" + PETER_SIG;
        assertThat(new String(new Note(TEXT).sign(signer), StandardCharsets.UTF_8)).isEqualTo(want);

        // An existing signature by the same key is replaced.
        Note withOld = new Note(TEXT, List.of(new Signature("PeterNeumann", 0xc74f20a3, "BADSIGN=")), List.of());
        assertThat(new String(withOld.sign(signer), StandardCharsets.UTF_8)).isEqualTo(want);

        assertThatThrownBy(() -> new Note("abc").sign(signer)).isInstanceOf(NoteException.class)
                .hasMessage("malformed note");
        assertThatThrownBy(() -> new Note(TEXT, List.of(new Signature("a+b", 0, "ABCD")), List.of()).sign())
                .isInstanceOf(NoteException.class).hasMessage("malformed note");
        assertThatThrownBy(() -> new Note(TEXT, List.of(new Signature("PeterNeumann", 0xc74f20a3, "BADHASH=")),
                List.of()).sign()).isInstanceOf(NoteException.class).hasMessage("malformed note");

        Signer badName = new Signer() {
            public String name() { return "bad name"; }
            public int keyHash() { return signer.keyHash(); }
            public byte[] sign(byte[] msg) { return signer.sign(msg); }
        };
        assertThatThrownBy(() -> new Note(TEXT).sign(badName)).isInstanceOf(NoteException.class)
                .hasMessage("invalid signer");

        RuntimeException surprise = new IllegalStateException("surprise!");
        Signer failing = new Signer() {
            public String name() { return signer.name(); }
            public int keyHash() { return signer.keyHash(); }
            public byte[] sign(byte[] msg) { throw surprise; }
        };
        assertThatThrownBy(() -> new Note(TEXT).sign(failing)).isSameAs(surprise);
    }

    @Test
    void verifierList() throws Exception {
        Verifier peter = NoteKeys.newVerifier(PETER_VKEY);
        Verifier enoch = NoteKeys.newVerifier(ENOCH_VKEY);
        Verifiers list = Verifiers.of(peter, enoch, enoch);
        assertThat(list.verifier("PeterNeumann", 0xc74f20a3)).isSameAs(peter);
        assertThatThrownBy(() -> list.verifier("PeterNeumann", 0xc74f20a4))
                .isInstanceOf(UnknownVerifierException.class).hasMessage("unknown key PeterNeumann+c74f20a4");
        assertThatThrownBy(() -> list.verifier("PeterNeuman", 0xc74f20a3))
                .isInstanceOf(UnknownVerifierException.class).hasMessage("unknown key PeterNeuman+c74f20a3");
        assertThatThrownBy(() -> list.verifier("EnochRoot", 0xaf0cfe78))
                .isInstanceOf(NoteException.class).isNotInstanceOf(UnknownVerifierException.class)
                .hasMessage("ambiguous key EnochRoot+af0cfe78");
    }

    @Test
    void open() throws Exception {
        Verifier peterV = NoteKeys.newVerifier(PETER_VKEY);
        Verifier enochV = NoteKeys.newVerifier(ENOCH_VKEY);

        // One verified, one not.
        Note n = Note.open(b(TEXT + "\n" + PETER_SIG + ENOCH_SIG), Verifiers.of(peterV));
        assertThat(n.text()).isEqualTo(TEXT);
        assertThat(n.sigs()).containsExactly(PETER);
        assertThat(n.unverifiedSigs()).containsExactly(ENOCH);

        // Both verified.
        n = Note.open(b(TEXT + "\n" + PETER_SIG + ENOCH_SIG), Verifiers.of(peterV, enochV));
        assertThat(n.sigs()).containsExactly(PETER, ENOCH);
        assertThat(n.unverifiedSigs()).isEmpty();

        // Both unverified: the parsed note travels in the exception.
        assertThatThrownBy(() -> Note.open(b(TEXT + "\n" + PETER_SIG + ENOCH_SIG), Verifiers.of()))
                .isInstanceOfSatisfying(UnverifiedNoteException.class, e -> {
                    assertThat(e).hasMessage("note has no verifiable signatures");
                    assertThat(e.note().sigs()).isEmpty();
                    assertThat(e.note().unverifiedSigs()).containsExactly(PETER, ENOCH);
                });
        assertThatThrownBy(() -> Note.open(b(TEXT + "\n" + PETER_SIG), null))
                .isInstanceOf(UnverifiedNoteException.class);

        // Duplicated verifier, used and unused.
        assertThatThrownBy(() -> Note.open(b(TEXT + "\n" + ENOCH_SIG), Verifiers.of(enochV, peterV, enochV)))
                .isInstanceOf(NoteException.class).hasMessage("ambiguous key EnochRoot+af0cfe78");
        assertThatCode(() -> Note.open(b(TEXT + "\n" + PETER_SIG), Verifiers.of(enochV, peterV, enochV)))
                .doesNotThrowAnyException();

        // Too many signatures, verified or not.
        String many = TEXT + "\n" + PETER_SIG.repeat(101);
        assertThatThrownBy(() -> Note.open(b(many), Verifiers.of(peterV))).hasMessage("malformed note");
        assertThatThrownBy(() -> Note.open(b(many), Verifiers.of())).hasMessage("malformed note");
        assertThatCode(() -> Note.open(b(TEXT + "\n" + PETER_SIG.repeat(100)), Verifiers.of(peterV)))
                .doesNotThrowAnyException();

        // Invalid signature.
        String badPeter = insertAtByte(PETER_SIG, 60, "ABCD");
        assertThatThrownBy(() -> Note.open(b(TEXT + "\n" + badPeter), Verifiers.of(peterV)))
                .isInstanceOfSatisfying(InvalidSignatureException.class, e -> {
                    assertThat(e.name()).isEqualTo("PeterNeumann");
                    assertThat(e.keyHash()).isEqualTo(0xc74f20a3);
                })
                .hasMessage("invalid signature for key PeterNeumann+c74f20a3");

        // Duplicated verified and unverified signatures.
        Signature enochABCD = new Signature("EnochRoot", 0xaf0cfe78,
                "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n" + "ABCD" + "2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=");
        String enochBad = insertAtByte(ENOCH_SIG, 60, "ABCD");
        n = Note.open(b(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochBad), Verifiers.of(peterV));
        assertThat(n.sigs()).containsExactly(PETER);
        assertThat(n.unverifiedSigs()).containsExactly(ENOCH, enochABCD);

        // Invalid encoded message syntax.
        List<byte[]> badMsgs = List.of(
                b(TEXT),
                b(TEXT + "\n"),
                b(TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1)),
                b("\u0001" + TEXT + "\n" + PETER_SIG),
                concat(new byte[] {(byte) 0xff}, b(TEXT + "\n" + PETER_SIG)),
                b(TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="),
                b(TEXT + "\n" + PETER_SIG + "Unexpected line.\n"));
        for (byte[] msg : badMsgs) {
            assertThatThrownBy(() -> Note.open(msg, Verifiers.of(peterV))).as(new String(msg, StandardCharsets.UTF_8))
                    .isExactlyInstanceOf(NoteException.class).hasMessage("malformed note");
        }

        // A Verifiers returning the verifier for another name or hash.
        Verifiers fixed = (name, hash) -> peterV;
        String misnamed = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
        assertThatThrownBy(() -> Note.open(b(TEXT + "\n" + misnamed), fixed))
                .hasMessage("verifier name or hash doesn't match signature");
        String wrongHash = PETER_SIG.replace("x08g", "xxxx");
        assertThatThrownBy(() -> Note.open(b(TEXT + "\n" + wrongHash), fixed))
                .hasMessage("verifier name or hash doesn't match signature");
    }

    /** The package documentation's example: re-signing Peter's note with a second key. */
    @Test
    void resignWithSecondKey() throws Exception {
        Verifier peterV = NoteKeys.newVerifier(PETER_VKEY);
        Note n = Note.open(b(TEXT + "\n" + PETER_SIG), Verifiers.of(peterV));
        NoteKeys.KeyPair me = NoteKeys.generateKey("EnochRoot");
        byte[] msg = n.sign(NoteKeys.newSigner(me.signerKey()));
        String s = new String(msg, StandardCharsets.UTF_8);
        assertThat(s).startsWith(TEXT + "\n" + PETER_SIG + "— EnochRoot ");
        Note both = Note.open(msg, Verifiers.of(peterV, NoteKeys.newVerifier(me.verifierKey())));
        assertThat(both.sigs()).hasSize(2).first().isEqualTo(PETER);
    }

    /** Control characters and invalid UTF-8 anywhere, including the text, make a note malformed. */
    @Test
    void openRejectsControlAndInvalidUtf8() throws Exception {
        Verifier peterV = NoteKeys.newVerifier(PETER_VKEY);
        for (String bad : List.of("\t", "\r", "\u0000", "\u001b")) {
            byte[] msg = b(bad + TEXT + "\n" + PETER_SIG);
            assertThatThrownBy(() -> Note.open(msg, Verifiers.of(peterV))).hasMessage("malformed note");
        }
        // DEL (0x7f) is not a C0 control: only the signature fails.
        assertThatThrownBy(() -> Note.open(b("\u007f" + TEXT + "\n" + PETER_SIG), Verifiers.of(peterV)))
                .isInstanceOf(InvalidSignatureException.class);
        // An encoded surrogate (ED A0 80) is invalid UTF-8 for Go.
        byte[] surrogate = concat(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, b(TEXT + "\n" + PETER_SIG));
        assertThatThrownBy(() -> Note.open(surrogate, Verifiers.of(peterV))).hasMessage("malformed note");
    }

    /** Go's s[:i] + ins + s[i:], i counting bytes (the em dash is 3 of them). */
    static String insertAtByte(String s, int i, String ins) {
        byte[] bs = b(s);
        return new String(bs, 0, i, StandardCharsets.UTF_8) + ins + new String(bs, i, bs.length - i, StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
