package dev.cortado.cri.streaming.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The few DER (X.690) encodings a certificate and a key wrapper need, and a reader of one
 * tag-length-value at a time that fails closed on a length running past its input.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Der() {}

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return tlv(SEQUENCE, concat(parts));
    }

    static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    /** A context-specific constructed tag {@code [n]} around {@code content} (EXPLICIT tagging). */
    static byte[] explicit(int n, byte[] content) {
        return tlv(0xA0 | n, content);
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(OID, out.toByteArray());
    }

    static byte[] utf8(String text) {
        return tlv(0x0C, text.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime, for dates through 2049 (RFC 5280 4.1.2.5). */
    static byte[] utcTime(Instant when) {
        return tlv(0x17, UTC_TIME.format(when).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1]; // leading byte: no unused bits
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(BIT_STRING, content);
    }

    static byte[] octetString(byte[] bytes) {
        return tlv(OCTET_STRING, bytes);
    }

    static byte[] nullValue() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One decoded element: its tag and content. */
    record Element(int tag, byte[] content) {
        /** The elements inside a constructed element's content. */
        List<Element> children() {
            return read(content);
        }
    }

    /** Every element in {@code der}, in order; IllegalArgumentException on anything malformed. */
    static List<Element> read(byte[] der) {
        List<Element> out = new ArrayList<>();
        int pos = 0;
        while (pos < der.length) {
            if (der.length - pos < 2) {
                throw new IllegalArgumentException("truncated DER element at byte " + pos);
            }
            int tag = der[pos++] & 0xFF;
            int len = der[pos++] & 0xFF;
            if (len >= 0x80) {
                int octets = len & 0x7F;
                if (octets == 0 || octets > 3 || der.length - pos < octets) {
                    throw new IllegalArgumentException("bad DER length at byte " + pos);
                }
                len = 0;
                for (int i = 0; i < octets; i++) {
                    len = (len << 8) | (der[pos++] & 0xFF);
                }
            }
            if (len > der.length - pos) {
                throw new IllegalArgumentException("DER length " + len + " runs past the input at byte " + pos);
            }
            byte[] content = new byte[len];
            System.arraycopy(der, pos, content, 0, len);
            pos += len;
            out.add(new Element(tag, content));
        }
        return out;
    }
}
