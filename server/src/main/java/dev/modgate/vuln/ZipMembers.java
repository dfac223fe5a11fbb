package dev.modgate.vuln;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of a zip as its central directory lists them, read here rather than through java.util.zip because
 * that hides what must be refused: a second member of the same name (ZipFile answers one of them) and symbolic links
 * (the Unix mode in the external attributes). Zip64 archives are read too.
 */
final class ZipMembers {
    private ZipMembers() {}

    /** One central directory record. */
    record Member(String name, long size, boolean symlink) {}

    private static final int EOCD = 0x06054b50, ZIP64_LOCATOR = 0x07064b50, ZIP64_EOCD = 0x06064b50, CENTRAL = 0x02014b50;
    /** The central directory of 100,000 members with short names is a few MB. */
    private static final long MAX_DIRECTORY_BYTES = 64L << 20;

    static List<Member> read(Path zip, int maxMembers) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tailLen = (int) Math.min(size, 22 + 0xFFFF);
            ByteBuffer tail = readAt(ch, size - tailLen, tailLen);
            int eocd = -1;
            for (int i = tailLen - 22; i >= 0; i--) {
                if (tail.getInt(i) == EOCD) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) throw new VulnDbException(zip.getFileName() + " is not a zip file (no end of central directory)");
            long count = tail.getShort(eocd + 10) & 0xFFFF;
            long dirSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
            long dirOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
            if (count == 0xFFFF || dirSize == 0xFFFFFFFFL || dirOffset == 0xFFFFFFFFL) {
                long locatorAt = size - tailLen + eocd - 20;
                if (locatorAt < 0) throw bad(zip, "zip64 locator missing");
                ByteBuffer loc = readAt(ch, locatorAt, 20);
                if (loc.getInt(0) != ZIP64_LOCATOR) throw bad(zip, "zip64 locator missing");
                ByteBuffer z = readAt(ch, loc.getLong(8), 56);
                if (z.getInt(0) != ZIP64_EOCD) throw bad(zip, "zip64 end of central directory missing");
                count = z.getLong(32);
                dirSize = z.getLong(40);
                dirOffset = z.getLong(48);
            }
            if (count > maxMembers) throw new VulnDbException(zip.getFileName() + " has " + count + " members, more than the limit of " + maxMembers);
            if (dirSize > MAX_DIRECTORY_BYTES || dirOffset < 0 || dirOffset + dirSize > size) throw bad(zip, "central directory out of bounds");
            ByteBuffer dir = readAt(ch, dirOffset, (int) dirSize);
            List<Member> out = new ArrayList<>((int) count);
            int at = 0;
            for (long i = 0; i < count; i++) {
                if (at + 46 > dir.limit() || dir.getInt(at) != CENTRAL) throw bad(zip, "central directory record " + i + " is damaged");
                int madeBy = dir.getShort(at + 4) & 0xFFFF;
                long uncompressed = dir.getInt(at + 24) & 0xFFFFFFFFL;
                int nameLen = dir.getShort(at + 28) & 0xFFFF;
                int extraLen = dir.getShort(at + 30) & 0xFFFF;
                int commentLen = dir.getShort(at + 32) & 0xFFFF;
                long external = dir.getInt(at + 38) & 0xFFFFFFFFL;
                if (at + 46 + nameLen + extraLen + commentLen > dir.limit()) throw bad(zip, "central directory record " + i + " is damaged");
                byte[] name = new byte[nameLen];
                dir.get(at + 46, name);
                boolean unix = (madeBy >> 8) == 3;
                boolean symlink = unix && ((external >>> 16) & 0xF000) == 0xA000;
                out.add(new Member(new String(name, StandardCharsets.UTF_8), uncompressed, symlink));
                at += 46 + nameLen + extraLen + commentLen;
            }
            return out;
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new VulnDbException("zip file ends early");
        }
        return b.flip();
    }

    private static VulnDbException bad(Path zip, String what) {
        return new VulnDbException(zip.getFileName() + " is not a valid zip file: " + what);
    }
}
