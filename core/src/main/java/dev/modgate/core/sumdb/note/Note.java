package dev.modgate.core.sumdb.note;

import dev.modgate.core.text.GoBase64;
import dev.modgate.core.text.GoStrings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A signed note (golang.org/x/mod/sumdb/note): a text ending in a newline, a blank line, then one or more
 * signature lines {@code "— <name> <base64(4-byte key hash || signature)>\n"} (an em dash U+2014 and a space).
 * Each signature covers the text bytes, including the text's final newline but not the blank line.
 *
 * @param text the text of the note; trust it only if {@link #open} verified it
 * @param sigs signatures verified by {@link #open}
 * @param unverifiedSigs signatures by keys {@link #open} did not know
 */
public record Note(String text, List<Signature> sigs, List<Signature> unverifiedSigs) {
    /** More signatures than this make a note malformed, bounding the work of opening one. */
    public static final int MAX_SIGNATURES = 100;

    private static final byte[] SIG_PREFIX = "— ".getBytes(StandardCharsets.UTF_8);
    private static final String MALFORMED = "malformed note";

    public Note {
        sigs = List.copyOf(sigs);
        unverifiedSigs = List.copyOf(unverifiedSigs);
    }

    /** An unsigned note with the given text, to be signed with {@link #sign}. */
    public Note(String text) {
        this(text, List.of(), List.of());
    }

    /**
     * note.Open: parses msg and verifies its signatures with the known verifiers. Signatures by unknown keys
     * become {@link #unverifiedSigs}; a known key's bad signature fails with {@link InvalidSignatureException};
     * a note no known key signed fails with {@link UnverifiedNoteException}. Repeated signatures are dropped.
     */
    public static Note open(byte[] msg, Verifiers known) throws NoteException {
        if (known == null) {
            known = Verifiers.of(); // as Go: an empty list, for a useful error instead of a crash
        }
        // Valid UTF-8 without control characters other than newline.
        String all = GoStrings.fromUtf8(msg);
        for (int i = 0; i < all.length(); ) {
            int cp = all.codePointAt(i);
            // A lone surrogate stands for an undecodable byte (see GoStrings).
            if (cp < 0x20 && cp != '\n' || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                throw new NoteException(MALFORMED);
            }
            i += Character.charCount(cp);
        }

        // The signature block follows the last blank line.
        int split = lastIndexOfBlankLine(msg);
        if (split < 0) {
            throw new NoteException(MALFORMED);
        }
        byte[] text = Arrays.copyOfRange(msg, 0, split + 1);
        int pos = split + 2;
        if (pos == msg.length || msg[msg.length - 1] != '\n') {
            throw new NoteException(MALFORMED);
        }

        record NameHash(String name, int hash) {}
        Set<NameHash> seen = new HashSet<>();
        Set<String> seenUnverified = new HashSet<>();
        List<Signature> verified = new ArrayList<>();
        List<Signature> unverified = new ArrayList<>();
        int numSig = 0;
        while (pos < msg.length) {
            int nl = indexOf(msg, (byte) '\n', pos); // found: msg ends in '\n'
            int lineStart = pos;
            pos = nl + 1;
            if (!startsWith(msg, lineStart, nl, SIG_PREFIX)) {
                throw new NoteException(MALFORMED);
            }
            String line = new String(msg, lineStart + SIG_PREFIX.length, nl - lineStart - SIG_PREFIX.length,
                    StandardCharsets.UTF_8);
            int sp = line.indexOf(' ');
            String name = sp < 0 ? line : line.substring(0, sp);
            String b64 = sp < 0 ? "" : line.substring(sp + 1);
            byte[] sig;
            try {
                sig = GoBase64.decode(b64);
            } catch (IllegalArgumentException e) {
                throw new NoteException(MALFORMED);
            }
            if (!NoteKeys.isValidName(name) || b64.isEmpty() || sig.length < 5) {
                throw new NoteException(MALFORMED);
            }
            int hash = (sig[0] & 0xFF) << 24 | (sig[1] & 0xFF) << 16 | (sig[2] & 0xFF) << 8 | sig[3] & 0xFF;
            sig = Arrays.copyOfRange(sig, 4, sig.length);

            if (++numSig > MAX_SIGNATURES) {
                throw new NoteException(MALFORMED);
            }

            Verifier v;
            try {
                v = known.verifier(name, hash);
            } catch (UnknownVerifierException e) {
                if (seenUnverified.add(line)) {
                    unverified.add(new Signature(name, hash, b64));
                }
                continue;
            }
            // A Verifiers implementation must not hand out some other key's verifier.
            if (!v.name().equals(name) || v.keyHash() != hash) {
                throw new NoteException("verifier name or hash doesn't match signature");
            }
            if (!seen.add(new NameHash(name, hash))) {
                continue;
            }
            if (!v.verify(text, sig)) {
                throw new InvalidSignatureException(name, hash);
            }
            verified.add(new Signature(name, hash, b64));
        }

        Note n = new Note(new String(text, StandardCharsets.UTF_8), verified, unverified);
        if (verified.isEmpty()) {
            throw new UnverifiedNoteException(n);
        }
        return n;
    }

    /**
     * note.Sign: the encoded note with this note's signatures followed by new ones from the signers. An existing
     * signature by one of the signers' keys is replaced rather than repeated.
     */
    public byte[] sign(Signer... signers) throws NoteException {
        if (!text.endsWith("\n")) {
            throw new NoteException(MALFORMED);
        }
        byte[] textBytes = GoStrings.toUtf8(text);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(textBytes);

        StringBuilder newSigs = new StringBuilder();
        record NameHash(String name, int hash) {}
        Set<NameHash> have = new HashSet<>();
        for (Signer s : signers) {
            String name = s.name();
            int hash = s.keyHash();
            have.add(new NameHash(name, hash));
            if (!NoteKeys.isValidName(name)) {
                throw new NoteException("invalid signer");
            }
            byte[] sig = s.sign(textBytes);
            byte[] withHash = new byte[4 + sig.length];
            withHash[0] = (byte) (hash >>> 24);
            withHash[1] = (byte) (hash >>> 16);
            withHash[2] = (byte) (hash >>> 8);
            withHash[3] = (byte) hash;
            System.arraycopy(sig, 0, withHash, 4, sig.length);
            newSigs.append("— ").append(name).append(' ').append(GoBase64.encode(withHash)).append('\n');
        }

        buf.write('\n');
        for (List<Signature> list : List.of(sigs, unverifiedSigs)) {
            for (Signature sig : list) {
                if (!NoteKeys.isValidName(sig.name())) {
                    throw new NoteException(MALFORMED);
                }
                if (have.contains(new NameHash(sig.name(), sig.keyHash()))) {
                    continue;
                }
                // The hash is also inside the base64; they must agree.
                byte[] raw;
                try {
                    raw = GoBase64.decode(sig.base64());
                } catch (IllegalArgumentException e) {
                    throw new NoteException(MALFORMED);
                }
                if (raw.length < 4
                        || ((raw[0] & 0xFF) << 24 | (raw[1] & 0xFF) << 16 | (raw[2] & 0xFF) << 8 | raw[3] & 0xFF)
                                != sig.keyHash()) {
                    throw new NoteException(MALFORMED);
                }
                buf.writeBytes(GoStrings.toUtf8("— " + sig.name() + " " + sig.base64() + "\n"));
            }
        }
        buf.writeBytes(GoStrings.toUtf8(newSigs.toString()));
        return buf.toByteArray();
    }

    private static int lastIndexOfBlankLine(byte[] b) {
        for (int i = b.length - 2; i >= 0; i--) {
            if (b[i] == '\n' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
    }
}
