package dev.cortado.cri.streaming.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code -----BEGIN TYPE-----} blocks of a PEM file (RFC 7468), decoded; text between them is ignored. */
final class PemBlocks {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    /** One block: its type ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and its bytes. */
    record Block(String type, byte[] der) {}

    private PemBlocks() {}

    /**
     * Every block of {@code text}; IllegalArgumentException for a block with RFC 1421 headers
     * ({@code Proc-Type: 4,ENCRYPTED}: an encrypted key, which cortado cannot use unattended) or
     * bad base64.
     */
    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                throw new IllegalArgumentException("the " + m.group(1) + " block has PEM headers"
                        + " (an encrypted key?): give an unencrypted key");
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + m.group(1) + " block is not valid base64", e);
            }
        }
        return blocks;
    }
}
