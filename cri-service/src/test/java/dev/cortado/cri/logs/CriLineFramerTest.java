package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Records cut as containerd 1.6's logger cuts them ({@code pkg/cri/io/logger.go}). */
class CriLineFramerTest {
    private static final int MAX = FifoContainerIo.DEFAULT_MAX_LINE_BYTES;

    private static List<String> frame(int max, String... pieces) {
        List<String> out = new ArrayList<>();
        CriLineFramer framer = new CriLineFramer(max);
        CriLineFramer.Sink sink = (partial, content, offset, length) ->
                out.add((partial ? "P " : "F ") + new String(content, offset, length, StandardCharsets.ISO_8859_1));
        for (String p : pieces) {
            byte[] b = p.getBytes(StandardCharsets.ISO_8859_1);
            framer.feed(b, 0, b.length, sink);
        }
        framer.finish(sink);
        return out;
    }

    @Test
    void lines_endAtNewline_andCrLfLosesBoth() {
        assertThat(frame(MAX, "hello\nworld\r\n")).containsExactly("F hello", "F world");
    }

    @Test
    void emptyLines_areFullRecordsWithNoContent() {
        assertThat(frame(MAX, "\n\r\n\n")).containsExactly("F ", "F ", "F ");
    }

    @Test
    void loneCr_isContent_evenAtEof() {
        assertThat(frame(MAX, "a\rb\n", "c\r")).containsExactly("F a\rb", "P c\r");
        assertThat(frame(MAX, "a\r\rb\r\r\n")).containsExactly("F a\r\rb\r");
    }

    @Test
    void crLf_splitAcrossReads_isStillOneLineEnd() {
        assertThat(frame(MAX, "one\r", "\ntwo\r", "x\n")).containsExactly("F one", "F two\rx");
    }

    @Test
    void lastLineWithoutNewline_isPartialAtEof() {
        assertThat(frame(MAX, "done\nno newline")).containsExactly("F done", "P no newline");
        assertThat(frame(MAX, "done\n")).containsExactly("F done");
    }

    @Test
    void lineOfExactlyMax_isOneFullRecord() {
        String line = "x".repeat(MAX);
        assertThat(frame(MAX, line + "\n")).containsExactly("F " + line);
        assertThat(frame(MAX, line + "\r\n")).containsExactly("F " + line);
    }

    @Test
    void lineOfMaxPlusOne_isPartialOfMaxThenFullOfOne() {
        String line = "y".repeat(MAX) + "z";
        assertThat(frame(MAX, line + "\n")).containsExactly("P " + "y".repeat(MAX), "F z");
    }

    @Test
    void longLine_splitsIntoMaxSizedPartials_withNoEmptyTail() {
        assertThat(frame(4, "abcdefgh\n")).containsExactly("P abcd", "F efgh");
        assertThat(frame(4, "abcdefghi\n")).containsExactly("P abcd", "P efgh", "F i");
        assertThat(frame(4, "abcdefgh")).containsExactly("P abcd", "P efgh");
    }

    @Test
    void crAtTheSplitPoint_isContentOfTheNextChunk() {
        assertThat(frame(4, "abcd\rx\n")).containsExactly("P abcd", "F \rx");
        assertThat(frame(4, "abcd\r\n")).containsExactly("F abcd");
    }

    @Test
    void binaryBytes_passUnchanged() {
        String bytes = "\u0000\u0001\u00ff\u00fe\t\u001b[0m";
        assertThat(frame(MAX, bytes + "\n")).containsExactly("F " + bytes);
    }

    @Test
    void byteByByteFeeding_givesTheSameRecords() {
        String text = "a\r\n\nlong line here\rz\r\nend";
        String[] single = text.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
        assertThat(frame(5, single)).isEqualTo(frame(5, text));
    }

    @Test
    void randomTextInRandomReads_givesTheRecordsOfTheByteAtATimeRules() {
        Random random = new Random(42);
        byte[] alphabet = {'a', 'b', '\r', '\n'};
        for (int round = 0; round < 2000; round++) {
            int max = 1 + random.nextInt(6);
            byte[] text = new byte[random.nextInt(40)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            List<String> pieces = new ArrayList<>();
            for (int at = 0; at < text.length; ) {
                int n = Math.min(text.length - at, 1 + random.nextInt(8));
                pieces.add(new String(text, at, n, StandardCharsets.ISO_8859_1));
                at += n;
            }
            assertThat(frame(max, pieces.toArray(String[]::new)))
                    .as("max %d, reads %s", max, pieces)
                    .isEqualTo(byteAtATime(max, text));
        }
    }

    /** The rules spelled out one byte at a time, as logger.go reads them: the reference. */
    private static List<String> byteAtATime(int max, byte[] text) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean heldCr = false;
        for (byte b : text) {
            if (b == '\n') {
                out.add("F " + line);
                line.setLength(0);
                heldCr = false;
                continue;
            }
            if (heldCr) {
                heldCr = false;
                appendOne(out, line, '\r', max);
            }
            if (b == '\r') {
                heldCr = true;
            } else {
                appendOne(out, line, (char) b, max);
            }
        }
        if (heldCr) {
            appendOne(out, line, '\r', max);
        }
        if (line.length() > 0) {
            out.add("P " + line);
        }
        return out;
    }

    private static void appendOne(List<String> out, StringBuilder line, char c, int max) {
        if (line.length() == max) {
            out.add("P " + line);
            line.setLength(0);
        }
        line.append(c);
    }
}
